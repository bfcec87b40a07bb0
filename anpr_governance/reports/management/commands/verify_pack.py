"""python manage.py verify_pack FILE: exit 0 for an unaltered pack, 1 otherwise."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.reports.verification import verify_pack_file


class Command(BaseCommand):
    help = ("Say whether FILE is an unaltered compliance pack produced by this service, and which one. "
            "Exits 0 for a genuine pack and 1 otherwise (altered, unknown, unreadable or missing).")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        with path.open("rb") as handle:
            verdict = verify_pack_file(handle)
        if not verdict.genuine:
            raise CommandError(verdict.message)
        self.stdout.write(verdict.message)
