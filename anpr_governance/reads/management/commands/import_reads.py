"""`manage.py import_reads FILE.csv --feed NAME`: a back-office file, by the rules of the ingestion API."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads.models import Feed
from anpr_governance.reads.services import reads_ingest

COLUMNS = ("camera", "vrm", "read_at")


class Command(BaseCommand):
    help = (
        "Import reads from a CSV file with a header row: camera, vrm, read_at (ISO 8601 with zone) and optionally "
        "confidence. Each read is accepted, a duplicate, or rejected with its line and reason, as through the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--feed", required=True, help="The name of the (active) feed the file comes from.")
        parser.add_argument("--batch", type=int, default=10_000, help="Reads per transaction (default 10,000).")

    def handle(self, *args, file: Path, feed: str, batch: int, **options):
        source = Feed.objects.select_related("site").filter(name=feed).first()
        if source is None:
            raise CommandError(f"There is no feed named {feed}.")
        if not source.is_active:
            raise CommandError(f"Feed {feed} is revoked: it imports nothing.")
        if not file.exists():
            raise CommandError(f"{file} does not exist.")
        accepted = duplicates = rejected = 0
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(
                    f"{file} has no column {', '.join(missing)}: the header must name {', '.join(COLUMNS)}."
                )
            lines, rows = [], []
            for row in reader:
                lines.append(reader.line_num)
                rows.append(self._read(row))
                if len(rows) == batch:
                    counts = self._ingest(source, rows, lines)
                    accepted, duplicates, rejected = accepted + counts[0], duplicates + counts[1], rejected + counts[2]
                    lines, rows = [], []
            if rows:
                counts = self._ingest(source, rows, lines)
                accepted, duplicates, rejected = accepted + counts[0], duplicates + counts[1], rejected + counts[2]
        total = accepted + duplicates + rejected
        self.stdout.write(
            f"{total} reads read from {file}: {accepted} accepted, {duplicates} duplicates, {rejected} rejected."
        )

    @staticmethod
    def _read(row: dict) -> dict:
        read = {"camera": row.get("camera"), "vrm": row.get("vrm"), "read_at": row.get("read_at")}
        confidence = (row.get("confidence") or "").strip()
        if confidence:
            try:
                read["confidence"] = float(confidence)
            except ValueError:
                read["confidence"] = confidence  # rejected with its reason
        return read

    def _ingest(self, feed, rows, lines) -> tuple[int, int, int]:
        try:
            result = reads_ingest(feed=feed, body={"reads": rows})
        except DomainError as error:
            raise CommandError(error.message) from error
        for rejection in result.rejected:
            self.stdout.write(f"line {lines[rejection['index']]}: {rejection['reason']}")
        return result.accepted, result.duplicates, len(result.rejected)
