"""Scheduled work on read data (beat entries of the same names in settings.CELERY_BEAT_SCHEDULE).
Both are idempotent: a second run finds nothing left to do."""

from celery import shared_task

from .services import read_partitions_create, reads_apply_retention, search_grants_expire


# reject_on_worker_lost: with acks_late alone, a worker whose pool process dies mid-run (killed,
# out of memory) acknowledges the message, and the run waits for tomorrow's beat; requeued, it is
# run again at once, which is safe because the run is idempotent (tests/reads/test_retention_faults.py).
@shared_task(name="reads.apply_retention", acks_late=True, reject_on_worker_lost=True)
def apply_retention() -> int:
    """Erase reads older than ANPR_RETENTION_DAYS; returns how many were erased."""
    entry = reads_apply_retention()
    return entry.result_count if entry else 0


@shared_task(name="reads.create_partitions", acks_late=True)
def create_partitions() -> list[str]:
    """Create the coming months' read partitions (PostgreSQL)."""
    return read_partitions_create()


@shared_task(name="reads.expire_grants", acks_late=True)
def expire_grants() -> int:
    """End search grants past ANPR_SEARCH_GRANT_MONTHS (each logged); returns how many."""
    return search_grants_expire()
