"""Retention: reads older than ANPR_RETENTION_DAYS are erased, and the erasure is logged with counts."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.audit.services import access_log_append

from .. import store

RETENTION_LOCK = 0x414E5052  # "ANPR": one retention run at a time on PostgreSQL


@transaction.atomic
def reads_apply_retention(*, now: datetime.datetime | None = None) -> AccessLogEntry | None:
    """Erase every read older than the retention period: whole monthly partitions are
    dropped on PostgreSQL, the reads of the month the cutoff falls in deleted. Logs the
    erasure (reads erased, partitions dropped) and returns the entry; nothing to erase,
    no entry. Safe to run again or twice at once."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RETENTION_LOCK])
    cutoff = now - datetime.timedelta(days=settings.ANPR_RETENTION_DAYS)
    erasure = store.erase_before(cutoff)
    if not erasure.reads and not erasure.partitions:
        return None
    return access_log_append(
        actor=None, action=Action.ERASED, result_count=erasure.reads,
        justification=f"Retention: reads older than {settings.ANPR_RETENTION_DAYS} days erased.",
        details={
            "cutoff": cutoff.astimezone(datetime.UTC).isoformat(),
            "reads_erased": erasure.reads,
            "partitions_dropped": erasure.partitions,
        },
        sites=erasure.per_site,
    )


@transaction.atomic
def read_partitions_create(*, now: datetime.datetime | None = None) -> list[str]:
    """Create the monthly partitions from this month to PARTITIONS_AHEAD months ahead (PostgreSQL)."""
    now = now or timezone.now()
    first = store.month_of(now)
    last = first
    for _ in range(store.PARTITIONS_AHEAD):
        last = store.next_month(*last)
    return store.ensure_partitions(store.months_between(first, last))
