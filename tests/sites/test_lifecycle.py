"""The lifecycle table: every allowed move, a sample of refused ones, and what a refusal says."""

import pytest

from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import PATH, review_site
from anpr_governance.reviews import services as review_services
from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import TRANSITIONS, Status, transition_for
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import site_transition

pytestmark = pytest.mark.django_db


def test_the_table_names_every_status_and_a_way_out_of_every_non_final_one():
    sources = {t.source for t in TRANSITIONS}
    targets = {t.target for t in TRANSITIONS}
    assert sources | targets == set(Status)
    assert set(Status) - sources == {Status.DECOMMISSIONED}


@pytest.mark.parametrize("status", PATH)
def test_a_site_can_be_walked_to_every_status_through_the_services(make_site, status):
    site = make_site(status)
    assert Site.objects.get(pk=site.pk).status == status


def test_each_move_is_recorded_in_history_with_who_and_why(make_site, officer, manager):
    site = make_site("live")
    moves = [
        (h.status, h.history_user.username, h.history_change_reason)
        for h in site.history.order_by("history_date", "history_id")
        if h.prev_record is None or h.prev_record.status != h.status
    ]
    assert moves == [
        ("proposed", "manager", "site.proposed"),
        ("assessment", "officer", "site.assessment_started"),
        ("privacy_review", "officer", "site.privacy_review_started"),
        ("consultation", "officer", "site.consultation_started"),
        ("awaiting_approval", "officer", "site.submitted_for_approval"),
        ("approved", "manager", "site.approved"),
        ("live", "manager", "site.went_live"),
    ]


def test_going_live_sets_the_first_review_date_from_the_interval(make_site):
    site = make_site("live")
    approved_on = site.approved_at.date()
    assert site.next_review_due.year == approved_on.year + 1


def test_a_review_that_continues_returns_the_site_to_live_with_a_new_review_date(make_site, actors):
    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.CONTINUE)
    site.refresh_from_db()
    assert site.status == Status.LIVE
    assert site.next_review_due is not None


def test_a_return_from_awaiting_approval_goes_back_to_consultation_with_the_comment(make_site, manager):
    site = make_site("awaiting_approval")
    site_transition(actor=manager, site=site, to=Status.CONSULTATION, comment="Add the residents' association.")
    site.refresh_from_db()
    assert site.status == Status.CONSULTATION
    assert site.history.first().history_change_reason == "site.returned: Add the residents' association."


def test_an_urgent_cessation_outside_a_review_needs_a_reason(make_site, manager):
    site = make_site("live")
    with pytest.raises(DomainError, match="a comment is required"):
        site_transition(actor=manager, site=site, to=Status.COLLECTION_CEASED)
    site_transition(actor=manager, site=site, to=Status.COLLECTION_CEASED, comment="Direction from the DPO.")
    assert Site.objects.get(pk=site.pk).status == Status.COLLECTION_CEASED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("proposed", "approved"),
        ("proposed", "live"),
        ("assessment", "consultation"),
        ("approved", "consultation"),
        ("live", "proposed"),
        ("collection_ceased", "live"),
        ("decommissioned", "live"),
    ],
)
def test_it_refuses_a_move_that_is_not_in_the_table_and_says_where_the_site_can_go(make_site, manager, start, target):
    site = make_site(start)
    assert transition_for(start, target) is None
    with pytest.raises(DomainError, match=f"{site.reference} is .*; it cannot move to"):
        site_transition(actor=manager, site=site, to=target)
    assert Site.objects.get(pk=site.pk).status == start


def test_it_refuses_approval_without_an_approved_assessment_and_names_what_is_missing(make_site, officer, manager):
    site = make_site("assessment")
    with pytest.raises(DomainError, match="has no approved in-depth assessment"):
        site_transition(actor=officer, site=site, to=Status.PRIVACY_REVIEW)


def test_it_refuses_to_go_live_without_a_camera(make_site, manager):
    site = make_site("approved")
    for camera in site.cameras.all():
        camera.removed_on = camera.installed_on or camera.site.created_at.date()
        camera.save()
    with pytest.raises(DomainError, match="has no installed camera"):
        site_transition(actor=manager, site=site, to=Status.LIVE)


def test_a_material_change_to_cameras_blocks_going_live_until_a_new_dpia(make_site, manager):
    from anpr_governance.sites.services import camera_add

    site = make_site("approved")
    camera_add(actor=manager, site=site, identifier=f"{site.reference}-C9", lane=1)
    with pytest.raises(DomainError, match="material change"):
        site_transition(actor=manager, site=site, to=Status.LIVE)


def test_it_refuses_decommissioning_until_the_checklist_is_complete(make_site, manager):
    site = make_site("collection_ceased")
    with pytest.raises(DomainError, match="checklist .* is not complete"):
        site_transition(actor=manager, site=site, to=Status.DECOMMISSIONED)


def test_the_wrong_role_is_refused_in_words(make_site, auditor, officer):
    site = make_site("awaiting_approval")
    with pytest.raises(NotPermitted, match="Only an approving manager may move STS-001 to approved"):
        site_transition(actor=auditor, site=site, to=Status.APPROVED)
    with pytest.raises(NotPermitted):
        site_transition(actor=officer, site=site, to=Status.APPROVED)


def test_review_outcome_decommission_ceases_collection_at_once(make_site, actors):
    site = make_site("under_review")
    review = review_site(site, actors, outcome=Review.Outcome.DECOMMISSION)
    site.refresh_from_db()
    assert site.status == Status.COLLECTION_CEASED
    assert review.state == Review.State.APPROVED


def test_a_review_without_privacy_consideration_cannot_be_submitted(make_site, officer):
    site = make_site("under_review")
    review = site.reviews.get()
    review_services.review_update(actor=officer, review=review, evidence="Figures.", outcome="continue",
                                  policing_challenge_continues=True)
    with pytest.raises(DomainError, match="Describe any change in intrusion"):
        review_services.review_submit(actor=officer, review=review)


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("live", "proposed", "STS-001 is live; it cannot move to proposed. "
                             "From live it can move to under review, collection ceased."),
        ("decommissioned", "live", "STS-001 is decommissioned; it cannot move to live. "
                                   "From decommissioned it can move to nowhere: it is final."),
    ],
)
def test_a_refused_move_names_every_move_the_table_allows_from_there(make_site, manager, start, target, message):
    site = make_site(start)
    with pytest.raises(DomainError) as refused:
        site_transition(actor=manager, site=site, to=target)
    assert str(refused.value) == message


def test_an_officer_not_assigned_to_the_site_is_refused_the_move_in_words(make_site, another_officer):
    site = make_site("proposed")
    with pytest.raises(NotPermitted) as refused:
        site_transition(actor=another_officer, site=site, to=Status.ASSESSMENT)
    assert str(refused.value) == (
        "Only the governance officer assigned to STS-001 may move STS-001 to in-depth assessment."
    )
    assert Site.objects.get(pk=site.pk).status == Status.PROPOSED


def test_a_move_missing_several_prerequisites_names_each_of_them(make_site, officer):
    site = make_site("consultation")
    with pytest.raises(DomainError) as refused:
        site_transition(actor=officer, site=site, to=Status.AWAITING_APPROVAL)
    assert str(refused.value) == (
        "STS-001 has no approved privacy impact assessment: submit one and have it approved. "
        "STS-001 has neither a closed consultation with its outcome recorded nor an approved exemption "
        "from consultation."
    )
    assert Site.objects.get(pk=site.pk).status == Status.CONSULTATION
