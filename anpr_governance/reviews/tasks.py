"""Celery tasks of the reviews app: thin wrappers, each calling one idempotent service.

Both are safe to run twice (see `sweep.py` and `notices.py`), so they acknowledge late:
a worker that dies mid-task leaves the message to be delivered again. Task names, and the
beat entries that run them (settings.CELERY_BEAT_SCHEDULE), are `<app>.<verb>`."""

from celery import shared_task

from .notices import notice_emails_send
from .sweep import review_sweep


@shared_task(name="reviews.sweep", acks_late=True)
def sweep() -> dict:
    """The daily review sweep (beat entry "reviews.sweep")."""
    return review_sweep().as_dict()


@shared_task(name="reviews.send_notice_emails", acks_late=True)
def send_notice_emails() -> int:
    """E-mail the notices not yet sent; enqueued by the sweep after it commits, and run by
    beat every 15 minutes for any a crashed or slow run left unsent."""
    return notice_emails_send()
