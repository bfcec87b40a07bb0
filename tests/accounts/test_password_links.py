"""Nobody sets another person's password (issue 11, point 2): a new account or a reset gets a
single-use, expiring link by e-mail, and the sending is logged."""

import re

import pytest
from django.core import mail

from anpr_governance.accounts.models import User
from anpr_governance.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_a_new_account_gets_a_link_not_a_password(client, sysadmin):
    client.force_login(sysadmin)
    page = client.get("/admin/accounts/user/add/").content.decode()
    assert 'name="password1"' not in page
    response = client.post("/admin/accounts/user/add/", {"username": "newstarter", "first_name": "Nia",
                                                         "last_name": "Shah", "email": "nia@example.org"})
    assert response.status_code == 302
    user = User.objects.get(username="newstarter")
    assert not user.has_usable_password()
    assert mail.outbox[-1].to == ["nia@example.org"]
    entry = AccessLogEntry.objects.get(action="accounts.password.link_sent")
    assert (entry.actor, entry.details["user"]) == (sysadmin, "newstarter")
    client.logout()
    link = link_in(mail.outbox[-1])
    form = client.get(link, follow=True)
    assert "Choose your password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "a long enough passphrase",
                                                     "new_password2": "a long enough passphrase"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long enough passphrase")
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()  # single use


def test_the_administrator_cannot_set_anothers_password(client, sysadmin, investigator):
    """Reproduces the hole: a system administrator reset the investigator's password and signed in as them."""
    client.force_login(sysadmin)
    page = client.get(f"/admin/accounts/user/{investigator.pk}/password/")
    assert page.status_code == 403
    client.post(f"/admin/accounts/user/{investigator.pk}/password/",
                {"password1": "a long enough passphrase", "password2": "a long enough passphrase"})
    investigator.refresh_from_db()
    assert investigator.check_password("correct horse battery")


def test_a_reset_link_is_sent_from_the_user_list(client, sysadmin, investigator):
    investigator.email = "james@example.org"
    investigator.save()
    client.force_login(sysadmin)
    client.post("/admin/accounts/user/", {"action": "send_password_link", "_selected_action": [investigator.pk]})
    assert mail.outbox[-1].to == ["james@example.org"]
    investigator.refresh_from_db()
    assert investigator.check_password("correct horse battery")  # unchanged until they use the link


def test_a_link_expires(client, sysadmin, investigator, settings):
    import datetime

    import time_machine

    investigator.email = "james@example.org"
    investigator.save()
    client.force_login(sysadmin)
    client.post("/admin/accounts/user/", {"action": "send_password_link", "_selected_action": [investigator.pk]})
    client.logout()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later, tick=False):
        assert "This link no longer works" in client.get(link_in(mail.outbox[-1]), follow=True).content.decode()
