"""The access log as CSV, one row per entry, streamed (core.csv_export guards the cells)."""

import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from anpr_governance.core.csv_export import to_csv_lines

from .models import AccessLogEntry

COLUMNS = [
    "sequence", "at", "actor", "action", "outcome", "vrm", "purpose", "reference", "result_count", "subject",
    "justification", "sites", "details", "previous_hash", "hash",
]


def _row(entry: AccessLogEntry) -> list:
    sites = ";".join(f"{link.site.reference}:{link.reads}" for link in entry.site_links.all())
    return [
        entry.sequence, timezone.localtime(entry.at).isoformat(), entry.actor_name, entry.action, entry.outcome,
        entry.vrm, entry.purpose, entry.reference, entry.result_count, entry.subject, entry.justification, sites,
        json.dumps(entry.details, sort_keys=True), entry.previous_hash, entry.hash,
    ]


def csv_lines(entries: Iterable[AccessLogEntry]) -> Iterator[str]:
    return to_csv_lines(COLUMNS, (_row(entry) for entry in entries))


def with_sites(entries):
    return entries.prefetch_related("site_links__site").iterator(chunk_size=2000)
