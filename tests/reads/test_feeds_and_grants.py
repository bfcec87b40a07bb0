"""Feeds and search grants: the system administrator's work, by page and by command."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from read_helpers import INGEST, read

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reads import services
from anpr_governance.reads.models import Feed, SearchGrant
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
def test_only_system_administrators_manage_feeds_and_propose_grants(client, request, role, site):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/reads/feeds/").status_code == 403
    assert client.get("/reads/grants/").status_code == (200 if role == "authoriser" else 403)
    client.post("/reads/grants/", {"user": request.getfixturevalue("investigator").pk,
                                   "area": site.policing_area.pk, "action": "grant"})
    assert not SearchGrant.objects.exists()
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


def test_the_grants_page_proposes_and_another_person_approves(client, sysadmin, authoriser, investigator, site):
    client.force_login(sysadmin)
    response = client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk,
                                              "action": "grant", "reason": "Joins the Stafford burglary team."})
    assert response.status_code == 302
    assert not sites_searchable_by(investigator).exists()  # nothing opens until another person approves
    proposal = SearchGrant.objects.get()
    client.force_login(authoriser)
    assert "Joins the Stafford burglary team." in client.get("/reads/grants/").content.decode()
    assert client.post(f"/reads/grants/{proposal.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert list(sites_searchable_by(investigator)) == [site]
    client.force_login(sysadmin)
    client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk, "action": "revoke"})
    assert list(sites_searchable_by(investigator)) == [site]  # a withdrawal too needs the second person
    withdrawal = SearchGrant.objects.get(status=SearchGrant.Status.PENDING)
    client.force_login(authoriser)
    client.post(f"/reads/grants/{withdrawal.pk}/decide/", {"decision": "approve", "comment": "Left the team."})
    assert not sites_searchable_by(investigator).exists()
    actions = list(AccessLogEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-4:] == [Action.GRANT_REQUESTED, Action.GRANT_ADDED, Action.GRANT_REQUESTED, Action.GRANT_REVOKED]


def test_a_refusal_says_why_and_opens_nothing(client, sysadmin, authoriser, investigator, site):
    proposal = services.search_grant_propose(actor=sysadmin, user=investigator, area=site.policing_area)
    client.force_login(authoriser)
    response = client.post(f"/reads/grants/{proposal.pk}/decide/", {"decision": "refuse", "comment": ""})
    assert response.status_code == 400 and "Say why the proposal is refused." in response.content.decode()
    client.post(f"/reads/grants/{proposal.pk}/decide/", {"decision": "refuse", "comment": "Not on the team."})
    assert not sites_searchable_by(investigator).exists()
    entry = AccessLogEntry.objects.order_by("sequence").last()
    assert (entry.action, entry.outcome, entry.justification) == (Action.GRANT_REFUSED, "refused", "Not on the team.")


def test_the_grants_page_refuses_an_area_and_a_site_together(client, sysadmin, investigator, site):
    client.force_login(sysadmin)
    response = client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk,
                                              "site": site.pk, "action": "grant"})
    assert response.status_code == 400
    assert "either a policing area or a site" in response.content.decode()


def test_grant_search_command_proposes_and_decides_as_named_people(investigator, sysadmin, authoriser, site):
    output = command("grant_search", "--as", "sysadmin", "--user", "investigator", "--site", "STS-001")
    assert "takes effect when an authorising officer approves it" in output
    assert not sites_searchable_by(investigator).exists()
    number = SearchGrant.objects.get().pk
    command("grant_search", "--as", "authoriser", "--decide", str(number), "--approve")
    assert list(sites_searchable_by(investigator)) == [site]


def test_grant_search_command_takes_an_area_by_name(investigator, sysadmin, site):
    command("grant_search", "--as", "sysadmin", "--user", "investigator", "--area", "Stafford")
    assert SearchGrant.objects.get().area == site.policing_area


def test_the_command_is_not_a_way_round_the_second_person(investigator, sysadmin, site):
    command("grant_search", "--as", "sysadmin", "--user", "investigator", "--area", "Stafford")
    number = SearchGrant.objects.get().pk
    with pytest.raises(CommandError, match="Only an authorising officer"):
        command("grant_search", "--as", "sysadmin", "--decide", str(number), "--approve")


def test_only_investigators_are_granted_searches(auditor, sysadmin, site):
    with pytest.raises(CommandError, match="not an active investigator"):
        command("grant_search", "--as", "sysadmin", "--user", "auditor", "--area", "Stafford")


def test_granting_twice_says_so(investigator, grant_search, sysadmin, site):
    grant_search(investigator, area=site.policing_area)
    with pytest.raises(CommandError, match="may already search"):
        command("grant_search", "--as", "sysadmin", "--user", "investigator", "--area", "Stafford")


def test_an_area_grant_covers_sites_added_to_the_area_later(granted, make_site):
    later = make_site("live", reference="STS-003")
    assert later in sites_searchable_by(granted)


def test_a_system_administrator_cannot_grant_themselves_a_search(sysadmin, site):
    with pytest.raises(services.feeds.DomainError, match="are the person it concerns"):
        services.search_grant_propose(actor=sysadmin, user=sysadmin, area=site.policing_area)


def test_a_person_holding_both_roles_cannot_grant_themselves(make_user, site, authoriser):
    """Reproduces the hole: the service checked roles, never that actor and investigator differ."""
    dual = make_user("dual", Role.SYSTEM_ADMINISTRATOR, Role.INVESTIGATOR)
    with pytest.raises(services.feeds.DomainError):
        services.search_grant_propose(actor=dual, user=dual, area=site.policing_area)
    assert not sites_searchable_by(dual).exists()


def test_nobody_approves_their_own_proposal_or_a_grant_to_themselves(make_user, sysadmin, investigator, site):
    both = make_user("both", Role.SYSTEM_ADMINISTRATOR, Role.AUTHORISING_OFFICER)
    proposal = services.search_grant_propose(actor=both, user=investigator, area=site.policing_area)
    with pytest.raises(services.feeds.DomainError, match="proposed it"):
        services.search_grant_decide(actor=both, grant=proposal, decision="approve")
    officer_investigator = make_user("oi", Role.INVESTIGATOR, Role.AUTHORISING_OFFICER)
    own = services.search_grant_propose(actor=sysadmin, user=officer_investigator, area=site.policing_area)
    with pytest.raises(services.feeds.DomainError, match="are the person it concerns"):
        services.search_grant_decide(actor=officer_investigator, grant=own, decision="approve")
    assert not sites_searchable_by(investigator).exists() and not sites_searchable_by(officer_investigator).exists()


def test_only_a_system_administrator_proposes(investigator, auditor, site):
    with pytest.raises(services.feeds.DomainError, match="Only a system administrator"):
        services.search_grant_propose(actor=auditor, user=investigator, area=site.policing_area)


def test_a_grant_expires_and_the_expiry_is_logged(client, granted, settings, stored):
    """A search after the grant's expiry finds no site, whether or not the daily task has run."""
    import datetime

    import time_machine
    from read_helpers import SEARCH, search_body

    later = SearchGrant.objects.get().expires_at + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        client.force_login(granted)
        response = client.post(SEARCH, search_body(), content_type="application/json")
        assert response.status_code == 403 and "not been granted" in response.json()["detail"]
    expired = AccessLogEntry.objects.get(action=Action.GRANT_EXPIRED)
    assert expired.details["user"] == "investigator"
    assert SearchGrant.objects.get().status == SearchGrant.Status.ENDED


def test_a_permission_no_grant_backs_is_removed_by_the_daily_task(investigator, site):
    from guardian.shortcuts import assign_perm

    from anpr_governance.reads.tasks import expire_grants

    assign_perm("accounts.search_reads", investigator, site.policing_area)  # e.g. given by hand in the database
    assert expire_grants() == 1
    assert not sites_searchable_by(investigator).exists()



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


def test_the_daily_task_ends_only_the_expired_or_unbacked_permissions_by_area_and_by_site(
        investigator, make_user, site, grant_search, time_machine):
    """Mutation testing of search_grants_expire: each person's permissions are checked against
    their own grants, by area and by site, and each ending is logged."""
    import datetime

    from anpr_governance.reads.tasks import expire_grants

    other = make_user("investigator2", Role.INVESTIGATOR)
    first = [grant_search(investigator, area=site.policing_area), grant_search(investigator, site=site)]
    time_machine.move_to(first[0].expires_at - datetime.timedelta(days=1), tick=False)
    later = [grant_search(other, area=site.policing_area), grant_search(other, site=site)]
    run_at = first[0].expires_at + datetime.timedelta(minutes=1)
    time_machine.move_to(run_at, tick=False)
    assert expire_grants() == 2
    ended = SearchGrant.objects.filter(pk__in=[g.pk for g in first])
    assert set(ended.values_list("status", "ended_at")) == {(SearchGrant.Status.ENDED, run_at)}
    assert not sites_searchable_by(investigator).exists()
    assert list(sites_searchable_by(other)) == [site]
    expired = AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED).order_by("sequence")
    assert sorted((e.subject, e.details["user"]) for e in expired) == sorted(
        (f"grant:{g.pk}", "investigator") for g in first)
    still = SearchGrant.objects.filter(pk__in=[g.pk for g in later])
    assert set(still.values_list("status", flat=True)) == {SearchGrant.Status.APPROVED}
