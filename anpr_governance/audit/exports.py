"""The access log as CSV, one row per entry, streamed."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from .models import AccessLogEntry

COLUMNS = [
    "sequence", "at", "actor", "action", "outcome", "vrm", "purpose", "reference", "result_count", "subject",
    "justification", "sites", "details", "previous_hash", "hash",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    def write(self, value):
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet must not run what a user typed (CSV injection): such cells start with '.
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_lines(entries: Iterable[AccessLogEntry]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for entry in entries:
        sites = ";".join(f"{link.site.reference}:{link.reads}" for link in entry.site_links.all())
        yield writer.writerow(
            [_cell(v) for v in (
                entry.sequence, timezone.localtime(entry.at).isoformat(), entry.actor_name, entry.action,
                entry.outcome, entry.vrm, entry.purpose, entry.reference, entry.result_count, entry.subject,
                entry.justification, sites, json.dumps(entry.details, sort_keys=True), entry.previous_hash,
                entry.hash,
            )]
        )


def with_sites(entries):
    return entries.prefetch_related("site_links__site").iterator(chunk_size=2000)
