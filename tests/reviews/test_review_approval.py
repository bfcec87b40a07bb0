"""Approving a review: only an approving manager does it, and the review and its site keep the
approval in their history, by that manager (mutation testing of reviews.services.review_approve)."""

import pytest

from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import review_site
from anpr_governance.reviews import services
from anpr_governance.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_only_an_approving_manager_approves_a_review_and_the_refusal_says_so(make_site, actors, officer):
    site = make_site("under_review")
    review = review_site(site, actors, approve=False)
    with pytest.raises(DomainError) as refusal:
        services.review_approve(actor=officer, review=review)
    assert refusal.value.message == "Only an approving manager may approve this review."
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED and review.decided_by is None


def test_an_approved_review_and_its_site_keep_the_approval_in_their_history_by_the_manager(make_site, actors,
                                                                                          manager):
    site = make_site("under_review")
    review = review_site(site, actors)
    assert review.decision_comment == ""  # none was given
    latest = review.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("review.approved", manager)
    site.refresh_from_db()
    latest = site.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("review.next_review_scheduled", manager)


def test_a_decommissioning_review_approved_ceases_collection_by_the_manager(make_site, actors, manager):
    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.DECOMMISSION)
    site.refresh_from_db()
    assert site.status == "collection_ceased"
    assert site.history.order_by("history_date").last().history_user == manager
