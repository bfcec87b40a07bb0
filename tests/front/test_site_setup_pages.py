"""Setting sites up in the service: propose, details (with optimistic concurrency), officer,
cameras (add, remove, move) and the import page. Bad input is refused beside its field and in
the error summary, what was typed is kept, and nothing stored changes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anpr_governance.assessments.models import Assessment
from anpr_governance.demo.walkthrough import Texts, complete_dpia
from anpr_governance.reviews.models import Notice
from anpr_governance.reviews.selectors import site_flags
from anpr_governance.sites import services
from anpr_governance.sites.models import Camera, MaterialChange, Site
from anpr_governance.sites.register_import import HEADER

pytestmark = pytest.mark.django_db


def proposal(area, **changes):
    data = {"name": "A50 Uttoxeter east", "policing_area": str(area.pk), "location_type": "la_major_road",
            "location_description": "Eastbound near the roundabout", "grid_reference": "sj 9234 1567",
            "lanes": "2", "pressing_need": "Vehicle crime along the A50 corridor", "review_interval_months": "12"}
    return data | changes


def date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


# --- propose -------------------------------------------------------------------------------------


def test_a_manager_proposes_a_site_under_the_next_free_reference_and_lands_on_its_page(client, manager, area,
                                                                                        make_site):
    make_site(reference="STS-007")
    client.force_login(manager)
    response = client.post("/sites/new/", proposal(area))
    assert response.status_code == 302 and response.url == "/sites/STS-008/"
    site = Site.objects.get(reference="STS-008")
    assert (site.status, site.grid_reference, site.lanes) == ("proposed", "SJ 9234 1567", 2)
    assert site.pressing_need == "Vehicle crime along the A50 corridor"
    assert site.history.get().history_user == manager


@pytest.mark.parametrize("field, value, message", [
    ("grid_reference", "SJ 12345", "Enter an Ordnance Survey grid reference: two letters then 4, 6, 8 or 10 digits"),
    ("grid_reference", "ZZ 1234 5678", "Enter an Ordnance Survey grid reference"),
    ("lanes", "0", "Number of lanes must be 1 or more"),
    ("lanes", "1.5", "Number of lanes must be a whole number, like 2"),
    ("name", "   ", "Enter the name of the site"),
    ("pressing_need", "", "Describe the pressing need the site answers, in a sentence"),
])
def test_bad_input_is_shown_beside_its_field_and_in_the_summary_and_kept(client, manager, area, field, value,
                                                                         message):
    client.force_login(manager)
    response = client.post("/sites/new/", proposal(area, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(message) == 2  # in the error summary and beside the field
    assert f'href="#id_{field}"' in html
    assert 'value="A50 Uttoxeter east"' in html or field == "name"
    assert not Site.objects.exists()


@pytest.mark.parametrize("who", ["officer", "auditor", "dpo"])
def test_only_approving_managers_may_propose(client, request, area, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post("/sites/new/", proposal(area))
    assert response.status_code == 403
    assert "Only an approving manager may propose a camera site." in response.content.decode()
    assert not Site.objects.exists()


# --- officer -------------------------------------------------------------------------------------


def test_reassigning_moves_the_permission_notifies_and_records_who_and_why(client, manager, make_site, officer,
                                                                          another_officer):
    site = make_site("assessment")
    client.force_login(manager)
    page = client.get(f"/sites/{site.reference}/officer/").content.decode()
    assert "officer2" in page and "manager (manager)" not in page  # only governance officers are offered
    response = client.post(f"/sites/{site.reference}/officer/",
                           {"officer": str(another_officer.pk), "reason": "Workload moved to the north team"})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.governance_officer == another_officer
    assert another_officer.has_perm("sites.change_site", site) and not officer.has_perm("sites.change_site", site)
    notice = Notice.objects.get(recipient=another_officer, kind="site_assigned")
    assert notice.message == (f"manager assigned {site.reference} A34 corridor to you as its governance officer, "
                              "taking over from officer.")
    latest = site.history.latest("history_date")
    assert latest.history_user == manager
    assert latest.history_change_reason == "site.officer_assigned: officer2: Workload moved to the north team"


def test_a_reassignment_needs_a_reason_and_a_non_officer_is_refused(client, manager, make_site, another_officer,
                                                                   auditor):
    site = make_site("assessment")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/officer/", {"officer": str(another_officer.pk)})
    assert response.status_code == 400 and "Say why the site is being reassigned" in response.content.decode()
    response = client.post(f"/sites/{site.reference}/officer/", {"officer": str(auditor.pk), "reason": "x"})
    assert response.status_code == 400
    assert "Choose one of the governance officers listed" in response.content.decode()
    site.refresh_from_db()
    assert site.governance_officer.username == "officer"


def test_the_new_officer_is_emailed_a_link_to_the_site(manager, make_site, another_officer, tasks_inline,
                                                        django_capture_on_commit_callbacks, mailoutbox):
    site = make_site("assessment")
    another_officer.email = "officer2@example.test"
    another_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_assign_officer(actor=manager, site=site, officer=another_officer, reason="Workload")
    [email] = mailoutbox
    assert email.to == ["officer2@example.test"]
    assert "to you as its governance officer, taking over from officer." in email.body
    assert f"/sites/{site.reference}/\n" in email.body


def test_an_oversized_register_file_is_refused(client, manager):
    client.force_login(manager)
    big = SimpleUploadedFile("register.csv", b"x" * (1024 * 1024 + 1), content_type="text/csv")
    response = client.post("/sites/import/", {"file": big})
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.content.decode()


def test_the_new_officer_finds_the_notice_on_their_dashboard(client, manager, area, another_officer):
    site = services.site_propose(actor=manager, name="A5 Cannock", policing_area=area, location_type="la_major_road",
                                 pressing_need="Cross-border crime")
    services.site_assign_officer(actor=manager, site=site, officer=another_officer)
    client.force_login(another_officer)
    html = client.get("/").content.decode()
    assert f"manager assigned {site.reference} A5 Cannock to you as its governance officer." in html
    assert f'href="/sites/{site.reference}/"' in html


# --- cameras -------------------------------------------------------------------------------------


def test_cameras_are_added_with_lane_direction_and_date(client, manager, make_site):
    site = make_site("proposed")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/cameras/", {
        "add-identifier": "sts-001-c1", "add-lane": "2", "add-direction": "northbound",
        **date("add-installed_on", datetime.date(2027, 3, 1))})
    assert response.status_code == 302
    camera = site.cameras.get()
    assert (camera.identifier, camera.lane, camera.direction, camera.installed_on) == (
        "STS-001-C1", 2, "northbound", datetime.date(2027, 3, 1))


def test_a_camera_identifier_in_service_elsewhere_or_a_missing_lane_is_refused(client, manager, make_site):
    other = make_site("proposed")
    services.camera_add(actor=manager, site=other, identifier="CAM-1")
    site = make_site("proposed")
    client.force_login(manager)
    post = {"add-identifier": "CAM-1", "add-lane": "1", "add-direction": "north",
            **date("add-installed_on", datetime.date(2027, 3, 1))}
    response = client.post(f"/sites/{site.reference}/cameras/", post)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(f"Camera CAM-1 is already in service at {other.reference}: enter another identifier") == 2
    response = client.post(f"/sites/{site.reference}/cameras/", post | {"add-identifier": "CAM-2", "add-lane": "3"})
    assert f"{site.reference} has 2 lane(s): enter a lane from 1 to 2" in response.content.decode()
    assert 'value="CAM-2"' in response.content.decode()
    assert not site.cameras.exists()


def test_a_camera_move_at_a_live_site_is_one_change_and_raises_material_change(client, manager, make_site):
    site = make_site("live")
    camera = site.cameras.get()
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/cameras/{camera.identifier}/move/", {
        "location_description": "Southbound verge, 40 m north", **date("moved_on", datetime.date(2027, 4, 2)),
        "reason": "Roadworks"})
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.location_description == "Southbound verge, 40 m north" and camera.removed_on is None
    assert site.cameras.count() == 1  # not a removal plus an addition
    assert camera.history.latest("history_date").history_change_reason == "site.camera_moved on 2027-04-02: Roadworks"
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag["rule"] == "material_change" and f"(moved {camera.identifier})" in flag["reason"]


def test_a_camera_removal_keeps_the_camera_with_its_date_and_reason(client, manager, make_site):
    site = make_site("live")
    camera = site.cameras.get()
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/cameras/{camera.identifier}/remove/", {
        **date("removed_on", datetime.date(2027, 5, 1)), "reason": "Pole damaged"})
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.removed_on == datetime.date(2027, 5, 1)
    assert camera.history.latest("history_date").history_change_reason == "site.camera_removed: Pole damaged"
    assert "removed " + camera.identifier in site_flags(Site.objects.get(pk=site.pk))[0]["reason"]


def test_the_material_change_of_a_move_clears_with_a_new_dpia(manager, make_site, actors):
    site = make_site("live")
    services.camera_move(actor=manager, camera=site.cameras.get(), location_description="New pole",
                         moved_on=datetime.date(2027, 4, 2), reason="Roadworks")
    assert [f["rule"] for f in site_flags(Site.objects.get(pk=site.pk))] == ["material_change"]
    complete_dpia(site, actors, Texts())
    assert site_flags(Site.objects.get(pk=site.pk)) == []


def test_a_camera_position_is_restricted_like_the_site_location(client, manager, make_site, sysadmin):
    site = make_site("live")
    camera = site.cameras.get()
    services.camera_move(actor=manager, camera=camera, location_description="Secret pole",
                         moved_on=datetime.date(2027, 4, 2), reason="Roadworks")
    client.force_login(sysadmin)
    assert "Secret pole" not in client.get(f"/sites/{site.reference}/history/").content.decode()
    client.force_login(manager)
    assert "Secret pole" in client.get(f"/sites/{site.reference}/history/").content.decode()


# --- details -------------------------------------------------------------------------------------


def details(site, **changes):
    site.refresh_from_db()
    return {"name": site.name, "location_type": site.location_type, "location_description": site.location_description,
            "grid_reference": site.grid_reference, "lanes": str(site.lanes),
            "review_interval_months": str(site.review_interval_months), "lock_version": str(site.lock_version)
            } | changes


def test_a_stale_details_form_is_refused_and_keeps_what_was_typed(client, manager, another_manager, make_site):
    site = make_site("proposed")
    stale = details(site, name="Renamed by me")
    drawn_from = site.lock_version
    services.site_update(actor=another_manager, site=site, name="Renamed by them", location_type=site.location_type,
                         location_description=site.location_description, grid_reference=site.grid_reference,
                         lanes=site.lanes, review_interval_months=site.review_interval_months)
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/edit/", stale)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Site {site.reference} was changed by manager2" in html and 'value="Renamed by me"' in html
    assert Site.objects.get(pk=site.pk).name == "Renamed by them"
    # The page is now drawn from the current version: saving again is a knowing choice.
    assert f'name="lock_version" value="{drawn_from + 1}"' in html
    response = client.post(f"/sites/{site.reference}/edit/", stale | {"lock_version": str(drawn_from + 1)})
    assert response.status_code == 302 and Site.objects.get(pk=site.pk).name == "Renamed by me"


def test_changing_the_location_type_regrades_the_assessment_and_is_a_material_change(client, manager, make_site,
                                                                                    officer):
    site = make_site("live")
    from anpr_governance.assessments import services as assessments
    draft = assessments.assessment_start(actor=officer, site=site)
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/edit/", details(site, location_type="private_place"))
    assert response.status_code == 302
    draft = Assessment.objects.get(pk=draft.pk)
    assert draft.location_type == "private_place"
    assert draft.history.latest("history_date").history_change_reason == "assessment.regraded: the site is now a " \
                                                                         "private place"
    approved = Assessment.objects.get(site=site, status="approved")
    assert approved.location_type == "la_major_road"  # what was approved stays as it was
    assert MaterialChange.objects.get(site=site).kind == "location_type_changed"
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert "location type changed from local authority major road to private place" in flag["reason"]
    assert flag["reason"].startswith("The site has changed since the privacy impact assessment")


def test_lanes_cannot_drop_below_a_camera_in_service(client, manager, make_site):
    site = make_site("live")  # its camera is on lane 1
    services.camera_add(actor=manager, site=site, identifier="CAM-2", lane=2)
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/edit/", details(site, lanes="1"))
    assert response.status_code == 400
    assert f"A camera in service at {site.reference} is on lane 2" in response.content.decode()
    assert Site.objects.get(pk=site.pk).lanes == 2


# --- import page ---------------------------------------------------------------------------------


def register_file(*rows, name="register.csv"):
    text = "\n".join([",".join(HEADER), *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


ROW = "STS-201,A38 Burton,stafford,la_major_road,,SK 2345 2345,2,live,officer,,STS-201-C1"


def test_the_import_page_previews_writes_nothing_then_imports_on_confirmation(client, manager, officer, area):
    client.force_login(manager)
    preview = client.post("/sites/import/", {"file": register_file(ROW)})
    html = preview.content.decode()
    assert preview.status_code == 200 and "STS-201" in html and "Import these changes" in html
    assert not Site.objects.exists()
    content = preview.context["content"]
    response = client.post("/sites/import/", {"confirm": "1", "filename": "register.csv", "content": content})
    assert response.status_code == 302
    assert Site.objects.get(reference="STS-201").status == "live"
    assert Camera.objects.get(identifier="STS-201-C1").site.reference == "STS-201"
    again = client.post("/sites/import/", {"file": register_file(ROW)})
    assert "Nothing to change: the register in the service already matches register.csv." in again.content.decode()


def test_the_import_page_lists_every_problem_and_writes_nothing(client, manager, officer, area):
    client.force_login(manager)
    bad = ROW.replace("SK 2345 2345", "SK 1").replace(",officer,", ",ghost,")
    response = client.post("/sites/import/", {"file": register_file(bad)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "register.csv has 2 problems: nothing has been imported" in html
    assert "Line 2, column grid_reference:" in html and "Line 2, column officer: Unknown user" in html
    assert "Import these changes" not in html
    assert not Site.objects.exists()


def test_the_import_page_is_for_approving_managers(client, officer):
    client.force_login(officer)
    assert client.get("/sites/import/").status_code == 403
