"""Celery tasks of the reviews app: thin wrappers, each calling one idempotent service.

Both are safe to run twice (see `sweep.py` and `notices.py`), so they acknowledge late:
a worker that dies mid-task leaves the message to be delivered again."""

from celery import shared_task

from . import notices, sweep


@shared_task(name="reviews.review_sweep", acks_late=True)
def review_sweep() -> dict:
    """The daily review sweep (beat entry "reviews.daily-sweep")."""
    return sweep.review_sweep().as_dict()


@shared_task(name="reviews.notice_emails_send", acks_late=True)
def notice_emails_send() -> int:
    """E-mail the notices not yet sent; enqueued by the sweep after it commits."""
    return notices.notice_emails_send()
