"""`manage.py import_sites FILE --user USERNAME [--dry-run]`: import a force's register of sites
from CSV or Excel (.xlsx), all or nothing; what the page /sites/import/ does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.accounts.models import User
from anpr_governance.core.exceptions import DomainError
from anpr_governance.sites.register_import import HEADER, register_check, register_import


class Command(BaseCommand):
    help = ("Import a register of sites (CSV or .xlsx with the header " + ",".join(HEADER) + "). Nothing is "
            "written if any row has a problem; exits non-zero on any problem.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register: a .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--user", help="The approving manager the history records as importing it "
                                           "(required unless --dry-run).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and say what would change; "
                                                                   "write nothing.")

    def handle(self, *args, file, user=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        content = path.read_bytes()
        if user is None and not dry_run:
            raise CommandError("Say who is importing the register: --user USERNAME (an approving manager).")
        actor = None
        if user is not None:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"There is no user {user}.")
        try:
            if actor is None:
                plan = register_check(filename=path.name, content=content)
            else:
                plan = register_import(actor=actor, filename=path.name, content=content, dry_run=dry_run)
        except DomainError as error:
            raise CommandError(error.message) from error
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(plan.problems)} problem(s) in {path.name}: nothing was imported.")
        if not plan.changes:
            self.stdout.write(f"Nothing to change: the register in the service already matches {path.name} "
                              f"({plan.rows} site(s)).")
            return
        verb = ("Would create", "would update") if dry_run else ("Created", "updated")
        self.stdout.write(f"{verb[0]} {len(plan.creates)} site(s) and {verb[1]} {len(plan.updates)} "
                          f"from {path.name}{' (dry run: nothing was written)' if dry_run else ''}.")
        for change in plan.changes:
            self.stdout.write(f"  {change.action} {change.reference}: {'; '.join(change.details)}")
