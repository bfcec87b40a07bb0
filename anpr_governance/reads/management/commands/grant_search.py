"""`manage.py grant_search --as ADMIN --user USERNAME (--area NAME | --site REF) [--revoke] [--reason TEXT]`
proposes a grant (or its withdrawal) as the Search grants page does; `manage.py grant_search --as OFFICER
--decide N (--approve | --refuse --comment TEXT)` decides one. Two named people, as on the page: a
command run on the server opens nothing by itself."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads.models import SearchGrant
from anpr_governance.reads.services import search_grant_decide, search_grant_propose
from anpr_governance.sites.models import Site


def _user(username: str) -> User:
    person = User.objects.filter(username=username).first()
    if person is None:
        raise CommandError(f"There is no user {username}.")
    return person


class Command(BaseCommand):
    help = "Propose (or decide) an investigator's right to search the reads of a policing area or site."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="actor", required=True,
                            help="Who does it: a system administrator proposes, an authorising officer decides.")
        parser.add_argument("--user", help="The investigator's username (proposing).")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--area", help="A policing area's name or code.")
        scope.add_argument("--site", help="A site's reference.")
        parser.add_argument("--revoke", action="store_true", help="Propose withdrawing the grant instead.")
        parser.add_argument("--reason", default="", help="Why (recorded with the proposal).")
        parser.add_argument("--decide", type=int, help="The number of a proposal to decide.")
        decision = parser.add_mutually_exclusive_group()
        decision.add_argument("--approve", action="store_true")
        decision.add_argument("--refuse", action="store_true")
        parser.add_argument("--comment", default="", help="Required when refusing.")

    def handle(self, *args, actor, user=None, area=None, site=None, revoke=False, reason="", decide=None,
               approve=False, refuse=False, comment="", **options):
        who = _user(actor)
        try:
            if decide is not None:
                grant = SearchGrant.objects.filter(pk=decide).first()
                if grant is None:
                    raise CommandError(f"There is no search grant proposal {decide}.")
                if not (approve or refuse):
                    raise CommandError("Give --approve or --refuse.")
                grant = search_grant_decide(actor=who, grant=grant, decision="approve" if approve else "refuse",
                                            comment=comment)
                self.stdout.write(f"Search grant {grant.pk} ({grant}): {grant.get_status_display().lower()}.")
                return
            if not user or not (area or site):
                raise CommandError("Give --user and --area or --site to propose, or --decide N.")
            target_area = target_site = None
            if area:
                target_area = PolicingArea.objects.filter(Q(name__iexact=area) | Q(code=area)).first()
                if target_area is None:
                    raise CommandError(f"There is no policing area {area}.")
            else:
                target_site = Site.objects.filter(reference=site.strip().upper()).first()
                if target_site is None:
                    raise CommandError(f"There is no site with reference {site}.")
            grant = search_grant_propose(actor=who, user=_user(user), area=target_area, site=target_site,
                                         revoke=revoke, reason=reason)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Proposal {grant.pk}: {grant}. It takes effect when an authorising officer approves it "
                          f"(manage.py grant_search --as OFFICER --decide {grant.pk} --approve).")
