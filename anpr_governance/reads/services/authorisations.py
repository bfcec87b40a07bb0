"""Authorisations to search reads older than the standard access window.

An investigator asks for one VRM, window, purpose and reference, saying why; an
authorising officer other than the requester approves or refuses it. An approval expires
ANPR_AUTHORISATION_VALIDITY_DAYS later and covers only what was asked (search.Scope).
Requests and decisions are written to the access log, and so are refused ones (outcome
refused), also when the request could not even be read (core.refusals).
"""

import datetime
from contextlib import suppress

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role, require_not_same_person
from anpr_governance.accounts.roles import AUTHORISING_OFFICER, INVESTIGATOR
from anpr_governance.audit.models import Action, Outcome
from anpr_governance.audit.purposes import AUTHORISABLE_PURPOSES, Purpose
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.core.text import text_or_refuse

from .. import signals
from ..models import Authorisation
from ..rules import normalise_reference, normalise_vrm
from .search import check_scope, standard_window_start, when

APPROVE, REFUSE = "approve", "refuse"


def _window_details(authorisation: Authorisation) -> dict:
    return {
        "from": authorisation.window_from.astimezone(datetime.UTC).isoformat(),
        "to": authorisation.window_to.astimezone(datetime.UTC).isoformat(),
    }


def authorisation_request(*, actor, vrm, date_from, date_to, purpose, reference, reason,
                          now: datetime.datetime | None = None, malformed: str = "") -> Authorisation:
    """Ask an authorising officer to allow a search of older reads. A refused request is logged,
    like a refused search; `malformed` says why a request could not even be read."""
    try:
        return _request(actor, vrm, date_from, date_to, purpose, reference, reason, now, malformed)
    except DomainError as refusal:
        if actor is not None and actor.is_authenticated:
            access_log_append(
                actor=actor, action=Action.AUTHORISATION_REQUESTED, outcome=Outcome.REFUSED,
                vrm=normalise_vrm(vrm), purpose=purpose if isinstance(purpose, str) else "",
                reference=normalise_reference(reference), justification=refusal.message,
            )
        raise


def record_refused_request(user, reason: str) -> None:
    """Log an authorisation request refused before its view could read it (core.refusals)."""
    with suppress(DomainError):  # refused, as it must be: the entry is written
        authorisation_request(actor=user, vrm=None, date_from=None, date_to=None, purpose=None, reference=None,
                              reason=None, malformed=reason)


@transaction.atomic
def _request(actor, vrm, date_from, date_to, purpose, reference, reason, now, malformed) -> Authorisation:
    require_named_role(actor, INVESTIGATOR, doing="request an authorisation to search older reads")
    if malformed:
        raise DomainError(malformed)
    now = now or timezone.now()
    try:
        scope = check_scope(vrm=vrm, start=date_from, end=date_to, purpose=purpose, reference=reference, now=now,
                            doing="search for")
        errors = {}
    except DomainError as error:
        scope, errors = None, dict(error.field_errors)
    if purpose in Purpose.values and purpose not in AUTHORISABLE_PURPOSES:
        errors.setdefault("purpose", []).append(
            f"Older reads cannot be authorised for {Purpose(purpose).label.lower()}: only for "
            f"{', '.join(Purpose(p).label.lower() for p in Purpose.values[:4])}."
        )
    if scope is not None and scope.start >= standard_window_start(now):
        errors.setdefault("from", []).append(
            f"The window starts within the {settings.ANPR_STANDARD_ACCESS_DAYS}-day standard access window "
            f"(after {when(standard_window_start(now))}): search it without an authorisation."
        )
    try:
        reason = text_or_refuse(reason, "reason", "Why older reads are needed")
    except DomainError as error:
        errors.update(error.field_errors)
        reason = None
    if reason is not None and len(reason.strip()) < 20:
        errors["reason"] = ["Say why reads older than the standard access window are needed (at least 20 characters)."]
    if errors:
        raise DomainError(" ".join(m for ms in errors.values() for m in ms), field_errors=errors)
    authorisation = Authorisation(
        requested_by=actor, vrm=scope.vrm, window_from=scope.start, window_to=scope.end, purpose=scope.purpose,
        reference=scope.reference, reason=reason.strip(),
    )
    save_with_history(authorisation, actor=actor, reason="reads.authorisation.requested")
    access_log_append(
        actor=actor, action=Action.AUTHORISATION_REQUESTED, vrm=scope.vrm, purpose=scope.purpose,
        reference=scope.reference, justification=authorisation.reason, subject=f"authorisation:{authorisation.pk}",
        details=_window_details(authorisation),
    )
    signals.authorisation_requested.send(sender=Authorisation, authorisation=authorisation)
    return authorisation


def authorisation_decide(*, actor, authorisation: Authorisation, decision: str, comment: str = "",
                         now: datetime.datetime | None = None, malformed: str = "") -> Authorisation:
    """Approve or refuse a pending request; nobody decides their own. A refusal says why. A
    refused attempt to decide is logged (as the decision it asked for, outcome refused)."""
    try:
        return _decide(actor, authorisation, decision, comment, now, malformed)
    except DomainError as refusal:
        if actor is not None and actor.is_authenticated:
            access_log_append(
                actor=actor, outcome=Outcome.REFUSED,
                action=Action.AUTHORISATION_APPROVED if decision == APPROVE else Action.AUTHORISATION_REFUSED,
                vrm=authorisation.vrm, purpose=authorisation.purpose, reference=authorisation.reference,
                subject=f"authorisation:{authorisation.pk}", justification=refusal.message,
            )
        raise


def record_refused_decision(user, reason: str, pk: int) -> None:
    """Log a decision refused before its view could read it (registered with core.refusals)."""
    authorisation = Authorisation.objects.filter(pk=pk).first()
    if authorisation is not None:
        with suppress(DomainError):
            authorisation_decide(actor=user, authorisation=authorisation, decision=None, malformed=reason)


@transaction.atomic
def _decide(actor, authorisation, decision, comment, now, malformed) -> Authorisation:
    require_named_role(actor, AUTHORISING_OFFICER, doing="decide authorisations to search older reads")
    authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    require_not_same_person(actor, authorisation.requested_by, doing=f"decide authorisation {authorisation.pk}",
                            their="requested it")
    if malformed:
        raise DomainError(malformed)
    if not isinstance(decision, str) or decision not in (APPROVE, REFUSE):
        message = "Select approve or refuse"
        raise DomainError(message, field_errors={"decision": [message]})
    if authorisation.status != Authorisation.Status.PENDING:
        raise DomainError(
            f"Authorisation {authorisation.pk} was already {authorisation.get_status_display().lower()} by "
            f"{authorisation.decided_by} on {when(authorisation.decided_at)}."
        )
    comment = text_or_refuse(comment, "comment", "The comment").strip()
    if decision == REFUSE and not comment:
        message = "Say why the authorisation is refused."
        raise DomainError(message, field_errors={"comment": [message]})
    now = now or timezone.now()
    authorisation.decided_by, authorisation.decided_at, authorisation.decision_comment = actor, now, comment
    if decision == APPROVE:
        authorisation.status = Authorisation.Status.APPROVED
        authorisation.expires_at = now + datetime.timedelta(days=settings.ANPR_AUTHORISATION_VALIDITY_DAYS)
        action = Action.AUTHORISATION_APPROVED
    else:
        authorisation.status = Authorisation.Status.REFUSED
        action = Action.AUTHORISATION_REFUSED
    save_with_history(authorisation, actor=actor, reason=action.value)
    access_log_append(
        actor=actor, action=action, vrm=authorisation.vrm, purpose=authorisation.purpose,
        reference=authorisation.reference, justification=comment, subject=f"authorisation:{authorisation.pk}",
        details={
            **_window_details(authorisation),
            "requested_by": authorisation.requested_by.get_username(),
            "expires_at": authorisation.expires_at.astimezone(datetime.UTC).isoformat()
            if authorisation.expires_at else None,
        },
    )
    signals.authorisation_decided.send(sender=Authorisation, authorisation=authorisation)
    return authorisation
