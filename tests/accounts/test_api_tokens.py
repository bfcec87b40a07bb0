"""API tokens (issue 11, point 2): stored hashed, expiring, created only by their owner (shown
once), revocable; no admin page makes one for someone else; the DRF authtoken app is gone."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from knox.models import AuthToken

from anpr_governance.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/reads/searches/"
SITES = "/api/v1/sites/"


def create(client, user) -> str:
    client.force_login(user)
    page = client.post("/accounts/api-tokens/", {"action": "create"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    return page.content.decode().split('data-testid="token">')[1].split("<")[0]


def test_a_token_is_shown_once_stored_hashed_and_works(client, auditor):
    token = create(client, auditor)
    stored = AuthToken.objects.get(user=auditor)
    assert token not in (stored.digest, stored.token_key) and stored.token_key == token[:len(stored.token_key)]
    assert token not in client.get("/accounts/api-tokens/").content.decode()
    client.logout()
    assert client.get(SITES, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert AccessLogEntry.objects.get().action == "accounts.token.created"


def test_a_token_expires(client, auditor):
    token = create(client, auditor)
    client.logout()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=settings.ANPR_API_TOKEN_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert client.get(SITES, HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


def test_a_revoked_token_stops_working(client, auditor):
    token = create(client, auditor)
    key = AuthToken.objects.get().token_key
    client.post("/accounts/api-tokens/", {"action": "revoke", "token": key})
    client.logout()
    assert client.get(SITES, HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


def test_nobody_revokes_anothers_token(client, auditor, dpo):
    create(client, auditor)
    key = AuthToken.objects.get().token_key
    client.force_login(dpo)
    client.post("/accounts/api-tokens/", {"action": "revoke", "token": key})
    assert AuthToken.objects.filter(token_key=key).exists()


def test_no_admin_page_makes_a_token_and_the_authtoken_app_is_gone(client, make_user):
    """Reproduces the hole: a superuser created a token for the investigator in the admin."""
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/admin/knox/authtoken/add/").status_code == 404
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 404
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    assert not any(model._meta.app_label in ("authtoken", "knox") for model in admin.site._registry)
