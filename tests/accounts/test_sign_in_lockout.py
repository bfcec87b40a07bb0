"""Sign-in lockout (issue 11, point 3): after 5 failed sign-ins to one account within 15 minutes
it is locked, with a clear message, until the time runs out or a system administrator unlocks it
(logged)."""

import pytest
from django.test import Client

from anpr_governance.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


def sign_in(browser, password, username="investigator"):
    return browser.post("/accounts/login/", {"username": username, "password": password})


def test_repeated_failures_lock_the_account_even_against_the_right_password(investigator):
    """Reproduces the hole: 40 wrong passwords in 26 s, then the right one worked."""
    browser = Client()
    for _ in range(4):
        assert sign_in(browser, "wrong guess").status_code == 200
    assert sign_in(browser, "wrong guess").status_code == 429  # the fifth failure locks
    locked = sign_in(browser, RIGHT)
    assert locked.status_code == 429
    assert "Sign-in is locked for this account" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in browser.session


def test_a_system_administrator_unlocks_and_it_is_logged(client, investigator, sysadmin):
    browser = Client()
    for _ in range(6):
        sign_in(browser, "wrong guess")
    client.force_login(sysadmin)
    client.post("/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [investigator.pk]})
    assert sign_in(browser, RIGHT).status_code == 302
    entry = AccessLogEntry.objects.get(action="accounts.signin.unlocked")
    assert (entry.actor, entry.details["user"]) == (sysadmin, "investigator")


def test_fewer_failures_do_not_lock(investigator):
    browser = Client()
    for _ in range(4):
        sign_in(browser, "wrong guess")
    assert sign_in(browser, RIGHT).status_code == 302
