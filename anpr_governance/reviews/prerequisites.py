"""The lifecycle prerequisites about reviews and decommissioning (see sites.prerequisites)."""

from anpr_governance.sites.prerequisites import prerequisite

from . import selectors


@prerequisite("review_open")
def review_open(site):
    if selectors.open_review(site) is None:
        return f"{site.reference} has no scheduled review to start."


@prerequisite("review_approved_to_continue")
def review_approved_to_continue(site):
    review = selectors.latest_approved_review(site)
    if review is None or review.outcome == review.Outcome.DECOMMISSION:
        return f"The review of {site.reference} has not been approved with an outcome to continue."


@prerequisite("decommissioning_decided")
def decommissioning_decided(site):
    review = selectors.latest_approved_review(site)
    if review is not None and review.outcome == review.Outcome.DECOMMISSION:
        return None
    if selectors.confirmed_flag_decisions(site).exists():
        return None
    return (
        f"The review of {site.reference} has not been approved with an outcome to decommission, and no "
        "decommissioning flag has been confirmed."
    )


@prerequisite("decommission_checklist_complete")
def decommission_checklist_complete(site):
    checklist = selectors.decommission_checklist(site)
    missing = checklist.missing_items() if checklist else ["every item"]
    if missing:
        return (
            f"The decommissioning checklist for {site.reference} is not complete: record the date and "
            f"evidence for {', '.join(missing)}."
        )
