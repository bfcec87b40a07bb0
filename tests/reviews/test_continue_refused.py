"""A "continue" outcome cannot be approved while the assessment or DPIA has expired or a
material change is unresolved: the refusal names which, and nothing changes."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import review_site
from anpr_governance.reviews.models import Review
from anpr_governance.sites import services as sites

pytestmark = pytest.mark.django_db


def on(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))), tick=False)


def test_continue_is_refused_with_an_expired_dpia_and_assessment(make_site, actors):
    """Reproduces the defect: the review was approved to continue with expired documents."""
    site = make_site("under_review")
    dpia = site.dpias.get(status="approved")
    with on(timezone.localdate(dpia.decided_at) + relativedelta(years=3, days=1)):
        with pytest.raises(DomainError) as refused:
            review_site(site, actors, outcome=Review.Outcome.CONTINUE)
        message = refused.value.message
        assert "privacy impact assessment (version 1)" in message and "in-depth assessment (version 1)" in message
        approved_on = timezone.localdate(dpia.decided_at)
        ended_on = approved_on + relativedelta(years=3)
        validity = (f"was approved on {approved_on.day} {approved_on:%B %Y}; its 3 years validity ended on "
                    f"{ended_on.day} {ended_on:%B %Y}. A new version must be approved.")
        assert message == (
            f"{site.reference} cannot be approved to continue while: The in-depth assessment (version 1) {validity} "
            f"The privacy impact assessment (version 1) {validity} The assigned governance officer prepares the new "
            "version and an approving manager approves it; or return the review."
        )
    review = site.reviews.get(state=Review.State.SUBMITTED)
    site.refresh_from_db()
    assert site.status == "under_review" and review.decided_by is None


def test_continue_is_refused_while_a_material_change_is_unresolved(make_site, actors, manager):
    site = make_site("under_review")
    sites.camera_add(actor=manager, site=site, identifier=f"{site.reference}-C9", lane=1)
    with pytest.raises(DomainError, match="Cameras have changed since the privacy impact assessment"):
        review_site(site, actors, outcome=Review.Outcome.CONTINUE)


def test_continue_is_approved_when_everything_is_in_date(make_site, actors):
    site = make_site("under_review")
    review = review_site(site, actors, outcome=Review.Outcome.CONTINUE)
    site.refresh_from_db()
    assert review.state == Review.State.APPROVED and site.status == "live"
