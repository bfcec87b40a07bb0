"""Superuser status opens nothing the named roles do not (issue 11, point 2): pages, API,
admin and commands answer a superuser without a role as they answer anyone without one."""

import pytest
from django.core.management import CommandError, call_command

from anpr_governance.accounts.roles import Role
from anpr_governance.accounts.services import role_change_propose
from anpr_governance.core.exceptions import NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", ["/sites/", "/api/v1/sites/", "/audit/access-log/", "/api/v1/audit/access-log/",
                                 "/reads/search/", "/reads/grants/", "/accounts/roles/", "/reports/",
                                 "/admin/accounts/user/", "/admin/sites/site/"])
def test_a_superuser_without_a_role_is_refused(client, root, url, make_site):
    make_site("live", reference="STS-001")
    client.force_login(root)
    assert client.get(url).status_code == 403


def test_a_superuser_gives_no_role_and_builds_no_pack(root, make_user, make_site):
    make_site("live", reference="STS-001")
    with pytest.raises(NotPermitted):
        role_change_propose(actor=root, user=make_user("colleague"), role=Role.AUDITOR)
    with pytest.raises(CommandError):
        call_command("build_pack", "--site", "STS-001", "--out", "/dev/null", "--user", "root")


def test_a_superuser_has_no_permission(root):
    assert not root.has_perm("sites.view_site_location") and not root.get_all_permissions()
