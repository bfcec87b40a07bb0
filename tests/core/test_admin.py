"""The Django admin, for system administrators: history views, read-only governance records,
restricted locations hidden, and accounts managed without self-escalation."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.core.history import save_with_history
from anpr_governance.sites.models import Camera, Site

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db

GRID = "SJ 912 234"
LOCATION = "Northbound carriageway near a junction"

GOVERNANCE_MODELS = [
    "sites.Site",
    "sites.Camera",
    "assessments.Assessment",
    "assessments.PrivacyImpactAssessment",
    "assessments.Risk",
    "consultations.Consultation",
    "consultations.Consultee",
    "consultations.ConsultationResponse",
    "consultations.ConsultationExemption",
    "reviews.Review",
    "reviews.DecommissionChecklist",
]


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def site(make_site):
    return make_site("proposed", reference="STS-017")


def site_url(site, view="change"):
    return f"/admin/sites/site/{site.pk}/{view}/"


def history_record_url(site):
    record = site.history.earliest()
    return f"/admin/sites/site/{site.pk}/history/{record.history_id}/"


def user_url(user, view="change"):
    return f"/admin/accounts/user/{user.pk}/{view}/"


@pytest.mark.parametrize("label", [*GOVERNANCE_MODELS, "accounts.User", "accounts.PolicingArea"])
def test_it_registers_every_model_with_a_history_view(label):
    model_admin = admin.site.get_model_admin(apps.get_model(label))
    assert isinstance(model_admin, SimpleHistoryAdmin)


def test_it_names_the_administration(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"ANPR Governance administration" in response.content


def test_it_lets_the_sysadmin_open_the_site_list_page_and_history(client, sysadmin, site):
    client.force_login(sysadmin)
    assert client.get("/admin/sites/site/").status_code == 200
    assert client.get(site_url(site)).status_code == 200
    history = client.get(site_url(site, "history"))
    assert history.status_code == 200
    assert b"site.proposed" in history.content  # the change reason
    assert client.get(history_record_url(site)).status_code == 200


def test_it_keeps_non_staff_roles_out_of_the_admin(client, auditor):
    client.force_login(auditor)
    assert client.get("/admin/").status_code == 302


def test_it_hides_locations_from_roles_without_the_permission(client, sysadmin, site):
    client.force_login(sysadmin)
    for url in ("/admin/sites/site/", site_url(site), site_url(site, "history"), history_record_url(site)):
        content = client.get(url).content.decode()
        assert GRID not in content, url
        assert LOCATION not in content, url
        assert "grid_reference" not in content, url


def test_it_hides_location_changes_in_the_history_list(client, sysadmin, superuser, site):
    site.grid_reference = "SK 100 200"
    save_with_history(site, actor=superuser, reason="site.moved")
    client.force_login(sysadmin)
    content = client.get(site_url(site, "history")).content.decode()
    assert "site.moved" in content
    assert "SK 100 200" not in content
    assert GRID not in content
    client.force_login(superuser)  # superuser status opens nothing
    assert client.get(site_url(site, "history")).status_code == 403


def test_it_refuses_filtering_sites_by_a_hidden_field(client, sysadmin, site):
    client.force_login(sysadmin)
    assert client.get("/admin/sites/site/", {"grid_reference__startswith": "SJ"}).status_code == 400


def test_a_superuser_without_a_role_sees_no_location(client, superuser, site):
    """Superuser status opens nothing the named roles do not (issue 11, point 2)."""
    client.force_login(superuser)
    assert client.get(site_url(site)).status_code == 403
    assert client.get(history_record_url(site)).status_code == 403
    assert client.get("/admin/sites/site/", {"grid_reference__startswith": "SJ"}).status_code == 403


@pytest.mark.parametrize("who", ["sysadmin", "superuser"])
def test_it_refuses_changes_to_governance_records(client, request, who, site):
    client.force_login(request.getfixturevalue(who))
    data = {"reference": "STS-017", "name": "Renamed", "status": "live"}
    assert client.post(site_url(site), data).status_code == 403
    assert client.get(site_url(site, "delete")).status_code == 403
    assert client.post(site_url(site, "delete"), {"post": "yes"}).status_code == 403
    assert client.get("/admin/sites/site/add/").status_code == 403
    site.refresh_from_db()
    assert (site.name, site.status) == ("A34 corridor", "proposed")


def test_it_refuses_to_revert_to_an_old_version(client, superuser, manager, site):
    site.name = "A34 corridor north"
    save_with_history(site, actor=manager, reason="site.renamed")
    client.force_login(superuser)
    assert client.post(history_record_url(site), {"_change_history": "1"}).status_code == 403
    site.refresh_from_db()
    assert site.name == "A34 corridor north"


def test_it_offers_no_bulk_delete(client, sysadmin, site):
    assert "delete_selected" not in dict(admin.site.actions)
    client.force_login(sysadmin)
    assert b"delete_selected" not in client.get("/admin/sites/site/").content
    response = client.post("/admin/sites/site/", {"action": "delete_selected", "_selected_action": [site.pk]})
    assert response.status_code in (200, 302)
    assert Site.objects.filter(pk=site.pk).exists()


def test_it_shows_cameras_read_only(client, sysadmin, site):
    camera = Camera.objects.create(site=site, identifier="CAM-017-1")
    client.force_login(sysadmin)
    assert client.get(f"/admin/sites/camera/{camera.pk}/change/").status_code == 200
    assert client.post(f"/admin/sites/camera/{camera.pk}/change/", {"identifier": "CAM-X"}).status_code == 403


def test_a_superuser_without_a_role_sees_no_governance_list(client, superuser):
    client.force_login(superuser)
    for label in GOVERNANCE_MODELS:
        app_label, model = label.lower().split(".")
        assert client.get(f"/admin/{app_label}/{model}/").status_code == 403, label


# --- accounts ------------------------------------------------------------------------------


def test_it_lets_the_sysadmin_create_a_user(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/admin/accounts/user/add/", {"username": "newstarter", "email": "newstarter@example.org"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="newstarter")
    assert not user.has_usable_password()  # they choose it through the link they were sent
    record = user.history.latest()
    assert (record.history_user, record.history_change_reason) == (sysadmin, "admin.user.added")


@pytest.mark.parametrize("who", ["sysadmin", "superuser"])
def test_nobody_gives_a_role_in_the_admin(client, request, who, make_user):
    """Reproduces the hole: a system administrator made anyone an investigator or auditor here."""
    colleague = make_user("colleague")
    investigator_role = Group.objects.get(name=Role.INVESTIGATOR)
    client.force_login(request.getfixturevalue(who))
    page = client.get(user_url(colleague))
    assert page.status_code == 403 if who == "superuser" else 'name="groups"' not in page.content.decode()
    client.post(user_url(colleague), {"username": "colleague", "is_active": "on", "groups": [investigator_role.pk]})
    assert not colleague.groups.exists()
    assert client.get(f"/admin/auth/group/{investigator_role.pk}/change/").status_code == 404
    assert client.get("/admin/auth/group/").status_code == 404


def test_it_shows_roles_on_the_user_list(client, sysadmin, auditor):
    client.force_login(sysadmin)
    assert b"Auditor" in client.get("/admin/accounts/user/").content


def test_it_hides_the_superuser_field_from_the_sysadmin(client, sysadmin, make_user):
    colleague = make_user("colleague")
    client.force_login(sysadmin)
    content = client.get(user_url(colleague)).content.decode()
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content
    client.post(user_url(colleague), {"username": "colleague", "is_active": "on", "is_superuser": "on"})
    colleague.refresh_from_db()
    assert not colleague.is_superuser


def test_nobody_gives_permissions_outside_the_roles(client, sysadmin, make_user):
    colleague = make_user("colleague")
    client.force_login(sysadmin)
    page = client.get(user_url(colleague)).content.decode()
    assert 'name="user_permissions"' not in page and 'name="is_superuser"' not in page


def test_it_stops_the_sysadmin_granting_itself_superuser_or_roles(client, sysadmin):
    client.force_login(sysadmin)
    manager_role = Group.objects.get(name=Role.APPROVING_MANAGER)
    client.post(
        user_url(sysadmin),
        {"username": "sysadmin", "is_active": "on", "is_staff": "on", "is_superuser": "on",
         "groups": [manager_role.pk]},
    )
    sysadmin.refresh_from_db()
    assert not sysadmin.is_superuser
    assert set(sysadmin.groups.values_list("name", flat=True)) == {Role.SYSTEM_ADMINISTRATOR}


def test_it_stops_the_sysadmin_changing_a_superuser(client, sysadmin, superuser):
    client.force_login(sysadmin)
    assert client.get(user_url(superuser)).status_code == 200  # view only
    assert client.post(user_url(superuser), {"username": "root2"}).status_code == 403
    assert client.get(f"/admin/accounts/user/{superuser.pk}/password/").status_code == 403


def test_it_never_deletes_a_user(client, sysadmin, superuser, make_user):
    colleague = make_user("colleague")
    for who in (sysadmin, superuser):
        client.force_login(who)
        assert client.post(user_url(colleague, "delete"), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=colleague.pk).exists()


def test_it_never_shows_a_password_hash_in_the_history(client, sysadmin, make_user):
    colleague = make_user("colleague")
    client.force_login(sysadmin)
    record = colleague.history.earliest()
    for url in (user_url(colleague, "history"), f"/admin/accounts/user/{colleague.pk}/history/{record.history_id}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert colleague.password not in response.content.decode()


def test_it_lets_the_sysadmin_add_a_policing_area_but_not_delete_it(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post("/admin/accounts/policingarea/add/", {"name": "Tamworth", "code": "tamworth"})
    assert response.status_code == 302
    tamworth = PolicingArea.objects.get(code="tamworth")
    assert tamworth.history.latest().history_user == sysadmin
    assert client.post(f"/admin/accounts/policingarea/{tamworth.pk}/delete/", {"post": "yes"}).status_code == 403


# --- nothing governance-related is changed or deleted in the admin, whoever asks ---------------

EVERY_GOVERNANCE_RECORD = [*GOVERNANCE_MODELS, "reviews.FlagDecision", "consultations.PublicReply"]


@pytest.fixture
def staff_with_every_role(make_user):
    """Staff holding every role: the officer's change_review, change_consultation, add_… are
    theirs, so only the admin's read-only rule stands between them and an edit."""
    return make_user("everyone", *Role, is_staff=True)


@pytest.fixture
def site_under_review(make_site):
    return make_site("under_review", reference="STS-018")


@pytest.mark.parametrize("label", EVERY_GOVERNANCE_RECORD)
def test_no_governance_record_is_added_changed_or_deleted_in_the_admin(client, staff_with_every_role,
                                                                       site_under_review, label):
    model = apps.get_model(label)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    client.force_login(staff_with_every_role)
    assert client.get(f"{url}add/").status_code == 403, label
    record = model.objects.first()
    if record is None:  # not made by walking a site to a review (e.g. an exemption): adding is refused above
        return
    before = model.objects.filter(pk=record.pk).values().get()
    assert client.post(f"{url}{record.pk}/change/", {"site": site_under_review.pk}).status_code == 403, label
    assert client.post(f"{url}{record.pk}/delete/", {"post": "yes"}).status_code == 403, label
    assert model.objects.filter(pk=record.pk).values().get() == before


def test_the_reviews_and_consultations_checked_above_exist(site_under_review):
    # The parametrised test above changes and deletes nothing only if there is something to try.
    assert site_under_review.reviews.exists() and site_under_review.consultations.exists()
