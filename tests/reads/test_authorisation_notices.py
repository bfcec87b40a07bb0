"""Authorising officers are told of each new request, investigators of each decision: an in-app
notice on the dashboard and an e-mail, through the reviews app's notice machinery; and the
dashboard shows authorising officers what awaits their decision."""

import pytest
from django.core import mail
from test_authorisations import ask, decide

from anpr_governance.accounts.roles import Role
from anpr_governance.reviews.models import Notice
from anpr_governance.reviews.notices import notice_emails_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(authoriser, make_user):
    second = make_user("authoriser2", Role.AUTHORISING_OFFICER, email="a2@police.example")
    authoriser.email = "a1@police.example"
    authoriser.save()
    return authoriser, second


def test_every_authorising_officer_is_told_of_a_new_request_and_sees_it_awaiting_their_decision(
        client, granted, officers):
    number = ask(client, granted).json()["id"]
    notices = Notice.objects.filter(kind=Notice.Kind.AUTHORISATION_REQUESTED)
    assert {n.recipient for n in notices} == set(officers)
    assert notice_emails_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a1@police.example", "a2@police.example"]
    assert f"/reads/authorisations/{number}/" in mail.outbox[0].body
    client.force_login(officers[0])
    dashboard = client.get("/").content.decode()
    assert "Awaiting my decision" in dashboard and f"Authorisation {number}" in dashboard
    assert f"Authorisation {number} to search older reads, asked by investigator, awaits your decision." in dashboard


def test_the_investigator_is_told_of_the_decision_and_it_leaves_the_queue(client, granted, officers):
    number = ask(client, granted).json()["id"]
    decide(client, officers[0], number, decision="refuse", comment="Not proportionate for this offence.")
    told = Notice.objects.get(kind=Notice.Kind.AUTHORISATION_DECIDED)
    assert told.recipient == granted and told.message == f"Authorisation {number} was refused by authoriser."
    client.force_login(granted)
    assert f"Authorisation {number} was refused by authoriser." in client.get("/").content.decode()
    client.force_login(officers[1])
    assert "No request to search older reads is waiting for your decision." in client.get("/").content.decode()


def test_a_refused_request_tells_nobody(client, granted, officers):
    assert ask(client, granted, reason="too short").status_code == 400
    assert not Notice.objects.exists()


def test_roles_that_decide_nothing_see_no_decision_queue(client, granted, officers, manager):
    client.force_login(manager)
    assert "Awaiting my decision" not in client.get("/").content.decode()


def test_the_request_notice_leaves_every_officers_dashboard_once_it_is_decided(client, granted, officers):
    """Issue 12, point 3: a notice whose subject is already done is dropped (as for reviews)."""
    number = ask(client, granted).json()["id"]
    asks = f"Authorisation {number} to search older reads, asked by investigator, awaits your decision."
    client.force_login(officers[1])
    assert asks in client.get("/").content.decode()
    decide(client, officers[0], number, decision="approve")
    client.force_login(officers[1])
    assert asks not in client.get("/").content.decode()
    assert asks in client.get("/reviews/notices/").content.decode()  # still in the list of all notices
