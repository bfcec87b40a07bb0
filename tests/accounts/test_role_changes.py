"""Roles take two people (issue 11, point 1): a system administrator proposes, another system
administrator or the DPO approves; nobody for themselves; a system administrator holds no other
role; every step in the hash-chained access log."""

import pytest
from django.core.management import CommandError, call_command

from anpr_governance.accounts.models import RoleChange
from anpr_governance.accounts.roles import Role
from anpr_governance.accounts.services import role_bootstrap, role_change_decide, role_change_propose
from anpr_governance.audit.models import AccessLogEntry
from anpr_governance.core.exceptions import DomainError, NotPermitted

pytestmark = pytest.mark.django_db


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def actions() -> list[str]:
    return list(AccessLogEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_a_role_takes_effect_only_when_another_person_approves(sysadmin, dpo, make_user):
    colleague = make_user("colleague")
    change = role_change_propose(actor=sysadmin, user=colleague, role=Role.INVESTIGATOR, reason="Joins CID.")
    assert roles_of(colleague) == set()
    role_change_decide(actor=dpo, change=change, decision="approve")
    assert roles_of(colleague) == {Role.INVESTIGATOR}
    taking = role_change_propose(actor=sysadmin, user=colleague, role=Role.INVESTIGATOR, revoke=True)
    assert roles_of(colleague) == {Role.INVESTIGATOR}
    role_change_decide(actor=dpo, change=taking, decision="approve")
    assert roles_of(colleague) == set()
    assert actions() == ["accounts.role.requested", "accounts.role.granted", "accounts.role.requested",
                         "accounts.role.revoked"]
    granted = AccessLogEntry.objects.get(action="accounts.role.granted")
    assert (granted.actor, granted.details["user"], granted.details["role"]) == (dpo, "colleague", Role.INVESTIGATOR)


def test_a_refusal_says_why_changes_nothing_and_is_logged(sysadmin, dpo, make_user):
    colleague = make_user("colleague")
    change = role_change_propose(actor=sysadmin, user=colleague, role=Role.AUDITOR)
    with pytest.raises(DomainError, match="Say why"):
        role_change_decide(actor=dpo, change=change, decision="refuse")
    role_change_decide(actor=dpo, change=change, decision="refuse", comment="Not in the audit team.")
    assert roles_of(colleague) == set()
    assert actions()[-1] == "accounts.role.refused"


def test_nobody_approves_their_own_proposal(sysadmin, make_user):
    colleague = make_user("colleague")
    change = role_change_propose(actor=sysadmin, user=colleague, role=Role.AUDITOR)
    with pytest.raises(NotPermitted, match="proposed it"):
        role_change_decide(actor=sysadmin, change=change, decision="approve")
    assert roles_of(colleague) == set()


def test_nobody_proposes_or_approves_a_change_for_themselves(sysadmin, dpo, make_user):
    other_admin = make_user("admin2", Role.SYSTEM_ADMINISTRATOR)
    with pytest.raises(NotPermitted, match="person it concerns"):
        role_change_propose(actor=sysadmin, user=sysadmin, role=Role.AUDITOR)
    change = role_change_propose(actor=other_admin, user=dpo, role=Role.DATA_PROTECTION_OFFICER, revoke=True)
    with pytest.raises(NotPermitted, match="person it concerns"):
        role_change_decide(actor=dpo, change=change, decision="refuse", comment="I stay.")


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "investigator", "authoriser"])
def test_only_a_system_administrator_proposes_and_only_an_administrator_or_the_dpo_decides(request, role, sysadmin,
                                                                                            make_user):
    user = request.getfixturevalue(role)
    colleague = make_user("colleague")
    with pytest.raises(NotPermitted):
        role_change_propose(actor=user, user=colleague, role=Role.AUDITOR)
    change = role_change_propose(actor=sysadmin, user=colleague, role=Role.AUDITOR)
    with pytest.raises(NotPermitted):
        role_change_decide(actor=user, change=change, decision="approve")


def test_a_system_administrator_holds_no_other_role(sysadmin, dpo, make_user, investigator):
    with pytest.raises(DomainError, match="holds no other role"):
        role_change_propose(actor=sysadmin, user=investigator, role=Role.SYSTEM_ADMINISTRATOR)
    admin2 = make_user("admin2", Role.SYSTEM_ADMINISTRATOR)
    with pytest.raises(DomainError, match="holds no other role"):
        role_change_propose(actor=sysadmin, user=admin2, role=Role.INVESTIGATOR)


def test_the_first_administrator_is_set_up_on_the_server_only_while_there_is_none(make_user, role_groups):
    first = make_user("first")
    call_command("bootstrap_role", "--user", "first", "--role", "System administrator")
    assert roles_of(first) == {Role.SYSTEM_ADMINISTRATOR}
    second = make_user("second")
    with pytest.raises(CommandError, match="already holds"):
        call_command("bootstrap_role", "--user", "second", "--role", "System administrator")
    with pytest.raises(DomainError, match="two people"):
        role_bootstrap(user=second, role=Role.INVESTIGATOR)
    assert roles_of(second) == set()
    assert AccessLogEntry.objects.get().actor_name == "system"


def test_the_roles_page_proposes_and_another_person_decides(client, sysadmin, dpo, make_user):
    colleague = make_user("colleague")
    client.force_login(sysadmin)
    response = client.post("/accounts/roles/", {"user": colleague.pk, "role": Role.AUDITOR, "action": "grant",
                                                "reason": "Joins internal audit."})
    assert response.status_code == 302 and roles_of(colleague) == set()
    change = RoleChange.objects.get()
    assert client.post(f"/accounts/roles/{change.pk}/decide/", {"decision": "approve"}).status_code == 403
    client.force_login(dpo)
    assert "Joins internal audit." in client.get("/accounts/roles/").content.decode()
    assert client.post(f"/accounts/roles/{change.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert roles_of(colleague) == {Role.AUDITOR}


def test_the_roles_page_shows_a_refusal_beside_the_field(client, sysadmin, investigator):
    client.force_login(sysadmin)
    response = client.post("/accounts/roles/", {"user": investigator.pk, "role": Role.SYSTEM_ADMINISTRATOR,
                                                "action": "grant"})
    assert response.status_code == 400 and "holds no other role" in response.content.decode()
    assert not RoleChange.objects.exists()


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "investigator", "authoriser"])
def test_the_roles_page_is_for_administrators_and_the_dpo(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/accounts/roles/").status_code == 403
