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
from .models import Consultation, ConsultationExemption, ConsultationResponse, Consultee, ExemptionGround, PublicReply
from .sanitise import clean_comment, plain_text

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


def public_problems(*, public_summary: str, public_purpose: str, respond_by: datetime.date | None,
                    opened_on: datetime.date | None) -> dict[str, str]:
    """What stops a consultation being published: a public summary needs its purpose and a
    date for replies. An empty summary means the consultation is not published."""
    if not public_summary.strip():
        return {}
    problems = {}
    if not public_purpose:
        problems["public_purpose"] = "Choose the purpose residents are told the cameras serve"
    if respond_by is None:
        problems["respond_by"] = "Enter the date by which the public may reply"
    elif opened_on is not None and respond_by < opened_on:
        problems["respond_by"] = "The date for replies must be on or after the opening date"
    return problems


@transaction.atomic
def consultation_open(*, actor, site, method: str, summary: str, opened_on: datetime.date,
                      public_summary: str = "", public_purpose: str = "",
                      respond_by: datetime.date | None = None) -> Consultation:
    """Open a consultation; with a public summary it is published on /consult/ at once."""
    _require_officer(actor, site, "open a consultation")
    if site.status not in CONSULTING_STATUSES:
        raise DomainError(
            f"{site.reference} is {Status(site.status).label.lower()}: consultation opens once its "
            "in-depth assessment is approved."
        )
    if selectors.open_consultation(site) is not None:
        raise DomainError(f"{site.reference} already has an open consultation: close it first.")
    _not_future(opened_on, "The opening date")
    problems = public_problems(public_summary=public_summary, public_purpose=public_purpose,
                               respond_by=respond_by, opened_on=opened_on)
    if problems:
        raise DomainError("The consultation cannot be published yet: " + ". ".join(problems.values()) + ".",
                          field_errors={k: [v] for k, v in problems.items()})
    published = bool(public_summary.strip())
    consultation = Consultation(
        site=site, method=method, summary=summary, opened_on=opened_on, opened_by=actor,
        public_summary=public_summary.strip(), public_purpose=public_purpose if published else "",
        respond_by=respond_by if published else None,
    )
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
    pending = consultation.public_replies.filter(state=PublicReply.State.PENDING).count()
    if pending:
        problems["replies"] = (f"Approve or reject the {pending} public "
                               f"repl{'y' if pending == 1 else 'ies'} awaiting moderation.")
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
def public_reply_submit(*, consultation: Consultation, name: str, email: str, comment: str) -> PublicReply:
    """A member of the public replies on the consultation's page. The comment is kept as
    sanitised HTML and waits for a governance officer before anyone else sees it."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.accepts_replies(timezone.localdate()):
        raise DomainError("This consultation is no longer taking replies.")
    limit = settings.ANPR_PUBLIC_REPLY_MAX_CHARS
    problems = {}
    if not name.strip():
        problems["name"] = "Enter your name"
    if not comment.strip():
        problems["comment"] = "Enter your comment"
    elif len(comment) > limit:
        problems["comment"] = (f"Your comment must be {limit:,} characters or fewer "
                               f"(it has {len(comment):,}): shorten it")
    if problems:
        raise DomainError(" ".join(problems.values()), field_errors={k: [v] for k, v in problems.items()})
    reply = PublicReply(consultation=consultation, name=name.strip(), email=email.strip(),
                        comment=clean_comment(comment))
    if not plain_text(reply.comment):
        raise DomainError("Your comment has no words left once the HTML that is not allowed is removed: "
                          "write it in plain words.", field_errors={"comment": [
                              "Write your comment in plain words (only the HTML tags listed are allowed)"]})
    return save_with_history(reply, actor=None, reason="consultation.public_reply_received")


@transaction.atomic
def public_reply_moderate(*, actor, reply: PublicReply, approve: bool, reason: str = "") -> PublicReply:
    """A governance officer of the site approves a public reply, which then joins the
    consultation record (and so the compliance pack) and its public page, or rejects it
    saying why. Either way the reply itself is kept."""
    reply = PublicReply.objects.select_for_update().select_related("consultation__site").get(pk=reply.pk)
    _require_officer(actor, reply.consultation.site, "moderate public replies")
    if reply.state != PublicReply.State.PENDING:
        raise DomainError(f"This reply was already {reply.get_state_display().lower()}.")
    if not approve and not reason.strip():
        raise DomainError("Say why the reply is rejected.",
                          field_errors={"reason": ["Enter why the reply is rejected"]})
    if approve:
        response = ConsultationResponse(
            consultation=reply.consultation, respondent=f"{reply.name[:180]} (public reply)",
            received_on=timezone.localdate(reply.received_at), response=plain_text(reply.comment))
        reply.response = save_with_history(response, actor=actor, reason="consultation.response_recorded")
    reply.state = PublicReply.State.APPROVED if approve else PublicReply.State.REJECTED
    reply.moderated_by, reply.moderated_at, reply.moderation_reason = actor, timezone.now(), reason.strip()
    return save_with_history(reply, actor=actor, reason=f"consultation.public_reply_{reply.state}")


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
