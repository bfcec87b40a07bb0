"""Faults: the broker down when a user does something that enqueues work. A manager assigns a
site to an officer (which e-mails the officer, by a task sent after commit) while the broker is
a closed port: the assignment and the officer's notice are saved, the page's work does not fail,
and once the broker is back the quarter-hourly e-mail run, taken from Redis by a real worker,
sends the e-mail once."""

import socket

import pytest
from django.core import mail
from test_celery_wiring import _forget_connections, redis_worker, wait_for  # noqa: F401 (a fixture)

from anpr_governance.celery import app as celery_app
from anpr_governance.reviews import tasks
from anpr_governance.reviews.models import Notice
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import site_assign_officer


def everything_acknowledged() -> bool:
    """Nothing waits in the queue and nothing taken is unacknowledged (acks_late): all ran."""
    with celery_app.connection_for_write() as connection:
        redis = connection.default_channel.client
        return redis.llen("celery") == 0 and redis.hlen("unacked") == 0


@pytest.fixture
def broker_down(settings):
    """The broker is a port nobody listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    conf.update(broker_url=f"redis://127.0.0.1:{port}/0", broker_transport_options={}, task_always_eager=False)
    _forget_connections()
    yield
    conf.update(saved)
    _forget_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assignment_made_while_the_broker_is_down_is_kept_and_its_email_sent_once_it_is_back(
        request, role_groups, make_site, another_officer, manager, broker_down, caplog):
    another_officer.email = "another.officer@police.example"
    another_officer.save()
    site = make_site("proposed")

    site_assign_officer(actor=manager, site=site, officer=another_officer)  # does not raise

    site.refresh_from_db()
    assert site.governance_officer == another_officer  # the change is saved
    notice = Notice.objects.get(recipient=another_officer)  # and the work it owes, as a row
    assert notice.emailed_at is None and mail.outbox == []
    assert "Could not enqueue reviews.send_notice_emails" in caplog.text  # the operators are told

    request.getfixturevalue("redis_worker")  # the broker is back (Redis) with a real worker on it
    tasks.send_notice_emails.delay()  # beat's quarter-hourly run
    [email] = wait_for(lambda: list(mail.outbox))
    assert email.to == ["another.officer@police.example"] and site.reference in email.body
    assert wait_for(lambda: Notice.objects.get(pk=notice.pk).emailed_at is not None)
    tasks.send_notice_emails.delay()  # a second run sends nothing again
    wait_for(everything_acknowledged)
    assert len(mail.outbox) == 1
    assert Site.objects.get(pk=site.pk).governance_officer == another_officer
