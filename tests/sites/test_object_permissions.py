"""guardian rules: officers change only their sites; locations only for those allowed."""

import pytest

from anpr_governance.accounts.permissions import can_view_location
from anpr_governance.assessments import services as assessments
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.services import site_assign_officer, site_transition

pytestmark = pytest.mark.django_db


def test_the_assigned_officer_may_change_the_site_and_a_colleague_may_not(make_site, officer, another_officer):
    site = make_site("proposed")
    assert officer.has_perm("sites.change_site", site)
    assert not another_officer.has_perm("sites.change_site", site)
    assert not another_officer.has_perm("sites.change_site")  # no model-wide grant either
    with pytest.raises(NotPermitted, match=f"Only the governance officer assigned to {site.reference}"):
        site_transition(actor=another_officer, site=site, to=Status.ASSESSMENT)


def test_an_officer_cannot_prepare_documents_for_a_site_not_assigned_to_them(make_site, another_officer):
    site = make_site("assessment")
    with pytest.raises(NotPermitted, match="Only the governance officer assigned"):
        assessments.assessment_create(actor=another_officer, site=site)


def test_reassigning_a_site_moves_the_permission_to_the_new_officer(make_site, manager, officer, another_officer):
    site = make_site("proposed")
    site_assign_officer(actor=manager, site=site, officer=another_officer)
    officer = type(officer).objects.get(pk=officer.pk)  # fresh permission cache
    another_officer = type(another_officer).objects.get(pk=another_officer.pk)
    assert another_officer.has_perm("sites.change_site", site)
    assert not officer.has_perm("sites.change_site", site)


def test_only_a_manager_assigns_officers_and_only_officers_can_be_assigned(make_site, officer, manager, auditor):
    site = make_site("proposed")
    with pytest.raises(NotPermitted):
        site_assign_officer(actor=officer, site=site, officer=officer)
    with pytest.raises(Exception, match="is not a governance officer"):
        site_assign_officer(actor=manager, site=site, officer=auditor)


@pytest.mark.parametrize(
    ("role_fixture", "allowed"),
    [
        ("officer", True),
        ("manager", True),
        ("auditor", True),
        ("dpo", True),
        ("investigator", True),
        ("authoriser", True),
        ("sysadmin", False),
    ],
)
def test_restricted_locations_are_visible_to_every_role_but_the_system_administrator(request, role_fixture, allowed):
    user = request.getfixturevalue(role_fixture)
    assert can_view_location(user) is allowed


def test_the_public_never_sees_locations():
    from django.contrib.auth.models import AnonymousUser

    assert can_view_location(AnonymousUser()) is False
