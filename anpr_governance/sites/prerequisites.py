"""Prerequisites named in the lifecycle table. Each returns None when it holds, or a
sentence saying what is missing and what to do."""

from anpr_governance.assessments import selectors as assessment_selectors
from anpr_governance.consultations import selectors as consultation_selectors
from anpr_governance.reviews import selectors as review_selectors


def assessment_approved(site):
    if assessment_selectors.approved_assessment(site) is None:
        return f"{site.reference} has no approved in-depth assessment: submit one and have it approved."


def dpia_approved(site):
    if assessment_selectors.approved_dpia(site) is None:
        return f"{site.reference} has no approved privacy impact assessment: submit one and have it approved."


def consulted_or_exempt(site):
    if not consultation_selectors.consultation_requirement_met(site):
        return (
            f"{site.reference} has neither a closed consultation with its outcome recorded nor an "
            "approved exemption from consultation."
        )


def has_active_camera(site):
    if not site.cameras.filter(removed_on__isnull=True).exists():
        return f"{site.reference} has no installed camera: record its cameras before it goes live."


def dpia_covers_cameras(site):
    dpia = assessment_selectors.approved_dpia(site)
    if dpia is not None and sorted(dpia.cameras_at_approval) != assessment_selectors.active_camera_ids(site):
        return (
            f"The cameras at {site.reference} have changed since its DPIA was approved (a material "
            "change): a new DPIA must be approved first."
        )


def review_open(site):
    if review_selectors.open_review(site) is None:
        return f"{site.reference} has no scheduled review to start."


def review_approved_to_continue(site):
    review = review_selectors.latest_approved_review(site)
    if review is None or review.outcome == review.Outcome.DECOMMISSION:
        return f"The review of {site.reference} has not been approved with an outcome to continue."


def decommissioning_decided(site):
    review = review_selectors.latest_approved_review(site)
    if review is not None and review.outcome == review.Outcome.DECOMMISSION:
        return None
    if review_selectors.confirmed_flag_decisions(site).exists():
        return None
    return (
        f"The review of {site.reference} has not been approved with an outcome to decommission, and no "
        "decommissioning flag has been confirmed."
    )


def decommission_checklist_complete(site):
    checklist = review_selectors.decommission_checklist(site)
    missing = checklist.missing_items() if checklist else ["every item"]
    if missing:
        return (
            f"The decommissioning checklist for {site.reference} is not complete: record the date and "
            f"evidence for {', '.join(missing)}."
        )


CHECKS = {
    name: fn
    for name, fn in globals().items()
    if callable(fn) and not name.startswith("_") and getattr(fn, "__module__", None) == __name__
}
