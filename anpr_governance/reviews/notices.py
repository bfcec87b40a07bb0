"""Notices: e-mailing them once, and marking them read.

E-mail goes through Django's mail backend, one message per recipient listing their new
notices. Senders claim notices with a conditional UPDATE (only rows not yet sent and not
claimed, or claimed by a sender that stopped more than an hour ago), so two senders never
send the same notice and a crashed sender's notices are sent later.
"""

import datetime
import uuid
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone

from anpr_governance.core.enqueue import enqueue_on_commit
from anpr_governance.core.exceptions import NotPermitted

from .models import Notice

STALE_CLAIM = datetime.timedelta(hours=1)


def notice_emails_send() -> int:
    """Send every notice not yet e-mailed; returns the number of e-mails sent. Idempotent."""
    now = timezone.now()
    token = uuid.uuid4()
    claimed = (
        Notice.objects.filter(emailed_at__isnull=True)
        .exclude(email_to="")
        .filter(Q(email_claim__isnull=True) | Q(email_claimed_at__lt=now - STALE_CLAIM))
        .update(email_claim=token, email_claimed_at=now)
    )
    if not claimed:
        return 0
    notices = Notice.objects.filter(email_claim=token).select_related("site").order_by("email_to", "created_at", "id")
    messages = [_message(address, list(group)) for address, group in groupby(notices, key=lambda n: n.email_to)]
    with get_connection() as connection:
        connection.send_messages(messages)
    Notice.objects.filter(email_claim=token).update(emailed_at=timezone.now())
    return len(messages)


def _message(address: str, notices: list[Notice]) -> EmailMessage:
    count = len(notices)
    about = " about site reviews" if all(notice.review_id for notice in notices) else ""
    subject = (f"ANPR Governance: {notices[0].message}" if count == 1
               else f"ANPR Governance: {count} notices{about}")
    lines = []
    for notice in notices:
        lines += [f"- {notice.message}", f"  {settings.ANPR_SITE_URL}{notice.href}", ""]
    body = "\n".join(["These notices are also on your dashboard.", "", *lines]).rstrip() + "\n"
    return EmailMessage(subject=subject[:200], body=body, to=[address])


def notice_mark_read(*, actor, notice: Notice) -> Notice:
    """The recipient has seen the notice: it leaves their dashboard (it is kept)."""
    if actor is None or not actor.is_authenticated or notice.recipient_id != actor.pk:
        raise NotPermitted("This notice is addressed to someone else.")
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def notices_create(*, recipients, kind: str, subject: str, message: str, link: str) -> list[Notice]:
    """One notice per recipient about `subject` (e.g. "authorisation:12"), in-app and e-mailed
    after commit; a second call for the same subject, kind and recipient adds nothing."""
    from .tasks import send_notice_emails  # tasks import this module

    notices = [
        Notice(recipient=user, subject=subject, link=link, kind=kind, message=message, email_to=user.email or "")
        for user in recipients
    ]
    created = Notice.objects.bulk_create(notices, ignore_conflicts=True)
    if any(user.email for user in recipients):
        enqueue_on_commit(send_notice_emails)
    return created


def notices_mark_all_read(*, actor) -> int:
    """The recipient has seen all their notices at once; returns how many were unread."""
    if actor is None or not actor.is_authenticated:
        raise NotPermitted("You must be signed in to mark your notices as read.")
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
