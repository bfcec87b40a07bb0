"""Issue 12, point 3: the system administrator's and the data protection officer's queues list
the role changes awaiting their decision; the authorising officer's lists the search grants they
may decide. Never one the reader proposed or is the subject of (two people decide)."""

import pytest

from anpr_governance.accounts import services as accounts
from anpr_governance.accounts.roles import Role
from anpr_governance.reads import services as reads

pytestmark = pytest.mark.django_db


def queue(client, user, key):
    client.force_login(user)
    html = client.get("/").content.decode()
    start = html.index(f'data-testid="queue-{key}"')
    return html[start:html.index("</section>", start)]


def test_role_changes_wait_in_the_queue_of_another_administrator_and_the_dpo(client, sysadmin, make_user, dpo):
    second = make_user("sysadmin2", Role.SYSTEM_ADMINISTRATOR)
    newcomer = make_user("newcomer", first_name="Nia", last_name="Okafor")
    change = accounts.role_change_propose(actor=sysadmin, user=newcomer, role=Role.AUDITOR, reason="Joins audit.")
    words = "Give the role Auditor to Nia Okafor"
    for reader in (second, dpo):
        section = queue(client, reader, "role-changes")
        assert words in section and f'href="/accounts/roles/{change.pk}/decide/"' in section
    assert words not in queue(client, sysadmin, "role-changes")  # the proposer does not decide it


def test_search_grants_wait_in_the_authorising_officers_queue(client, sysadmin, authoriser, investigator, area):
    grant = reads.search_grant_propose(actor=sysadmin, user=investigator, area=area, reason="New to the unit.")
    section = queue(client, authoriser, "grants-to-decide")
    assert f"search access to {area}" in section and f'href="/reads/grants/{grant.pk}/decide/"' in section
    assert client.get(f"/reads/grants/{grant.pk}/decide/").status_code == 200  # the link opens


def test_a_decided_proposal_leaves_the_queue(client, sysadmin, authoriser, investigator, area):
    grant = reads.search_grant_propose(actor=sysadmin, user=investigator, area=area, reason="New to the unit.")
    reads.search_grant_decide(actor=authoriser, grant=grant, decision="approve")
    assert "No proposed search grant is waiting for your decision." in queue(client, authoriser, "grants-to-decide")
