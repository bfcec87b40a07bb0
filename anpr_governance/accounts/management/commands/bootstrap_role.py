"""`manage.py bootstrap_role --user USERNAME --role "System administrator"`: the first system
administrator (or data protection officer) of a new installation, while nobody holds that role.
Every later role change is proposed and approved by two people on the Roles page."""

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.accounts.models import User
from anpr_governance.accounts.services import role_bootstrap
from anpr_governance.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Give the first system administrator or data protection officer their role (logged)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--role", required=True, help='"System administrator" or "Data protection officer".')

    def handle(self, *args, user, role, **options):
        person = User.objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"There is no user {user}.")
        try:
            role_bootstrap(user=person, role=role)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{person.username} is now the {role.lower()}.")
