"""Nobody approves their own work."""

import pytest

from anpr_governance.accounts.roles import Role
from anpr_governance.assessments import selectors as assessment_selectors
from anpr_governance.assessments import services as assessments
from anpr_governance.consultations import services as consultations
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, REVIEW_PRIVACY_PARTS, Actors, Texts, advance
from anpr_governance.reviews import services as reviews
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.services import site_assign_officer, site_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_manager(make_user):
    """One person holding both roles: the rules, not the role list, must stop self-approval."""
    return make_user("both", Role.GOVERNANCE_OFFICER, Role.APPROVING_MANAGER)


@pytest.fixture
def own_site(make_site, officer_manager, manager):
    site = make_site("assessment")
    site_assign_officer(actor=manager, site=site, officer=officer_manager)
    return site


def test_an_officer_who_is_also_a_manager_cannot_approve_their_own_assessment(own_site, officer_manager):
    current = assessments.assessment_create(actor=officer_manager, site=own_site)
    assessments.assessment_update(
        actor=officer_manager, assessment=current, national_security_claimed=True,
        pressing_need_evidence="Figures.", alternatives_considered="Patrols.", measures_of_success="Use.",
        conclusion="Justified.",
    )
    assessments.assessment_submit(actor=officer_manager, assessment=current)
    with pytest.raises(NotPermitted, match="because you submitted it"):
        assessments.assessment_approve(actor=officer_manager, assessment=current)
    current.refresh_from_db()
    assert current.status == "submitted"


def test_the_person_who_submitted_a_site_cannot_approve_its_deployment(make_site, officer_manager, manager, dpo):
    site = make_site("proposed")
    site_assign_officer(actor=manager, site=site, officer=officer_manager)
    advance(site, Status.AWAITING_APPROVAL, Actors(officer=officer_manager, manager=manager, dpo=dpo))
    assert site.submitted_by == officer_manager
    with pytest.raises(NotPermitted) as refused:
        site_transition(actor=officer_manager, site=site, to=Status.APPROVED)
    assert str(refused.value) == (
        f"You cannot move {site.reference} to approved because you submitted it for approval; "
        "another person must do it."
    )
    site_transition(actor=manager, site=site, to=Status.APPROVED)
    site.refresh_from_db()
    assert site.status == Status.APPROVED and site.approved_by == manager


def test_nobody_decides_their_own_exemption_request(make_site, officer_manager, manager):
    site = make_site("proposed")
    site_assign_officer(actor=manager, site=site, officer=officer_manager)
    exemption = consultations.exemption_request(
        ground="covert_or_temporary", actor=officer_manager, site=site,
        reason="Consulting would alert the organised crime group using this route to the deployment.",
    )
    with pytest.raises(NotPermitted, match="because you requested it"):
        consultations.exemption_decide(actor=officer_manager, exemption=exemption, approve=True)


def test_nobody_approves_their_own_review(make_site, officer_manager, manager):
    site = make_site("under_review")
    site_assign_officer(actor=manager, site=site, officer=officer_manager)
    review = site.reviews.get()
    reviews.review_update(
        actor=officer_manager, review=review, **REVIEW_PRIVACY_PARTS, evidence="Figures.",
        policing_challenge_continues=True, outcome="continue",
    )
    reviews.review_submit(actor=officer_manager, review=review)
    with pytest.raises(NotPermitted, match="because you submitted it"):
        reviews.review_approve(actor=officer_manager, review=review)


def draft_dpia(site, author):
    """A complete DPIA drafted by `author` (not yet submitted)."""
    texts = Texts()
    dpia = assessments.dpia_create(actor=author, site=site)
    assessments.dpia_update(
        actor=author, dpia=dpia, screening_criteria=["public_monitoring", "data_matching", "tracking"],
        processing_description=texts.processing, purposes=texts.purposes,
        necessity_and_proportionality=texts.necessity, **DPIA_SECTIONS,
    )
    for risk in texts.risks:
        assessments.risk_add(actor=author, dpia=dpia, **risk)
    return dpia


def test_the_dpo_cannot_advise_on_a_submitted_dpia_they_prepared(make_user, make_site, manager, dpo):
    # The DPIA is submitted, so only the separation of duties can refuse (not "not yet submitted").
    both = make_user("dpo-officer", Role.GOVERNANCE_OFFICER, Role.DATA_PROTECTION_OFFICER)
    site = make_site("privacy_review")
    site_assign_officer(actor=manager, site=site, officer=both)
    dpia = assessments.dpia_submit(actor=both, dpia=draft_dpia(site, both))
    with pytest.raises(NotPermitted, match="advise on this DPIA because you prepared it"):
        assessments.dpia_record_dpo_advice(actor=both, dpia=dpia, summary="Fine.")
    dpia.refresh_from_db()
    assert dpia.dpo_advised_by is None and dpia.dpo_advice_summary == ""
    assessments.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Proceed.")  # another DPO may
    dpia.refresh_from_db()
    assert dpia.dpo_advised_by == dpo


def test_a_manager_cannot_decide_on_an_assessment_they_prepared_though_another_submitted_it(
        own_site, officer_manager, another_officer, manager, another_manager):
    current = assessments.assessment_create(actor=officer_manager, site=own_site)
    assessments.assessment_update(
        actor=officer_manager, assessment=current, national_security_claimed=True,
        pressing_need_evidence="Figures.", alternatives_considered="Patrols.", measures_of_success="Use.",
        conclusion="Justified.",
    )
    site_assign_officer(actor=manager, site=own_site, officer=another_officer)
    assessments.assessment_submit(actor=another_officer, assessment=current)
    for decide in (assessments.assessment_approve, assessments.assessment_return):
        with pytest.raises(NotPermitted, match="decide on .* because you prepared it"):
            decide(actor=officer_manager, assessment=current, comment="Looks fine to me.")
    current.refresh_from_db()
    assert current.status == "submitted" and current.decided_by is None
    assessments.assessment_approve(actor=another_manager, assessment=current)
    current.refresh_from_db()
    assert current.status == "approved"


def test_a_manager_cannot_take_a_step_7_decision_on_a_dpia_they_prepared_though_another_submitted_it(
        make_site, officer_manager, another_officer, manager, dpo):
    site = make_site("privacy_review")
    site_assign_officer(actor=manager, site=site, officer=officer_manager)
    dpia = draft_dpia(site, officer_manager)
    site_assign_officer(actor=manager, site=site, officer=another_officer)
    dpia = assessments.dpia_submit(actor=another_officer, dpia=dpia)
    assessments.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Proceed.")
    risks = {r.pk: True for r in assessment_selectors.active_risks(dpia)}
    with pytest.raises(NotPermitted, match="because you prepared it"):
        assessments.dpia_decide_measures(actor=officer_manager, dpia=dpia, approved=risks)
    with pytest.raises(NotPermitted, match="because you prepared it"):
        assessments.dpia_decide_dpo_advice(actor=officer_manager, dpia=dpia, accepted=True)
    dpia.refresh_from_db()
    assert dpia.measures_approved_by is None and dpia.dpo_advice_decided_by is None
    assessments.dpia_decide_measures(actor=manager, dpia=dpia, approved=risks)
    dpia.refresh_from_db()
    assert dpia.measures_approved_by == manager
