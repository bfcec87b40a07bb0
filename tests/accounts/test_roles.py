"""The seven roles exist as groups with exactly the permissions accounts.roles gives them."""

import pytest
from django.contrib.auth.models import Group

from anpr_governance.accounts.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_the_seven_roles_exist_with_their_exact_names():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Governance officer",
        "Approving manager",
        "Auditor",
        "Data protection officer",
        "Investigator",
        "Authorising officer",
        "System administrator",
    }


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_exactly_the_permissions_it_needs(role):
    group = Group.objects.get(name=role)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == set(ROLE_PERMISSIONS[role])


def test_no_role_may_delete_anything():
    assert not Group.objects.filter(permissions__codename__startswith="delete_").exists()


def test_auditors_change_nothing():
    codenames = set(Group.objects.get(name=Role.AUDITOR).permissions.values_list("codename", flat=True))
    # Building a compliance pack reads records and discloses them; it changes none.
    assert codenames and all(c.startswith("view_") or c == "build_pack" for c in codenames)


def test_the_system_administrator_cannot_see_site_locations_or_approve(sysadmin):
    assert not sysadmin.has_perm("sites.view_site_location")
    assert not sysadmin.has_perm("sites.approve_site")
    assert sysadmin.has_perm("accounts.add_user")


def test_a_deactivated_user_holds_no_role_for_the_services(officer):
    officer.is_active = False
    assert not officer.has_role(Role.GOVERNANCE_OFFICER)


def test_granting_a_role_is_recorded_in_the_users_history(officer, sysadmin):
    from django.contrib.auth.models import Group

    officer._history_user = sysadmin
    officer.groups.add(Group.objects.get(name=Role.AUDITOR))
    latest = officer.history.first()
    assert {g.group.name for g in latest.groups.all()} == {"Governance officer", "Auditor"}
    assert latest.history_user == sysadmin
