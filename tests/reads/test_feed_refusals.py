"""Feeds (issue 16, point 8, mutation testing of reads/services/feeds.py): each refusal word for
word beside its field, who created and who revoked a feed, and what the history and the access
log keep of both."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.reads import services
from anpr_governance.reads.models import Feed

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def error_beside(content: str, field_id: str, message: str) -> bool:
    """The message is in the summary (linked to the field) and in the field's own group."""
    group = content.split(f'id="{field_id}"')[0].rsplit("govuk-form-group", 1)[-1]
    return f'href="#{field_id}"' in content and message in group and "govuk-form-group--error" in content


@pytest.mark.parametrize("name", ["", "   "])
def test_a_feed_without_a_name_is_refused_beside_the_name(client, sysadmin, site, name):
    client.force_login(sysadmin)
    response = client.post("/reads/feeds/", {"site": site.pk, "name": name})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "name", "Enter a name for the feed.")
    assert not Feed.objects.exists()


def test_the_command_refuses_a_feed_without_a_name(site):
    with pytest.raises(CommandError) as refused:
        call_command("create_feed", "--site", "STS-001", "--name", "  ")
    assert str(refused.value) == "Enter a name for the feed."
    assert not Feed.objects.exists()


def test_a_name_taken_in_any_case_is_refused_beside_the_name_as_typed(client, sysadmin, site, feed):
    client.force_login(sysadmin)
    response = client.post("/reads/feeds/", {"site": site.pk, "name": "  sts-001 BACK office "})
    assert response.status_code == 400
    assert error_beside(
        response.content.decode(), "name", "A feed named “sts-001 BACK office” already exists: choose another name."
    )
    assert list(Feed.objects.values_list("name", flat=True)) == ["STS-001 back office"]


def test_a_decommissioned_site_is_refused_beside_the_site(client, sysadmin, make_site):
    site = make_site("decommissioned", reference="STS-090")
    client.force_login(sysadmin)
    response = client.post("/reads/feeds/", {"site": site.pk, "name": "Late feed"})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "site", "STS-090 is decommissioned: it can have no feed.")
    with pytest.raises(DomainError) as refused:
        services.feed_create(actor=sysadmin, site=site, name="Late feed")
    message = "STS-090 is decommissioned: it can have no feed."
    assert (refused.value.message, refused.value.field_errors) == (message, {"site": [message]})
    assert not Feed.objects.exists()


def test_the_service_puts_each_creation_refusal_on_its_field(sysadmin, site, feed):
    with pytest.raises(DomainError) as empty:
        services.feed_create(actor=sysadmin, site=site, name=None)
    assert (empty.value.message, empty.value.field_errors) == (
        "Enter a name for the feed.",
        {"name": ["Enter a name for the feed."]},
    )
    with pytest.raises(DomainError) as taken:
        services.feed_create(actor=sysadmin, site=site, name="STS-001 Back Office")
    message = "A feed named “STS-001 Back Office” already exists: choose another name."
    assert (taken.value.message, taken.value.field_errors) == (message, {"name": [message]})


@pytest.mark.parametrize("role", ["investigator", "auditor", "manager", "authoriser"])
def test_only_a_system_administrator_creates_or_revokes_a_feed(request, role, site, feed):
    actor = request.getfixturevalue(role)
    with pytest.raises(NotPermitted) as creating:
        services.feed_create(actor=actor, site=site, name="Another")
    assert creating.value.message == "Only a system administrator may create a camera feed."
    with pytest.raises(NotPermitted) as revoking:
        services.feed_revoke(actor=actor, feed=feed, reason="Replaced.")
    assert revoking.value.message == "Only a system administrator may revoke a camera feed."
    assert list(Feed.objects.values_list("name", "revoked_at")) == [("STS-001 back office", None)]


def test_a_deactivated_system_administrator_can_neither_create_nor_revoke(sysadmin, site, feed):
    sysadmin.is_active = False
    sysadmin.save()
    with pytest.raises(NotPermitted, match=r"^You must be signed in to create a camera feed\.$"):
        services.feed_create(actor=sysadmin, site=site, name="Another")
    with pytest.raises(NotPermitted, match=r"^You must be signed in to revoke a camera feed\.$"):
        services.feed_revoke(actor=sysadmin, feed=feed, reason="Replaced.")


def test_a_created_feed_records_who_created_it_in_its_history_and_the_log(sysadmin, site):
    feed, token = services.feed_create(actor=sysadmin, site=site, name="  Back office B  ")
    feed = Feed.objects.get(pk=feed.pk)
    assert (feed.name, feed.site, feed.created_by, feed.token_hint) == ("Back office B", site, sysadmin, token[:6])
    assert list(feed.history.values_list("history_user", "history_change_reason")) == [
        (sysadmin.pk, "reads.feed.created")
    ]
    entry = AccessLogEntry.objects.get(action=Action.FEED_CREATED)
    assert (entry.actor, entry.actor_name, entry.outcome, entry.subject, entry.details) == (
        sysadmin,
        "sysadmin",
        "allowed",
        f"feed:{feed.pk}",
        {"feed": "Back office B", "site": "STS-001"},
    )


def test_a_feed_created_by_the_command_is_created_by_nobody_signed_in(site):
    call_command("create_feed", "--site", "STS-001", "--name", "Command feed", stdout=io.StringIO())
    feed = Feed.objects.get(name="Command feed")
    assert feed.created_by is None
    assert list(feed.history.values_list("history_user", "history_change_reason")) == [(None, "reads.feed.created")]
    entry = AccessLogEntry.objects.get(action=Action.FEED_CREATED)
    assert (entry.actor, entry.actor_name, entry.subject, entry.details) == (
        None,
        "system",
        f"feed:{feed.pk}",
        {"feed": "Command feed", "site": "STS-001"},
    )


@pytest.mark.parametrize("reason", [None, "", "  \n "])
def test_a_revocation_without_a_reason_is_refused_on_the_reason(sysadmin, feed, reason):
    with pytest.raises(DomainError) as refused:
        services.feed_revoke(actor=sysadmin, feed=feed, reason=reason)
    message = "Enter why you are revoking this feed"
    assert (refused.value.message, refused.value.field_errors) == (message, {"reason": [message]})
    assert Feed.objects.get(pk=feed.pk).is_active
    assert not AccessLogEntry.objects.filter(action=Action.FEED_REVOKED).exists()


def test_a_revocation_records_when_by_whom_and_why(sysadmin, feed, time_machine):
    moment = datetime.datetime(2027, 7, 1, 0, 30, tzinfo=LONDON)
    time_machine.move_to(moment, tick=False)
    services.feed_revoke(actor=sysadmin, feed=feed, reason="  Camera stolen.  ")
    feed = Feed.objects.get(pk=feed.pk)
    assert (feed.revoked_at, feed.revoked_by) == (moment, sysadmin)
    assert list(feed.history.values_list("history_user", "history_change_reason")) == [
        (sysadmin.pk, "reads.feed.revoked: Camera stolen."),
        (sysadmin.pk, "reads.feed.created"),
    ]
    entry = AccessLogEntry.objects.get(action=Action.FEED_REVOKED)
    assert (entry.actor, entry.actor_name, entry.outcome, entry.subject, entry.details) == (
        sysadmin,
        "sysadmin",
        "allowed",
        f"feed:{feed.pk}",
        {"feed": "STS-001 back office", "site": "STS-001", "reason": "Camera stolen."},
    )


def test_a_revocation_sent_from_a_page_drawn_before_the_feed_was_revoked_says_on_which_day(
    make_user, sysadmin, feed, time_machine
):
    """Another administrator's revoke page, drawn before the feed was revoked and sent two days
    later: refused, naming the day of the revocation in UK time (30 June 23:30 in UTC)."""
    colleague = make_user("sysadmin2", Role.SYSTEM_ADMINISTRATOR)
    drawn = Feed.objects.get(pk=feed.pk)  # what the colleague's page was drawn from
    time_machine.move_to(datetime.datetime(2027, 7, 1, 0, 30, tzinfo=LONDON), tick=False)
    services.feed_revoke(actor=sysadmin, feed=feed, reason="Replaced.")
    time_machine.move_to(datetime.datetime(2027, 7, 3, 9, 0, tzinfo=LONDON), tick=False)
    with pytest.raises(DomainError) as refused:
        services.feed_revoke(actor=colleague, feed=drawn, reason="Token leaked.")
    assert refused.value.message == "Feed “STS-001 back office” was already revoked on 01 July 2027."
    feed = Feed.objects.get(pk=feed.pk)
    assert feed.revoked_by == sysadmin
    assert AccessLogEntry.objects.filter(action=Action.FEED_REVOKED).count() == 1
