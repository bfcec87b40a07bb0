"""Optimistic concurrency: nobody's work is silently overwritten.

Records edited through forms (assessments, DPIAs, risks, reviews) carry `lock_version`,
raised by one each time `save_with_history` saves them. A form sends back the value it
was drawn from; the service, holding the row lock, compares it with the stored one and
refuses a stale save with `EditConflict`, naming who changed the record and when. The
page keeps what was typed and links to the record's history, so the person can see the
other change and decide, knowingly, whether to save theirs over it.

Written here rather than taken from django-concurrency: the services re-read each record
under `select_for_update` before changing it, so the check belongs at that point, with the
lock held, and in words a user can act on; the library checks at `save()` on the instance
the caller holds, which here is never the form's.
"""

from django.utils import timezone

from .exceptions import DomainError


class EditConflict(DomainError):
    """The record changed after the form was opened; `record` is the record as it is now."""

    def __init__(self, message: str, *, record):
        super().__init__(message)
        self.record = record


def require_version(record, expected: int | None, *, what: str) -> None:
    """Refuse to change `record` unless it is still at the `expected` lock version.

    `expected` None means the caller is not a form (a script, the demo seed): no check.
    Call it after locking the row, so that nobody can change it between check and save.
    """
    if expected is None or record.lock_version == expected:
        return
    latest = record.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    subject = what[:1].upper() + what[1:]
    if latest is not None:
        who = str(latest.history_user) if latest.history_user else "someone"
        when = timezone.localtime(latest.history_date)
        changed = f"{subject} was changed by {who} at {when:%H:%M} on {when.day} {when:%B %Y}"
    else:  # pragma: no cover - every versioned record has history
        changed = f"{subject} was changed by someone else"
    raise EditConflict(
        f"{changed}, after you opened it, so your changes have not been saved. "
        "Check their change in the history; if yours should still replace it, save again.",
        record=record,
    )


def bump(record) -> None:
    """Raise the lock version of a record about to be saved (called by save_with_history)."""
    if getattr(record, "lock_version", None) is not None and record.pk is not None:
        record.lock_version += 1
