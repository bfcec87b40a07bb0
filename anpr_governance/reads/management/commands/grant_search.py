"""`manage.py grant_search --user USERNAME (--area NAME | --site REF) [--revoke]`: what the
Search grants page does."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads.services import search_grant, search_revoke
from anpr_governance.sites.models import Site


class Command(BaseCommand):
    help = "Grant (or with --revoke, withdraw) an investigator's right to search the reads of a policing area or site."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The investigator's username.")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--area", help="A policing area's name or code.")
        scope.add_argument("--site", help="A site's reference.")
        parser.add_argument("--revoke", action="store_true", help="Withdraw the grant instead.")

    def handle(self, *args, user, area=None, site=None, revoke=False, **options):
        person = User.objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"There is no user {user}.")
        target_area = target_site = None
        if area:
            target_area = PolicingArea.objects.filter(Q(name__iexact=area) | Q(code=area)).first()
            if target_area is None:
                raise CommandError(f"There is no policing area {area}.")
        else:
            target_site = Site.objects.filter(reference=site.strip().upper()).first()
            if target_site is None:
                raise CommandError(f"There is no site with reference {site}.")
        service = search_revoke if revoke else search_grant
        try:
            service(actor=None, user=person, area=target_area, site=target_site)
        except DomainError as error:
            raise CommandError(error.message) from error
        scope = f"the {target_area.name} policing area" if target_area else f"site {target_site.reference}"
        verb = "may no longer search" if revoke else "may now search"
        self.stdout.write(f"{person.username} {verb} the reads of {scope}.")
