"""Reads of reviews and decommissioning."""

from .models import DecommissionChecklist, Review

OPEN_STATES = (Review.State.SCHEDULED, Review.State.IN_PROGRESS, Review.State.SUBMITTED, Review.State.RETURNED)


def open_review(site) -> Review | None:
    return site.reviews.filter(state__in=OPEN_STATES).order_by("due_on").first()


def latest_approved_review(site) -> Review | None:
    return site.reviews.filter(state=Review.State.APPROVED).order_by("-decided_at", "-id").first()


def decommission_checklist(site) -> DecommissionChecklist | None:
    return DecommissionChecklist.objects.filter(site=site).first()
