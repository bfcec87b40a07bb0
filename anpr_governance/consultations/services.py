"""Writes for consultations (consultees, responses, "you said, we did") and exemptions."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import (
    require_not_same_person,
    require_permission,
    require_role,
    require_site_assignment,
)
from anpr_governance.accounts.roles import MANAGER, OFFICER
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.sites.lifecycle import Status

from . import selectors
from .models import Consultation, ConsultationExemption, ConsultationResponse, Consultee, ExemptionGround

CONSULTING_STATUSES = (Status.PRIVACY_REVIEW, Status.CONSULTATION, Status.LIVE, Status.UNDER_REVIEW)


def _require_officer(actor, site, doing):
    require_role(actor, OFFICER, doing=doing)
    require_site_assignment(actor, site, doing=doing)


def _not_future(day: datetime.date, what: str):
    if day > timezone.localdate():
        raise DomainError(f"{what} cannot be in the future.")


def _open(consultation: Consultation) -> Consultation:
    consultation = Consultation.objects.select_for_update().select_related("site").get(pk=consultation.pk)
    if consultation.state != Consultation.State.OPEN:
        raise DomainError("This consultation is closed: open a new one to record more.")
    return consultation


@transaction.atomic
def consultation_open(*, actor, site, method: str, summary: str, opened_on: datetime.date) -> Consultation:
    _require_officer(actor, site, "open a consultation")
    if site.status not in CONSULTING_STATUSES:
        raise DomainError(
            f"{site.reference} is {Status(site.status).label.lower()}: consultation opens once its "
            "in-depth assessment is approved."
        )
    if selectors.open_consultation(site) is not None:
        raise DomainError(f"{site.reference} already has an open consultation: close it first.")
    _not_future(opened_on, "The opening date")
    consultation = Consultation(site=site, method=method, summary=summary, opened_on=opened_on, opened_by=actor)
    return save_with_history(consultation, actor=actor, reason="consultation.opened")


@transaction.atomic
def consultee_add(*, actor, consultation: Consultation, name: str, kind: str,
                  consulted_on: datetime.date) -> Consultee:
    consultation = _open(consultation)
    _require_officer(actor, consultation.site, "add a consultee")
    _not_future(consulted_on, "The date consulted")
    if consulted_on < consultation.opened_on:
        raise DomainError("The date consulted is before the consultation opened.")
    consultee = Consultee(consultation=consultation, name=name, kind=kind, consulted_on=consulted_on)
    return save_with_history(consultee, actor=actor, reason="consultation.consultee_added")


@transaction.atomic
def response_record(*, actor, consultation: Consultation, respondent: str, response: str,
                    received_on: datetime.date, consultee: Consultee | None = None) -> ConsultationResponse:
    consultation = _open(consultation)
    _require_officer(actor, consultation.site, "record a consultation response")
    _not_future(received_on, "The date received")
    if consultee is not None and consultee.consultation_id != consultation.pk:
        raise DomainError("That consultee belongs to another consultation.")
    row = ConsultationResponse(consultation=consultation, consultee=consultee, respondent=respondent,
                               response=response, received_on=received_on)
    return save_with_history(row, actor=actor, reason="consultation.response_recorded")


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation, outcome: str,
                       closed_on: datetime.date | None = None) -> Consultation:
    """Close with the "you said, we did" outcome, which is what the public is told."""
    consultation = _open(consultation)
    _require_officer(actor, consultation.site, "close the consultation")
    closed_on = closed_on or timezone.localdate()
    _not_future(closed_on, "The closing date")
    problems = {}
    if not consultation.consultees.exists():
        problems["consultees"] = "Record who was consulted before closing the consultation."
    if not outcome.strip():
        problems["outcome"] = "Write the “you said, we did” outcome."
    if closed_on < consultation.opened_on:
        problems["closed_on"] = "The closing date is before the opening date."
    if problems:
        raise DomainError("The consultation cannot be closed yet: " + " ".join(problems.values()),
                          field_errors={k: [v] for k, v in problems.items()})
    consultation.state = Consultation.State.CLOSED
    consultation.outcome, consultation.closed_on, consultation.closed_by = outcome.strip(), closed_on, actor
    return save_with_history(consultation, actor=actor, reason="consultation.closed")


@transaction.atomic
def exemption_request(*, actor, site, ground: str, reason: str) -> ConsultationExemption:
    """Ask not to consult because consulting would defeat the policing purpose: a ground from
    the list, and the reasoning."""
    _require_officer(actor, site, "request an exemption from consultation")
    if ground not in ExemptionGround.values:
        raise DomainError("Choose the ground for the exemption from the list.",
                          field_errors={"ground": ["Choose the ground for the exemption."]})
    if len(reason.strip()) < 40:
        raise DomainError(
            "Explain, in at least a sentence or two, why consulting would defeat the policing purpose.",
            field_errors={"reason": ["Explain why consulting would defeat the policing purpose."]},
        )
    if site.exemptions.filter(state=ConsultationExemption.State.PENDING).exists():
        raise DomainError(f"{site.reference} already has an exemption awaiting a decision.")
    exemption = ConsultationExemption(site=site, ground=ground, reason=reason.strip(), requested_by=actor)
    return save_with_history(exemption, actor=actor, reason="consultation.exemption_requested")


@transaction.atomic
def exemption_decide(*, actor, exemption: ConsultationExemption, approve: bool,
                     comment: str = "") -> ConsultationExemption:
    exemption = ConsultationExemption.objects.select_for_update().select_related("site").get(pk=exemption.pk)
    require_role(actor, MANAGER, doing="decide on an exemption from consultation")
    require_permission(actor, "consultations.approve_consultationexemption", doing="decide on an exemption")
    require_not_same_person(actor, exemption.requested_by, doing="decide on this exemption", their="requested it")
    if exemption.state != ConsultationExemption.State.PENDING:
        raise DomainError(f"This exemption was already {exemption.get_state_display().lower()}.")
    if not approve and not comment.strip():
        raise DomainError("Say why the exemption is refused.", field_errors={"comment": ["Enter the reason."]})
    exemption.state = ConsultationExemption.State.APPROVED if approve else ConsultationExemption.State.REFUSED
    exemption.decided_by, exemption.decided_at, exemption.decision_comment = actor, timezone.now(), comment.strip()
    if approve:
        # It lasts ANPR_EXEMPTION_MONTHS, and no longer than the site's next review.
        until = timezone.localdate() + relativedelta(months=settings.ANPR_EXEMPTION_MONTHS)
        due = exemption.site.next_review_due
        exemption.valid_until = min(until, due) if due and due > timezone.localdate() else until
        exemption.cameras_at_approval = selectors.active_camera_ids(exemption.site)
    return save_with_history(exemption, actor=actor, reason=f"consultation.exemption_{exemption.state}")


@transaction.atomic
def exemption_end(*, actor, exemption: ConsultationExemption, reason: str) -> ConsultationExemption:
    """End an approved exemption (a review found it no longer holds); it is kept, marked ended."""
    exemption = ConsultationExemption.objects.select_for_update().select_related("site").get(pk=exemption.pk)
    require_role(actor, MANAGER, doing="end an exemption from consultation")
    if exemption.state != ConsultationExemption.State.APPROVED or exemption.ended_on is not None:
        raise DomainError("Only an approved exemption that has not ended can be ended.")
    exemption.ended_on = timezone.localdate()
    return save_with_history(exemption, actor=actor, reason=f"consultation.exemption_ended: {reason}")
