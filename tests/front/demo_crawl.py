"""What the demo crawls of tests/front share: the demo seeded once for a module (rolled back at
its end), and the shape of a link, so that one page of each kind is visited."""

import io
import re

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def shape(href: str) -> str:
    return re.sub(r"[A-Z]{2,5}-\d{3,4}", "REF", re.sub(r"\d+", "N", href))


def seeded_demo(django_db_blocker, password: str):
    """The body of a module-scoped fixture: yields while the demo stands, then rolls it back."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, DEMO_PASSWORD=""), \
            transaction.atomic():
        call_command("seed_demo", password=password, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
