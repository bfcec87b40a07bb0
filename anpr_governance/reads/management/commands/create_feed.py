"""`manage.py create_feed --site REF --name NAME`: what a system administrator's Feeds page does."""

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads.services import feed_create
from anpr_governance.sites.models import Site


class Command(BaseCommand):
    help = (
        "Create a feed for a site and print its token (alone, on the last line). The token is shown only "
        "now: it is stored hashed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="The site's reference, e.g. STS-001.")
        parser.add_argument("--name", required=True, help="A unique name for the feed.")

    def handle(self, *args, site, name, **options):
        found = Site.objects.filter(reference=site.strip().upper()).first()
        if found is None:
            raise CommandError(f"There is no site with reference {site}.")
        try:
            feed, token = feed_create(actor=None, site=found, name=name)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Feed “{feed.name}” created for {found.reference} ({found.get_status_display().lower()}).")
        self.stdout.write("Its token follows; it is shown only now. Send it as: Authorization: Bearer <token>")
        self.stdout.write(token)
