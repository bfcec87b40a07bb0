"""Search grants (issue 16, point 8, mutation testing of reads/services/grants.py): who may
propose and decide, each refusal word for word, which proposals count as the same one, what
an approval, a refusal and a withdrawal record (history and access log, field by field), and
which permissions the expiry removes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm
from read_helpers import SEARCH, search_body

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.reads import services
from anpr_governance.reads.models import SearchGrant
from anpr_governance.reads.selectors import sites_searchable_by
from anpr_governance.reads.tasks import expire_grants

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SUMMER = datetime.datetime(2027, 7, 1, 0, 30, tzinfo=LONDON)  # 30 June 23:30 in UTC
Status = SearchGrant.Status


def propose(actor, user, **scope):
    return services.search_grant_propose(actor=actor, user=user, **scope)


def history(grant) -> list[tuple]:
    return list(
        SearchGrant.history.filter(id=grant.pk)
        .order_by("history_date", "history_id")
        .values_list("history_user", "history_change_reason")
    )


def last_entry(action) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(action=action).order_by("-sequence").first()


def entry_fields(entry: AccessLogEntry) -> tuple:
    return entry.actor_name, entry.outcome, entry.subject, entry.justification, entry.details


@pytest.fixture
def cannock(db):
    return PolicingArea.objects.create(name="Cannock", code="cannock")


# --- proposing ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["investigator", "auditor", "manager", "authoriser"])
def test_only_a_system_administrator_proposes_a_grant_or_its_withdrawal(request, role, investigator, site):
    actor = request.getfixturevalue(role)
    with pytest.raises(NotPermitted) as granting:
        propose(actor, investigator, area=site.policing_area)
    assert granting.value.message == "Only a system administrator may propose a search grant."
    with pytest.raises(NotPermitted) as withdrawing:
        propose(actor, investigator, area=site.policing_area, revoke=True)
    assert withdrawing.value.message == "Only a system administrator may propose the withdrawal of a search grant."
    assert not SearchGrant.objects.exists()


def test_an_administrator_who_is_also_an_investigator_proposes_nothing_about_themself(make_user, site):
    both = make_user("both", Role.SYSTEM_ADMINISTRATOR, Role.INVESTIGATOR)
    with pytest.raises(NotPermitted) as granting:
        propose(both, both, area=site.policing_area)
    assert granting.value.message == (
        "You cannot propose a search grant because you are the person it concerns; another person must do it."
    )
    with pytest.raises(NotPermitted) as withdrawing:
        propose(both, both, site=site, revoke=True)
    assert withdrawing.value.message == (
        "You cannot propose the withdrawal of a search grant because you are the person it concerns; "
        "another person must do it."
    )
    assert not SearchGrant.objects.exists()


@pytest.mark.parametrize("reason", [["Joins the team."], 12, {"why": "x"}])
def test_a_reason_that_is_not_text_is_refused_on_the_reason(sysadmin, investigator, site, reason):
    with pytest.raises(DomainError) as refused:
        propose(sysadmin, investigator, area=site.policing_area, reason=reason)
    message = "The reason must be text."
    assert (refused.value.message, refused.value.field_errors) == (message, {"reason": [message]})
    assert not SearchGrant.objects.exists()


def test_the_proposal_refusals_word_for_word(make_user, sysadmin, investigator, auditor, grant_search, site):
    area = site.policing_area

    def refusal(user, **scope) -> str:
        with pytest.raises(DomainError) as refused:
            propose(sysadmin, user, **scope)
        return refused.value.message

    assert refusal(investigator, area=area, revoke=True) == (
        "investigator has no grant to search the Stafford policing area."
    )
    assert refusal(investigator, site=site, revoke=True) == "investigator has no grant to search site STS-001."
    assert refusal(auditor, area=area) == "auditor is not an active investigator: only investigators search reads."
    gone = make_user("gone", Role.INVESTIGATOR, is_active=False)
    assert refusal(gone, site=site) == "gone is not an active investigator: only investigators search reads."
    grant_search(investigator, area=area)
    assert refusal(investigator, area=area) == "investigator may already search the Stafford policing area."
    propose(sysadmin, investigator, area=area, revoke=True)
    assert refusal(investigator, area=area, revoke=True) == (
        "A proposal about investigator and the Stafford policing area is already waiting for a decision."
    )
    propose(sysadmin, investigator, site=site)
    assert refusal(investigator, site=site) == (
        "A proposal about investigator and site STS-001 is already waiting for a decision."
    )
    assert SearchGrant.objects.filter(status=Status.PENDING).count() == 2


def test_a_waiting_proposal_blocks_only_the_same_person_and_the_same_area_or_site(
    make_user, make_site, sysadmin, authoriser, investigator, site, cannock
):
    other = make_user("investigator2", Role.INVESTIGATOR)
    second_site = make_site("live", reference="STS-002")
    refused = propose(sysadmin, investigator, area=cannock)
    services.search_grant_decide(actor=authoriser, grant=refused, decision="refuse", comment="Not on the team.")
    proposals = [
        propose(sysadmin, investigator, area=site.policing_area),
        propose(sysadmin, investigator, site=site),  # a site of that area: another proposal
        propose(sysadmin, investigator, site=second_site),
        propose(sysadmin, investigator, area=cannock),  # the refused one no longer waits
        propose(sysadmin, other, area=site.policing_area),
        propose(sysadmin, other, site=site),
    ]
    waiting = SearchGrant.objects.filter(status=Status.PENDING)
    assert sorted(waiting.values_list("pk", flat=True)) == sorted(p.pk for p in proposals)


def test_a_proposal_records_who_proposed_it_and_why(sysadmin, investigator, grant_search, site):
    proposal = propose(sysadmin, investigator, area=site.policing_area, reason="  Joins the burglary team.\n")
    proposal = SearchGrant.objects.get(pk=proposal.pk)
    assert (
        proposal.user,
        proposal.area,
        proposal.site,
        proposal.change,
        proposal.proposed_by,
        proposal.reason,
        proposal.status,
    ) == (investigator, site.policing_area, None, "grant", sysadmin, "Joins the burglary team.", Status.PENDING)
    assert history(proposal) == [(sysadmin.pk, "reads.grant.requested")]
    entry = last_entry(Action.GRANT_REQUESTED)
    assert entry.actor == sysadmin
    assert entry_fields(entry) == (
        "sysadmin",
        "allowed",
        f"grant:{proposal.pk}",
        "Joins the burglary team.",
        {"user": "investigator", "area": "Stafford", "change": "grant"},
    )
    grant_search(investigator, site=site)
    withdrawal = propose(sysadmin, investigator, site=site, revoke=True, reason="Left the team.")
    assert (withdrawal.change, withdrawal.site, withdrawal.area) == ("revoke", site, None)
    assert history(withdrawal) == [(sysadmin.pk, "reads.grant.requested")]
    assert entry_fields(last_entry(Action.GRANT_REQUESTED)) == (
        "sysadmin",
        "allowed",
        f"grant:{withdrawal.pk}",
        "Left the team.",
        {"user": "investigator", "site": "STS-001", "change": "revoke"},
    )


# --- deciding -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["investigator", "auditor", "manager", "sysadmin"])
def test_only_an_authorising_officer_decides(request, role, sysadmin, investigator, site):
    proposal = propose(sysadmin, investigator, area=site.policing_area)
    with pytest.raises(NotPermitted) as refused:
        services.search_grant_decide(actor=request.getfixturevalue(role), grant=proposal, decision="approve")
    assert refused.value.message == "Only an authorising officer may decide search grants."
    assert SearchGrant.objects.get().status == Status.PENDING
    assert not sites_searchable_by(investigator).exists()


@pytest.mark.parametrize("how", ["deactivated", "no longer an investigator"])
def test_a_grant_is_not_approved_for_someone_no_longer_an_active_investigator(
    sysadmin, authoriser, investigator, site, how
):
    proposal = propose(sysadmin, investigator, area=site.policing_area)
    if how == "deactivated":
        investigator.is_active = False
        investigator.save()
    else:
        investigator.groups.clear()
    with pytest.raises(DomainError) as refused:
        services.search_grant_decide(actor=authoriser, grant=proposal, decision="approve", comment="Fine.")
    assert refused.value.message == "investigator is no longer an active investigator."
    investigator.is_active = True
    investigator.save()
    investigator.groups.add(Group.objects.get(name=Role.INVESTIGATOR))
    assert SearchGrant.objects.get().status == Status.PENDING
    assert not sites_searchable_by(investigator).exists()
    assert not AccessLogEntry.objects.filter(action=Action.GRANT_ADDED).exists()


def test_an_approval_records_who_approved_when_and_until_when_in_utc(
    sysadmin, authoriser, investigator, site, time_machine, settings
):
    settings.ANPR_SEARCH_GRANT_MONTHS = 12
    proposal = propose(sysadmin, investigator, area=site.policing_area, reason="Joins the team.")
    time_machine.move_to(SUMMER, tick=False)
    services.search_grant_decide(actor=authoriser, grant=proposal, decision="approve")  # no comment
    grant = SearchGrant.objects.get(pk=proposal.pk)
    assert (
        grant.status,
        grant.decided_by,
        grant.decided_at,
        grant.decision_comment,
        grant.expires_at,
        grant.ended_at,
    ) == (Status.APPROVED, authoriser, SUMMER, "", datetime.datetime(2028, 7, 1, 0, 30, tzinfo=LONDON), None)
    assert history(grant) == [(sysadmin.pk, "reads.grant.requested"), (authoriser.pk, "reads.grant.added")]
    entry = last_entry(Action.GRANT_ADDED)
    assert entry.actor == authoriser
    assert entry_fields(entry) == (
        "authoriser",
        "allowed",
        f"grant:{grant.pk}",
        "",
        {
            "user": "investigator",
            "area": "Stafford",
            "change": "grant",
            "proposed_by": "sysadmin",
            "expires_at": "2028-06-30T23:30:00+00:00",
        },
    )
    assert list(sites_searchable_by(investigator)) == [site]
    time_machine.move_to(datetime.datetime(2028, 7, 1, 0, 29, tzinfo=LONDON), tick=False)
    assert expire_grants() == 0 and list(sites_searchable_by(investigator)) == [site]  # a minute before it ends


def test_an_approval_with_a_comment_keeps_it_with_the_grant_and_in_the_log(sysadmin, authoriser, investigator, site):
    proposal = propose(sysadmin, investigator, site=site, reason="Joins the team.")
    services.search_grant_decide(actor=authoriser, grant=proposal, decision="approve", comment=" Team confirmed. ")
    assert SearchGrant.objects.get(pk=proposal.pk).decision_comment == "Team confirmed."
    entry = last_entry(Action.GRANT_ADDED)
    assert (entry.actor_name, entry.subject, entry.justification) == (
        "authoriser",
        f"grant:{proposal.pk}",
        "Team confirmed.",
    )


def test_a_refusal_records_who_refused_and_why(sysadmin, authoriser, investigator, site, time_machine):
    proposal = propose(sysadmin, investigator, site=site)
    time_machine.move_to(SUMMER, tick=False)
    services.search_grant_decide(actor=authoriser, grant=proposal, decision="refuse", comment="  Not on the team. ")
    grant = SearchGrant.objects.get(pk=proposal.pk)
    assert (grant.status, grant.decided_by, grant.decided_at, grant.decision_comment, grant.expires_at) == (
        Status.REFUSED,
        authoriser,
        SUMMER,
        "Not on the team.",
        None,
    )
    assert history(grant) == [(sysadmin.pk, "reads.grant.requested"), (authoriser.pk, "reads.grant.refused")]
    entry = last_entry(Action.GRANT_REFUSED)
    assert entry.actor == authoriser
    assert entry_fields(entry) == (
        "authoriser",
        "refused",
        f"grant:{grant.pk}",
        "Not on the team.",
        {"user": "investigator", "site": "STS-001", "change": "grant"},
    )
    assert not sites_searchable_by(investigator).exists()


def test_an_approved_withdrawal_ends_that_grant_alone_at_that_moment(
    make_user, sysadmin, authoriser, investigator, grant_search, site, time_machine
):
    other = make_user("investigator2", Role.INVESTIGATOR)
    ending = grant_search(investigator, area=site.policing_area)
    kept = [grant_search(investigator, site=site), grant_search(other, area=site.policing_area)]
    withdrawal = propose(sysadmin, investigator, area=site.policing_area, revoke=True, reason="Left the team.")
    time_machine.move_to(SUMMER, tick=False)
    services.search_grant_decide(actor=authoriser, grant=withdrawal, decision="approve", comment="Agreed.")
    withdrawal = SearchGrant.objects.get(pk=withdrawal.pk)
    assert (
        withdrawal.status,
        withdrawal.decided_by,
        withdrawal.decided_at,
        withdrawal.decision_comment,
        withdrawal.ended_at,
        withdrawal.expires_at,
    ) == (Status.APPROVED, authoriser, SUMMER, "Agreed.", SUMMER, None)
    assert history(withdrawal) == [(sysadmin.pk, "reads.grant.requested"), (authoriser.pk, "reads.grant.revoked")]
    ending = SearchGrant.objects.get(pk=ending.pk)
    assert (ending.status, ending.ended_at) == (Status.ENDED, SUMMER)
    assert history(ending)[-1] == (authoriser.pk, "reads.grant.ended")
    assert set(SearchGrant.objects.filter(pk__in=[g.pk for g in kept]).values_list("status", "ended_at")) == {
        (Status.APPROVED, None)
    }
    entry = last_entry(Action.GRANT_REVOKED)
    assert entry.actor == authoriser
    assert entry_fields(entry) == (
        "authoriser",
        "allowed",
        f"grant:{withdrawal.pk}",
        "Agreed.",
        {"user": "investigator", "area": "Stafford", "change": "revoke", "proposed_by": "sysadmin"},
    )
    assert list(sites_searchable_by(investigator)) == [site]  # through the site's own grant, still approved
    assert list(sites_searchable_by(other)) == [site]
    services.search_grant_decide(
        actor=authoriser,
        grant=propose(sysadmin, investigator, site=site, revoke=True),
        decision="approve",
        comment="Agreed.",
    )
    assert not sites_searchable_by(investigator).exists()
    assert expire_grants() == 0  # nothing left over for the daily task


# --- expiry ---------------------------------------------------------------------------------


def test_a_permission_given_by_hand_is_removed_though_a_proposal_for_it_waits(sysadmin, investigator, site):
    propose(sysadmin, investigator, area=site.policing_area)
    assign_perm("accounts.search_reads", investigator, site.policing_area)  # e.g. in the database by hand
    assert expire_grants() == 1
    assert not sites_searchable_by(investigator).exists()
    entry = last_entry(Action.GRANT_EXPIRED)
    assert entry_fields(entry) == (
        "system",
        "allowed",
        "",
        "No approved grant backed this permission.",
        {"user": "investigator", "area": "Stafford"},
    )


def test_a_permission_given_back_by_hand_after_a_withdrawal_is_removed(
    sysadmin, authoriser, investigator, grant_search, site
):
    withdrawn = grant_search(investigator, site=site)
    services.search_grant_decide(
        actor=authoriser,
        grant=propose(sysadmin, investigator, site=site, revoke=True),
        decision="approve",
        comment="Left.",
    )
    assign_perm("sites.search_reads", investigator, site)  # its ended grant's expiry is still months away
    assert SearchGrant.objects.get(pk=withdrawn.pk).expires_at > datetime.datetime.now(datetime.UTC)
    assert expire_grants() == 1
    assert not sites_searchable_by(investigator).exists()
    assert entry_fields(last_entry(Action.GRANT_EXPIRED)) == (
        "system",
        "allowed",
        "",
        "No approved grant backed this permission.",
        {"user": "investigator", "site": "STS-001"},
    )


def test_two_area_grants_ending_at_once_are_both_counted_and_logged(
    investigator, grant_search, site, cannock, time_machine
):
    grants = [grant_search(investigator, area=site.policing_area), grant_search(investigator, area=cannock)]
    time_machine.move_to(grants[-1].expires_at + datetime.timedelta(minutes=1), tick=False)
    assert expire_grants() == 2
    assert not sites_searchable_by(investigator).exists()
    entries = AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED)
    assert sorted(entry_fields(e) for e in entries) == sorted(
        (
            "system",
            "allowed",
            f"grant:{g.pk}",
            "The grant expired: a new one must be proposed and approved.",
            {"user": "investigator", "area": g.area.name},
        )
        for g in grants
    )


def test_a_search_after_a_site_grant_expired_finds_no_site_before_the_daily_task(
    client, investigator, grant_search, site, time_machine
):
    grant = grant_search(investigator, site=site)
    time_machine.move_to(grant.expires_at + datetime.timedelta(minutes=1), tick=False)
    client.force_login(investigator)
    response = client.post(SEARCH, search_body(), content_type="application/json")
    assert response.status_code == 403 and "not been granted" in response.json()["detail"]
    assert SearchGrant.objects.get().status == Status.ENDED
    assert entry_fields(last_entry(Action.GRANT_EXPIRED)) == (
        "system",
        "allowed",
        f"grant:{grant.pk}",
        "The grant expired: a new one must be proposed and approved.",
        {"user": "investigator", "site": "STS-001"},
    )


def test_a_search_checks_the_searchers_own_area_grants_against_their_own_approvals(
    make_user, client, investigator, grant_search, site, time_machine
):
    """Another investigator's live grant on the same area keeps nothing open for this one."""
    other = make_user("investigator2", Role.INVESTIGATOR)
    mine = grant_search(investigator, area=site.policing_area)
    time_machine.move_to(mine.expires_at - datetime.timedelta(days=1), tick=False)
    grant_search(other, area=site.policing_area)
    time_machine.move_to(mine.expires_at + datetime.timedelta(minutes=1), tick=False)
    client.force_login(investigator)
    response = client.post(SEARCH, search_body(), content_type="application/json")
    assert response.status_code == 403 and "not been granted" in response.json()["detail"]
    client.force_login(other)
    assert client.post(SEARCH, search_body(), content_type="application/json").status_code == 201
    assert list(sites_searchable_by(other)) == [site]
    ended = AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED)
    assert [e.details["user"] for e in ended] == ["investigator"]


def test_the_expiry_leaves_alone_an_area_permission_that_is_not_a_search_grant(make_user, area):
    """Only search grants are the task's: another object permission on an area (given through
    guardian, e.g. from a shell) is neither removed nor logged as an expired grant."""
    clerk = make_user("clerk", Role.SYSTEM_ADMINISTRATOR)
    assign_perm("accounts.change_policingarea", clerk, area)
    assert expire_grants() == 0
    assert clerk.has_perm("accounts.change_policingarea", area)
    assert not AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED).exists()


@pytest.mark.parametrize("scope", ["neither", "both"])
def test_a_proposal_names_an_area_or_a_site_not_both_nor_neither(sysadmin, investigator, site, scope):
    both = {"area": site.policing_area, "site": site} if scope == "both" else {}
    with pytest.raises(DomainError) as refused:
        propose(sysadmin, investigator, **both)
    assert refused.value.message == "Choose either a policing area or a site."
    assert not SearchGrant.objects.exists()


def test_withdrawing_one_site_leaves_the_persons_grant_on_another_site(
    make_site, sysadmin, authoriser, investigator, grant_search, site
):
    second_site = make_site("live", reference="STS-002")
    withdrawn, kept = grant_search(investigator, site=site), grant_search(investigator, site=second_site)
    services.search_grant_decide(
        actor=authoriser, grant=propose(sysadmin, investigator, site=site, revoke=True), decision="approve"
    )
    assert SearchGrant.objects.get(pk=withdrawn.pk).status == Status.ENDED
    assert (SearchGrant.objects.get(pk=kept.pk).status, SearchGrant.objects.get(pk=kept.pk).ended_at) == (
        Status.APPROVED,
        None,
    )
    assert expire_grants() == 0
    assert list(sites_searchable_by(investigator)) == [second_site]


def test_a_withdrawal_ends_only_approved_grants_refusals_and_earlier_withdrawals_keep_their_status(
    sysadmin, authoriser, investigator, grant_search, site
):
    area = site.policing_area

    def decide(proposal, decision="approve", comment=""):
        return services.search_grant_decide(actor=authoriser, grant=proposal, decision=decision, comment=comment)

    refused = decide(propose(sysadmin, investigator, area=area), "refuse", "Not yet on the team.")
    grant_search(investigator, area=area)
    first_withdrawal = decide(propose(sysadmin, investigator, area=area, revoke=True))
    grant_search(investigator, area=area)
    decide(propose(sysadmin, investigator, area=area, revoke=True))
    kept = SearchGrant.objects.filter(pk__in=[refused.pk, first_withdrawal.pk]).order_by("pk")
    assert list(kept.values_list("status", "ended_at")) == [
        (Status.REFUSED, None),
        (Status.APPROVED, first_withdrawal.ended_at),
    ]
    assert history(refused)[-1] == (authoriser.pk, "reads.grant.refused")
    assert history(first_withdrawal)[-1] == (authoriser.pk, "reads.grant.revoked")


def test_an_expired_site_grant_is_logged_as_itself_though_a_later_one_on_another_site_lives(
    make_site, investigator, grant_search, site, time_machine
):
    second_site = make_site("live", reference="STS-002")
    expiring = grant_search(investigator, site=site)
    time_machine.move_to(expiring.expires_at - datetime.timedelta(days=1), tick=False)
    live = grant_search(investigator, site=second_site)
    time_machine.move_to(expiring.expires_at + datetime.timedelta(minutes=1), tick=False)
    assert expire_grants() == 1
    assert entry_fields(last_entry(Action.GRANT_EXPIRED)) == (
        "system",
        "allowed",
        f"grant:{expiring.pk}",
        "The grant expired: a new one must be proposed and approved.",
        {"user": "investigator", "site": "STS-001"},
    )
    assert SearchGrant.objects.get(pk=live.pk).status == Status.APPROVED
    assert list(sites_searchable_by(investigator)) == [second_site]
