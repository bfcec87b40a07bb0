"""Writes for site reviews, decisions on decommissioning flags and the decommissioning checklist.

The daily sweep (opening reviews, reminders, overdue reviews) is in `sweep.py`; notices
and their e-mail in `notices.py`."""

import datetime

from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import (
    require_not_same_person,
    require_permission,
    require_role,
    require_site_assignment,
)
from anpr_governance.accounts.roles import MANAGER, OFFICER, Role
from anpr_governance.consultations import selectors as consultation_selectors
from anpr_governance.consultations import services as consultation_services
from anpr_governance.core.concurrency import require_version
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import next_review_date, site_transition

from . import flags as flag_rules
from . import selectors
from .models import PRIVACY_PARTS, PRIVACY_REQUIRED, DecommissionChecklist, FlagDecision, Review

# Flags that stop a review being approved with a "continue" outcome (even if overruled):
# the site cannot carry on on expired or outdated documents.
CONTINUE_BLOCKERS = frozenset({"assessment_expired", "dpia_expired", "material_change", "exemption_lapsed"})

REVIEW_FIELDS = frozenset([*PRIVACY_PARTS, "evidence", "policing_challenge_continues", "outcome",
                           "exemption_still_holds"])
# What a submitted review must say about each part of the privacy consideration.
PRIVACY_MISSING = {
    "privacy_intrusion_change": "Describe any change in intrusion (or say there is none).",
    "privacy_risks_change": "Describe new or changed risks to privacy (or say there are none).",
    "privacy_complaints": "Describe the complaints received since the last review (or say there were none).",
    "privacy_measures": "Describe the measures that protect privacy, and any change to them.",
}


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("site").get(pk=review.pk)


def _require_reviewer(actor, review: Review, doing: str):
    require_role(actor, OFFICER, doing=doing)
    require_site_assignment(actor, review.site, doing=doing)


@transaction.atomic
def review_schedule(*, actor, site, due_on: datetime.date) -> Review:
    require_role(actor, MANAGER, doing="schedule a review")
    if site.status != Status.LIVE:
        raise DomainError(f"{site.reference} is {Status(site.status).label.lower()}: only live sites are reviewed.")
    if selectors.open_review(site) is not None:
        raise DomainError(f"{site.reference} already has a review open.")
    review = Review(site=site, due_on=due_on, reviewer=site.governance_officer)
    return save_with_history(review, actor=actor, reason="review.scheduled")


@transaction.atomic
def review_start(*, actor, review: Review) -> Review:
    review = _locked(review)
    _require_reviewer(actor, review, "start this review")
    if review.state != Review.State.SCHEDULED:
        raise DomainError(f"This review is {review.get_state_display().lower()}: it has already been started.")
    site_transition(actor=actor, site=review.site, to=Status.UNDER_REVIEW)
    review.state, review.reviewer = Review.State.IN_PROGRESS, actor
    return save_with_history(review, actor=actor, reason="review.started")


@transaction.atomic
def review_update(*, actor, review: Review, expected_version: int | None = None, **fields) -> Review:
    review = _locked(review)
    _require_reviewer(actor, review, "edit this review")
    require_version(review, expected_version, what=f"the review of {review.site.reference}")
    if review.state not in (Review.State.IN_PROGRESS, Review.State.RETURNED):
        raise DomainError(f"This review is {review.get_state_display().lower()}: it cannot be edited.")
    unknown = set(fields) - REVIEW_FIELDS
    if unknown:
        raise DomainError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(review, name, value)
    return save_with_history(review, actor=actor, reason="review.edited")


def review_problems(review: Review) -> dict[str, str]:
    problems = {}
    for part in PRIVACY_REQUIRED:  # every review considers the impact on privacy, part by part
        if not getattr(review, part).strip():
            problems[part] = PRIVACY_MISSING[part]
    if not review.evidence.strip():
        problems["evidence"] = "Give the evidence checked against the measures of success."
    if review.policing_challenge_continues is None:
        problems["policing_challenge_continues"] = "Say whether the site still has a policing challenge."
    if consultation_selectors.approved_exemption(review.site) is not None and review.exemption_still_holds is None:
        problems["exemption_still_holds"] = "Say whether the exemption from consultation still holds."
    if not review.outcome:
        problems["outcome"] = "Choose the outcome: continue, modify or decommission."
    elif review.policing_challenge_continues is False and review.outcome != Review.Outcome.DECOMMISSION:
        problems["outcome"] = "With no continuing policing challenge the outcome must be to decommission."
    return problems


@transaction.atomic
def review_submit(*, actor, review: Review) -> Review:
    review = _locked(review)
    _require_reviewer(actor, review, "submit this review")
    if review.state not in (Review.State.IN_PROGRESS, Review.State.RETURNED):
        raise DomainError(f"This review is {review.get_state_display().lower()}: it cannot be submitted.")
    problems = review_problems(review)
    if problems:
        raise DomainError("The review cannot be submitted yet: " + " ".join(problems.values()),
                          field_errors={k: [v] for k, v in problems.items()})
    review.state, review.submitted_by, review.submitted_at = Review.State.SUBMITTED, actor, timezone.now()
    return save_with_history(review, actor=actor, reason="review.submitted")


@transaction.atomic
def review_save(*, actor, review: Review, expected_version: int | None = None, fields: dict,
                submit: bool = False) -> Review:
    """What the review form does, all or nothing: save the fields (refusing a stale form), submit if asked."""
    review = review_update(actor=actor, review=review, expected_version=expected_version, **fields)
    if submit:
        review = review_submit(actor=actor, review=review)
    return review


def _decide(actor, review: Review, doing: str) -> Review:
    review = _locked(review)
    require_role(actor, MANAGER, doing=doing)
    require_permission(actor, "reviews.approve_review", doing=doing)
    require_not_same_person(actor, review.submitted_by, doing=doing, their="submitted it")
    if review.state != Review.State.SUBMITTED:
        raise DomainError(
            f"This review is {review.get_state_display().lower()}: only a submitted review can be decided."
        )
    return review


@transaction.atomic
def review_approve(*, actor, review: Review, comment: str = "") -> Review:
    """Approve the review and apply its outcome: the site goes live again with its next
    review date, or collection ceases at once."""
    review = _decide(actor, review, "approve this review")
    if review.outcome == Review.Outcome.CONTINUE:
        blocking = [f.reason for f in flag_rules.raised_flags(review.site) if f.rule in CONTINUE_BLOCKERS]
        if blocking:
            raise DomainError(
                f"{review.site.reference} cannot be approved to continue while: " + " ".join(blocking)
                + " The assigned governance officer prepares the new version and an approving manager approves "
                "it; or return the review."
            )
    today = timezone.localdate()
    review.state, review.decided_by, review.decided_at = Review.State.APPROVED, actor, timezone.now()
    review.decision_comment, review.completed_on = comment.strip(), today
    save_with_history(review, actor=actor, reason="review.approved")
    exemption = consultation_selectors.approved_exemption(review.site)
    if review.exemption_still_holds is False and exemption is not None:
        consultation_services.exemption_end(actor=actor, exemption=exemption,
                                            reason=f"the review due {review.due_on:%-d %B %Y} found it no longer holds")
    if review.outcome == Review.Outcome.DECOMMISSION:
        site_transition(actor=actor, site=review.site, to=Status.COLLECTION_CEASED)
    else:
        site = site_transition(actor=actor, site=review.site, to=Status.LIVE)
        site.next_review_due = next_review_date(site, after=today)
        save_with_history(site, actor=actor, reason="review.next_review_scheduled")
    return review


@transaction.atomic
def review_return(*, actor, review: Review, comment: str) -> Review:
    review = _decide(actor, review, "return this review")
    if not comment.strip():
        raise DomainError("Say what must change: a comment is required to return it.",
                          field_errors={"comment": ["Enter what must change."]})
    review.state, review.decided_by, review.decided_at = Review.State.RETURNED, actor, timezone.now()
    review.decision_comment = comment.strip()
    return save_with_history(review, actor=actor, reason=f"review.returned: {comment.strip()}")


@transaction.atomic
def decommission_checklist_record(*, actor, site, item: str, done_on: datetime.date, evidence: str):
    """Record one checklist item (feed stopped, registration removed, signage removed, data deleted)."""
    doing = "record decommissioning work"
    if not actor.has_role(Role.APPROVING_MANAGER):
        require_role(actor, OFFICER | MANAGER, doing=doing)
        require_site_assignment(actor, site, doing=doing)
    if item not in DecommissionChecklist.ITEMS:
        raise DomainError(f"Unknown checklist item {item!r}.")
    if site.status != Status.COLLECTION_CEASED:
        raise DomainError(f"{site.reference} is {Status(site.status).label.lower()}: the checklist is for sites "
                          "whose collection has ceased.")
    if done_on > timezone.localdate():
        raise DomainError("The date cannot be in the future.")
    if not evidence.strip():
        raise DomainError("Give the evidence that this was done.", field_errors={"evidence": ["Enter the evidence."]})
    Site.objects.select_for_update().filter(pk=site.pk).exists()  # one recorder at a time per site
    # Created here, not by get_or_create, so that its first history row says who and why too.
    checklist = DecommissionChecklist.objects.filter(site=site).first() or DecommissionChecklist(site=site)
    setattr(checklist, f"{item}_on", done_on)
    setattr(checklist, f"{item}_evidence", evidence.strip())
    return save_with_history(checklist, actor=actor, reason=f"decommission.{item}")


# --- decommissioning flags -------------------------------------------------------------------


def _require_decommissioning_manager(actor, doing: str) -> None:
    require_role(actor, MANAGER, doing=doing)
    require_permission(actor, "sites.approve_site", doing=doing)


def _raised_flag(site: Site, rule: str) -> flag_rules.Flag:
    """The flag `rule` as it stands now on the (locked) site, or a refusal saying why not."""
    if rule not in flag_rules.RULES:
        raise DomainError(f"There is no decommissioning rule called {rule!r}.")
    if site.status not in COLLECTING:
        raise DomainError(
            f"{site.reference} is {Status(site.status).label.lower()}: flags are decided only on sites that "
            "collect reads."
        )
    for flag in flag_rules.flags_for(site):
        if flag.rule == rule:
            return flag
    raise DomainError(
        f"{site.reference} has no {flag_rules.RULE_TITLES[rule].lower()} flag standing now: its cause has been "
        "fixed or the flag overruled."
    )


def _decide_flag(actor, site: Site, rule: str, decision: str, comment: str) -> tuple[Site, flag_rules.Flag,
                                                                                    FlagDecision]:
    site = Site.objects.select_for_update().get(pk=site.pk)
    flag = _raised_flag(site, rule)
    record = FlagDecision(
        site=site, rule=flag.rule, cause=flag.cause, flag_reason=flag.reason, decision=decision,
        comment=comment.strip(), decided_by=actor, decided_at=timezone.now(),
    )
    reason = f"decommission.flag_{decision}: {flag.rule}" + (f": {comment.strip()}" if comment.strip() else "")
    save_with_history(record, actor=actor, reason=reason)
    return site, flag, record


@transaction.atomic
def decommission_flag_confirm(*, actor, site: Site, rule: str, comment: str) -> FlagDecision:
    """Confirm a standing flag: collection ceases at once (no reads are accepted from then
    on), an open review is withdrawn, and the checklist can be worked through. It cannot be
    undone, so the reason is required (kept in the site's history)."""
    _require_decommissioning_manager(actor, f"confirm a decommissioning flag on {site.reference}")
    if not (comment or "").strip():
        raise DomainError("Enter why collection must cease at this site",
                          field_errors={"comment": ["Enter why collection must cease at this site"]})
    site, flag, record = _decide_flag(actor, site, rule, FlagDecision.Decision.CONFIRMED, comment)
    review = selectors.open_review(site)
    if review is not None:
        review = _locked(review)
        review.state = Review.State.WITHDRAWN
        save_with_history(review, actor=actor, reason=f"review.withdrawn: collection ceased on the {flag.rule} flag")
    why = f"decommissioning flag {flag.rule} confirmed. {flag.reason}"
    if comment.strip():
        why += f" {comment.strip()}"
    site_transition(actor=actor, site=site, to=Status.COLLECTION_CEASED, comment=why)
    return record


@transaction.atomic
def decommission_flag_overrule(*, actor, site: Site, rule: str, comment: str) -> FlagDecision:
    """Overrule a standing flag with a reason: it is hidden while its cause stays the same."""
    _require_decommissioning_manager(actor, f"overrule a decommissioning flag on {site.reference}")
    if not comment.strip():
        raise DomainError("Say why the flag is overruled: a reason is required.",
                          field_errors={"comment": ["Enter why the site should keep collecting."]})
    return _decide_flag(actor, site, rule, FlagDecision.Decision.OVERRULED, comment)[2]
