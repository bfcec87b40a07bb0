"""Exemptions that are examined: a ground from a list plus reasoning; an approved exemption
lasts until the site's next review at most (ANPR_EXEMPTION_MONTHS), lapses at a material
change, and a lapsed one raises the flag `exemption_lapsed` and stops a "continue"."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from anpr_governance.consultations import selectors, services
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import REVIEW_PRIVACY_PARTS, Texts, review_site
from anpr_governance.reviews.flags import flags_for
from anpr_governance.reviews.models import Review
from anpr_governance.sites import services as sites
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db
REASON = "Consulting would reveal a covert deployment against an active organised crime group."


def on(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))), tick=False)


@pytest.fixture
def exempt_live(make_site, area, actors):
    """A live site that went through with an approved exemption instead of a consultation."""
    from anpr_governance.demo.walkthrough import advance

    site = make_site("privacy_review")
    return advance(site, "live", actors, Texts(use_exemption=True))


def test_an_exemption_names_its_ground_from_the_list(make_site, officer):
    site = make_site("consultation")
    with pytest.raises(DomainError, match="Choose the ground"):
        services.exemption_request(actor=officer, site=site, ground="it_is_inconvenient", reason=REASON)
    exemption = services.exemption_request(actor=officer, site=site, ground="covert_or_temporary", reason=REASON)
    assert exemption.get_ground_display() == "Consulting would reveal a covert or temporary deployment"


def test_an_exemption_expires_at_the_next_review_at_most(exempt_live, settings):
    """Reproduces the defect: an exemption satisfied the requirement forever."""
    exemption = selectors.approved_exemption(exempt_live)
    decided = timezone.localdate(exemption.decided_at)
    assert exemption.valid_until == min(decided + relativedelta(months=settings.ANPR_EXEMPTION_MONTHS),
                                        exempt_live.next_review_due)
    with on(exemption.valid_until):
        assert selectors.consultation_requirement_met(exempt_live)
    with on(exemption.valid_until + datetime.timedelta(days=1)):
        assert not selectors.consultation_requirement_met(exempt_live)
        assert selectors.approved_exemption(exempt_live) is None
        assert "exemption_lapsed" in [f.rule for f in flags_for(Site.objects.get(pk=exempt_live.pk))]


def test_an_exemption_lapses_at_a_material_change_and_stops_a_continue(exempt_live, actors, manager):
    sites.camera_add(actor=manager, site=exempt_live, identifier=f"{exempt_live.reference}-C9", lane=1)
    assert not selectors.consultation_requirement_met(exempt_live)
    flag = next(f for f in flags_for(Site.objects.get(pk=exempt_live.pk)) if f.rule == "exemption_lapsed")
    assert "cameras have changed" in flag.reason
    with pytest.raises(DomainError, match="exemption from consultation"):
        review_site(exempt_live, actors, outcome=Review.Outcome.CONTINUE)


@pytest.mark.parametrize("change", ["camera_moved", "location_type_changed"])
def test_an_exemption_lapses_when_a_camera_moves_or_the_location_type_changes(exempt_live, manager, change):
    """Reproduces the gap: only a change in the set of cameras lapsed an exemption; a move or a
    new location type (issue 10's material changes) left it holding."""
    if change == "camera_moved":
        camera = exempt_live.cameras.order_by("identifier").first()
        sites.camera_move(actor=manager, camera=camera, location_description="Northbound verge, 40 m on",
                          moved_on=timezone.localdate(), reason="Road layout changed.")
    else:
        from anpr_governance.sites.models import MaterialChange

        MaterialChange.objects.create(site=exempt_live, kind=MaterialChange.Kind.LOCATION_TYPE_CHANGED,
                                      summary="location type now a private place", effective_on=timezone.localdate())
    assert not selectors.consultation_requirement_met(exempt_live)
    assert selectors.approved_exemption(exempt_live) is None
    flag = next(f for f in flags_for(Site.objects.get(pk=exempt_live.pk)) if f.rule == "exemption_lapsed")
    assert "material change" in flag.reason


def test_each_review_asks_whether_the_exemption_still_holds_and_no_ends_it(exempt_live, actors, client):
    from anpr_governance.reviews import services as reviews

    review = reviews.review_schedule(actor=actors.manager, site=exempt_live, due_on=exempt_live.next_review_due)
    review = reviews.review_start(actor=actors.officer, review=review)
    client.force_login(actors.officer)
    assert "Does the exemption from consultation still hold?" in client.get(
        f"/sites/{exempt_live.reference}/reviews/{review.pk}/").content.decode()
    reviews.review_update(actor=actors.officer, review=review, **REVIEW_PRIVACY_PARTS,
                          evidence="Met.", policing_challenge_continues=True, outcome=Review.Outcome.CONTINUE)
    with pytest.raises(DomainError, match="Say whether the exemption from consultation still holds"):
        reviews.review_submit(actor=actors.officer, review=review)
    review = reviews.review_update(actor=actors.officer, review=review, exemption_still_holds=False)
    exemption = selectors.approved_exemption(exempt_live)
    reviews.review_approve(actor=actors.manager, review=reviews.review_submit(actor=actors.officer, review=review))
    assert selectors.approved_exemption(exempt_live) is None
    ended = exemption.history.order_by("history_date").last()
    assert (ended.history_change_reason, ended.history_user) == (
        f"consultation.exemption_ended: the review due {review.due_on:%-d %B %Y} found it no longer holds",
        actors.manager)
    assert not selectors.consultation_requirement_met(exempt_live)
    assert "exemption_lapsed" in [f.rule for f in flags_for(Site.objects.get(pk=exempt_live.pk))]


def test_a_review_that_finds_the_exemption_still_holds_keeps_it(exempt_live, actors):
    exemption = selectors.approved_exemption(exempt_live)
    review = review_site(exempt_live, actors)  # answers "yes, it still holds"
    assert review.exemption_still_holds is True and review.state == Review.State.APPROVED
    assert selectors.approved_exemption(exempt_live) == exemption
    exemption.refresh_from_db()
    assert exemption.ended_on is None
