"""python manage.py build_pack (--site REF | --all) [--as-at YYYY-MM-DD] --out FILE.pdf"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.accounts.models import User
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reports import services
from anpr_governance.reports.models import Pack


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-at must be a date written YYYY-MM-DD, such as 2026-03-31 (not {value!r}).") from error


class Command(BaseCommand):
    help = (
        "Build a compliance pack now (without the Celery worker), store it with its version number and SHA-256 "
        "like packs built on the Reports page, and write the PDF to --out. Without --user the pack is built by "
        "the server operator and restricted locations are withheld; with --user it is built as that person, "
        "whose role must allow it."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--site", metavar="REF", help="the site's reference, e.g. STS-017")
        scope.add_argument("--all", action="store_true", help="a force-wide pack of every site")
        parser.add_argument("--as-at", type=_date, metavar="YYYY-MM-DD", help="the as-at date (default: today)")
        parser.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
        parser.add_argument("--user", metavar="USERNAME", help="build as this person (their role and view apply)")
        parser.add_argument("--recipient", default="", help="who the pack is for (recorded as the disclosure)")
        parser.add_argument("--redact-locations", action="store_true",
                            help="withhold restricted camera locations whoever builds it (for an outside recipient)")

    def handle(self, *args, **options):
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"The folder {out.parent} does not exist: no file written.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"There is no user {options['user']!r}: no file written.")
        try:
            pack = services.pack_request(
                actor=actor, scope=Pack.Scope.FORCE if options["all"] else Pack.Scope.SITE,
                site_reference=options["site"] or "", as_at=options["as_at"], recipient=options["recipient"],
                via=Pack.Via.COMMAND, enqueue=False, redact_locations=options["redact_locations"],
            )
        except DomainError as error:
            raise CommandError(f"{error.message} No file written.") from error
        pack = services.pack_build(pack_id=pack.pk)
        if pack.state != Pack.State.READY:
            raise CommandError(f"{pack.error} No file written.")
        with pack.file.open("rb") as source:
            out.write_bytes(source.read())
        self.stdout.write(
            f"{pack.label}, as at {pack.as_at:%-d %B %Y}: {pack.site_count} site(s), {pack.page_count} pages.\n"
            f"Data fingerprint (SHA-256, on the cover): {pack.data_sha256}\n"
            f"File SHA-256 (stored for verification):  {pack.file_sha256}\n"
            f"Access log anchor (entries, head hash):  {pack.log_entries} {pack.log_head_hash}\n"
            f"  check it later: manage.py verify_access_log --anchor {pack.log_head_hash}:{pack.log_entries}\n"
            f"Written to {out}"
        )
