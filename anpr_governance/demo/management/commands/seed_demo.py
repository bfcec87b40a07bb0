"""`manage.py seed_demo [--password PW] [--totp-secret BASE32]`: load the demo force (see demo.builder)."""

import base64
import binascii
import secrets

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from anpr_governance.accounts.mfa import MFA_ROLES, give_totp_secret
from anpr_governance.accounts.models import User
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo import builder as demo_data
from anpr_governance.demo.content import PEOPLE


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
        parser.add_argument(
            "--totp-secret",
            help="Base32 secret for the two-factor app of the demo logins whose role needs one (default: the "
            "logins without one get a generated secret, printed).",
        )

    def handle(self, *args, password=None, totp_secret=None, **options):
        try:
            report = demo_data.seed(password=password)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write("\n".join(report.lines()))
        self._two_factor(totp_secret)

    def _two_factor(self, secret: str | None) -> None:
        """Give the demo logins that need a second factor an authenticator secret."""
        names = [p.username for p in PEOPLE if p.role in MFA_ROLES]
        users = list(User.objects.filter(username__in=names, groups__name__in=list(MFA_ROLES)).distinct())
        if secret is None:
            users = [u for u in users if not TOTPDevice.objects.filter(user=u, confirmed=True).exists()]
            if not users:
                return
            secret = base64.b32encode(secrets.token_bytes(20)).decode()
        try:
            for user in users:
                give_totp_secret(user, secret)
        except (ValueError, binascii.Error) as error:
            raise CommandError(f"--totp-secret is not a base32 secret: {error}") from error
        self.stdout.write("")
        self.stdout.write(f"Two-factor secret of {', '.join(u.username for u in users)} (add it to an "
                          f"authenticator app; it is asked for at sign-in when REQUIRE_MFA is on): {secret}")
