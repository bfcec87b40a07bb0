"""`manage.py seed_demo [--password PW]`: load the demo force (see demo.builder)."""

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo import builder as demo_data


class Command(BaseCommand):
    help = (
        "Load the demo: a login per role, the nine policing areas and 64 fictional camera sites over 109 lanes "
        "in every lifecycle status. Safe to run again: an existing demo is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo logins created now (default: the DEMO_PASSWORD setting, else generated).",
        )

    def handle(self, *args, password=None, **options):
        try:
            report = demo_data.seed(password=password)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write("\n".join(report.lines()))
