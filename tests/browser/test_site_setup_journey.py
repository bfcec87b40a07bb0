"""A manager sets a site up in the service (proposes it, adds two cameras, assigns an officer)
and the officer finds it on their dashboard; axe-core checks every new page and its error state."""

import pytest
from playwright.sync_api import expect

from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db(transaction=True)


def submit_empty_and_check(page, check_accessibility, what: str, button: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, f"{what} with errors")


def add_camera(page, identifier: str, lane: str) -> None:
    page.get_by_label("Camera identifier").fill(identifier)
    page.get_by_label("Lane", exact=True).fill(lane)
    page.get_by_label("Direction of travel").fill("eastbound")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Add the camera").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Camera {identifier} has been added")


def test_a_manager_proposes_a_site_adds_cameras_assigns_an_officer_who_finds_it(
        page, site_url, sign_in, sign_out, check_accessibility, area, manager, officer):
    sign_in(page, "manager")
    page.goto(site_url("/sites/"))
    page.get_by_role("button", name="Propose a site").click()
    expect(page.locator("main h1")).to_have_text("Propose a camera site")
    check_accessibility(page, "the propose page")
    submit_empty_and_check(page, check_accessibility, "the propose page", "Propose the site")

    page.get_by_label("Name").fill("A50 Uttoxeter east")
    page.get_by_label("Policing area").select_option(label="Stafford")
    page.get_by_label("Local authority major road").check()
    page.get_by_label("Grid reference (restricted)").fill("SK 0934 3301 0")  # odd number of digits
    page.get_by_label("Number of lanes").fill("2")
    page.get_by_label("Pressing need").fill("Vehicle crime along the A50 corridor")
    page.get_by_role("button", name="Propose the site").click()
    expect(page.get_by_role("link", name="Enter an Ordnance Survey grid reference")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("A50 Uttoxeter east")  # what was typed is kept
    page.get_by_label("Grid reference (restricted)").fill("SK 0934 3301")
    page.get_by_role("button", name="Propose the site").click()
    expect(page.locator("main h1")).to_contain_text("STS-001 A50 Uttoxeter east")

    page.get_by_role("link", name="Cameras: add, move or remove").click()
    check_accessibility(page, "the cameras page")
    submit_empty_and_check(page, check_accessibility, "the cameras page", "Add the camera")
    add_camera(page, "STS-001-C1", "1")
    add_camera(page, "STS-001-C2", "2")
    expect(page.get_by_test_id("cameras-in-service")).to_contain_text("STS-001-C2")

    page.get_by_role("link", name="Move camera STS-001-C1", exact=True).click()
    check_accessibility(page, "the camera move page")
    submit_empty_and_check(page, check_accessibility, "the camera move page", "Record the move")
    page.get_by_role("link", name="Back to STS-001").click()
    page.goto(site_url("/sites/STS-001/cameras/STS-001-C2/remove/"))
    check_accessibility(page, "the camera removal page")
    submit_empty_and_check(page, check_accessibility, "the camera removal page", "Record the removal")

    page.goto(site_url("/sites/STS-001/edit/"))
    check_accessibility(page, "the site details page")
    page.get_by_label("Name").fill("")
    submit_empty_and_check(page, check_accessibility, "the site details page", "Save the details")

    page.goto(site_url("/sites/STS-001/"))
    page.get_by_role("link", name="Assign a governance officer").click()
    check_accessibility(page, "the officer page")
    submit_empty_and_check(page, check_accessibility, "the officer page", "Assign")
    page.get_by_label("officer (officer)").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now the governance officer of STS-001")

    page.goto(site_url("/sites/import/"))
    check_accessibility(page, "the import page")
    submit_empty_and_check(page, check_accessibility, "the import page", "Preview the import")
    page.get_by_label("Register file").set_input_files(files=[{
        "name": "register.csv", "mimeType": "text/csv",
        "buffer": b"reference,name,policing_area,location_type,location_description,grid_reference,lanes,status,"
                  b"officer,next_review_due,cameras\n"
                  b"STS-050,A5 Cannock,stafford,la_major_road,,SJ 1,1,live,ghost,,\n"}])
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text("Line 2, column officer")
    check_accessibility(page, "the import page with the file's problems")
    sign_out(page)

    sign_in(page, "officer")
    notices = page.get_by_test_id("notices")
    expect(notices).to_contain_text("manager assigned STS-001 A50 Uttoxeter east to you as its governance officer.")
    notices.get_by_role("link", name="manager assigned STS-001").click()
    expect(page.locator("main h1")).to_contain_text("STS-001 A50 Uttoxeter east")
    site = Site.objects.get(reference="STS-001")
    assert site.governance_officer == officer and site.cameras.count() == 2
