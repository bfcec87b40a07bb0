"""Scheduled work on the access log (beat entry of the same name in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import chain_check_run


@shared_task(name="audit.verify_access_log", acks_late=True)
def verify_access_log() -> bool:
    """Verify the whole chain and record the result and head; True if intact. Running it twice
    records two checks, which is harmless (each is a fact about that moment)."""
    return chain_check_run().intact
