"""Feeds and search grants: the system administrator's work, by page and by command."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from read_helpers import INGEST, read

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reads import services
from anpr_governance.reads.models import Feed
from anpr_governance.reads.selectors import sites_searchable_by

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_feed_token_is_shown_once_and_stored_only_hashed(feed_and_token):
    feed, token = feed_and_token
    assert len(token) >= 40
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {value for value in Feed.objects.values_list("name", "token_hint", "token_hash")[0]}


def test_the_feeds_page_creates_a_feed_and_shows_its_token_once(client, sysadmin, site):
    client.force_login(sysadmin)
    response = client.post("/reads/feeds/", {"site": site.pk, "name": "Back office A"})
    assert response.status_code == 200
    token = response.content.decode().split('data-testid="feed-token">')[1].split("<")[0]
    feed = Feed.objects.get(name="Back office A")
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert response["Cache-Control"] == "no-store"
    listing = client.get("/reads/feeds/").content.decode()
    assert "Back office A" in listing and token not in listing
    ingested = client.post(INGEST, {"reads": [read()]}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ingested.json()["accepted"] == 1
    assert AccessLogEntry.objects.filter(action=Action.FEED_CREATED, actor=sysadmin).exists()


def test_the_feeds_page_refuses_a_duplicate_name(client, sysadmin, site, feed):
    client.force_login(sysadmin)
    response = client.post("/reads/feeds/", {"site": site.pk, "name": feed.name})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_revoking_a_feed_from_the_page_stops_its_token(client, sysadmin, feed_and_token):
    feed, token = feed_and_token
    client.force_login(sysadmin)
    assert client.post(f"/reads/feeds/{feed.pk}/revoke/", {"reason": "Replaced."}).status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_by == sysadmin
    response = client.post(INGEST, {"reads": [read()]}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert list(feed.history.values_list("history_change_reason", flat=True)) == [
        "reads.feed.revoked: Replaced.", "reads.feed.created"
    ]


@pytest.mark.parametrize("role", ["investigator", "auditor", "manager", "authoriser"])
def test_only_system_administrators_manage_feeds_and_grants(client, request, role, site):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/reads/feeds/").status_code == 403
    assert client.get("/reads/grants/").status_code == 403
    assert client.post("/reads/feeds/", {"site": site.pk, "name": "x"}).status_code == 403
    assert not Feed.objects.exists()


def test_a_decommissioned_site_gets_no_feed(make_site, sysadmin):
    site = make_site("decommissioned", reference="STS-090")
    with pytest.raises(services.feeds.DomainError, match="decommissioned"):
        services.feed_create(actor=sysadmin, site=site, name="late")


def test_create_feed_prints_the_token_alone_on_its_last_line(site, client):
    output = command("create_feed", "--site", "STS-001", "--name", "Command feed")
    token = output.strip().splitlines()[-1]
    assert " " not in token and len(token) >= 40
    assert Feed.objects.get(name="Command feed").token_hash == hashlib.sha256(token.encode()).hexdigest()
    response = client.post(INGEST, {"reads": [read()]}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.json()["accepted"] == 1
    assert AccessLogEntry.objects.get(action=Action.FEED_CREATED).actor_name == "system"


def test_create_feed_refuses_an_unknown_site(db):
    with pytest.raises(CommandError, match="no site with reference STS-404"):
        command("create_feed", "--site", "STS-404", "--name", "x")


def test_the_grants_page_grants_and_revokes_an_area(client, sysadmin, investigator, site):
    client.force_login(sysadmin)
    response = client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk,
                                              "action": "grant"})
    assert response.status_code == 302
    assert list(sites_searchable_by(investigator)) == [site]
    assert "Stafford" in client.get("/reads/grants/").content.decode()
    client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk, "action": "revoke"})
    assert not sites_searchable_by(investigator).exists()
    actions = list(AccessLogEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-2:] == [Action.GRANT_ADDED, Action.GRANT_REVOKED]


def test_the_grants_page_refuses_an_area_and_a_site_together(client, sysadmin, investigator, site):
    client.force_login(sysadmin)
    response = client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk,
                                              "site": site.pk, "action": "grant"})
    assert response.status_code == 400
    assert "either a policing area or a site" in response.content.decode()


def test_grant_search_command_grants_a_site_and_revokes_it(investigator, site):
    output = command("grant_search", "--user", "investigator", "--site", "STS-001")
    assert "investigator may now search the reads of site STS-001" in output
    assert list(sites_searchable_by(investigator)) == [site]
    command("grant_search", "--user", "investigator", "--site", "STS-001", "--revoke")
    assert not sites_searchable_by(investigator).exists()


def test_grant_search_command_takes_an_area_by_name(investigator, site):
    command("grant_search", "--user", "investigator", "--area", "Stafford")
    assert list(sites_searchable_by(investigator)) == [site]


def test_only_investigators_are_granted_searches(auditor, site):
    with pytest.raises(CommandError, match="not an active investigator"):
        command("grant_search", "--user", "auditor", "--area", "Stafford")


def test_granting_twice_says_so(investigator, site):
    command("grant_search", "--user", "investigator", "--area", "Stafford")
    with pytest.raises(CommandError, match="may already search"):
        command("grant_search", "--user", "investigator", "--area", "Stafford")


def test_an_area_grant_covers_sites_added_to_the_area_later(granted, make_site):
    later = make_site("live", reference="STS-003")
    assert later in sites_searchable_by(granted)


def test_a_system_administrator_cannot_grant_themselves_a_search(sysadmin, site):
    with pytest.raises(services.feeds.DomainError, match="not an active investigator"):
        services.search_grant(actor=sysadmin, user=sysadmin, area=site.policing_area)


def test_only_a_system_administrator_grants(investigator, auditor, site):
    with pytest.raises(services.feeds.DomainError, match="Only a system administrator"):
        services.search_grant(actor=auditor, user=investigator, area=site.policing_area)


def test_revoking_a_feed_goes_through_a_confirmation_page_with_a_required_reason(client, sysadmin, feed_and_token):
    """Issue 12, point 5: one click on a red button used to revoke at once, with no reason."""
    feed, _ = feed_and_token
    client.force_login(sysadmin)
    listing = client.get("/reads/feeds/").content.decode()
    assert f'href="/reads/feeds/{feed.pk}/revoke/"' in listing  # a link to the confirmation, not a form
    confirm = client.get(f"/reads/feeds/{feed.pk}/revoke/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    refused = client.post(f"/reads/feeds/{feed.pk}/revoke/", {"reason": "  "})
    assert refused.status_code == 400 and "Enter why you are revoking this feed" in refused.content.decode()
    feed.refresh_from_db()
    assert feed.revoked_at is None  # nothing changed by the refused request
    assert client.post(f"/reads/feeds/{feed.pk}/revoke/", {"reason": "Camera stolen."}).status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert feed.history.first().history_change_reason == "reads.feed.revoked: Camera stolen."
