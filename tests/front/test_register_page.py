"""The register of sites at /sites/: filters, sort, pages, and the CSV export."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db

REGISTER = "/sites/"
EXPORT = "/sites/export.csv"


def add_site(area, reference, **fields):
    defaults = {"name": f"Site {reference}", "policing_area": area, "location_type": "la_major_road",
                "location_description": "Northbound, near a junction", "grid_reference": "SJ 100 200"}
    return Site.objects.create(reference=reference, **(defaults | fields))


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def sites(area):
    other = PolicingArea.objects.create(name="Tamworth", code="tamworth")
    today = timezone.localdate()
    add_site(area, "STS-001", status="live", next_review_due=today + datetime.timedelta(days=10))
    add_site(other, "STS-002", status="live", next_review_due=today + datetime.timedelta(days=100), name="Alpha")
    add_site(area, "STS-003", status="proposed")
    return today


def test_it_lists_the_sites_with_their_status_as_a_tag(client, auditor, sites):
    client.force_login(auditor)
    page = client.get(REGISTER).content.decode()
    assert "3 sites" in page
    assert 'href="/sites/STS-001/"' in page and "govuk-tag" in page


def test_it_filters_by_status_and_policing_area(client, auditor, sites):
    client.force_login(auditor)
    page = client.get(REGISTER, {"status": "live", "area": "tamworth"}).content.decode()
    assert "STS-002" in page and "STS-001" not in page and "STS-003" not in page
    assert "1 site match the filters" in page


def test_it_filters_by_review_due_before_a_date(client, auditor, sites):
    before = sites + datetime.timedelta(days=30)
    client.force_login(auditor)
    page = client.get(REGISTER, {"due_before_0": before.day, "due_before_1": before.month,
                                 "due_before_2": before.year}).content.decode()
    assert "STS-001" in page and "STS-002" not in page and "STS-003" not in page


def test_an_impossible_date_is_an_error_tied_to_its_field_and_the_rest_still_filters(client, auditor, sites):
    client.force_login(auditor)
    page = client.get(REGISTER, {"due_before_0": "31", "due_before_1": "2", "due_before_2": "2027",
                                 "status": "proposed"}).content.decode()
    assert "There is a problem" in page
    assert 'href="#id_due_before-day"' in page and "The review date must be a real date" in page
    assert 'value="31"' in page  # what was typed is kept
    assert "STS-003" in page and "STS-001" not in page


def test_it_sorts_by_a_column_in_either_order(client, auditor, sites):
    client.force_login(auditor)
    page = client.get(REGISTER, {"sort": "name"}).content.decode()
    assert page.index("STS-002") < page.index("STS-001")  # "Alpha" before "Site STS-001"
    page = client.get(REGISTER, {"sort": "review", "order": "desc"}).content.decode()
    assert page.index("STS-002") < page.index("STS-001")


def test_it_pages_through_many_sites(client, auditor, area):
    Site.objects.bulk_create([Site(reference=f"PGE-{n:03d}", name="Paged", policing_area=area,
                                   location_type="la_major_road") for n in range(1, 61)])
    client.force_login(auditor)
    first = client.get(REGISTER).content.decode()
    assert "PGE-050" in first and "PGE-051" not in first and 'aria-label="Pagination"' in first
    second = client.get(REGISTER, {"page": 2}).content.decode()
    assert "PGE-051" in second and "PGE-050" not in second


def test_it_shows_grid_references_only_to_roles_allowed_to_see_locations(client, auditor, sysadmin, sites):
    client.force_login(auditor)
    assert "SJ 100 200" in client.get(REGISTER).content.decode()
    client.force_login(sysadmin)
    page = client.get(REGISTER).content.decode()
    assert "STS-001" in page and "SJ 100 200" not in page and "Grid reference" not in page


def test_the_csv_export_holds_the_filtered_sites_with_locations_for_those_allowed(client, auditor, sites):
    client.force_login(auditor)
    response = client.get(EXPORT, {"status": "live"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][-2:] == ["Location description", "Grid reference"]
    assert [row[0] for row in rows[1:]] == ["STS-001", "STS-002"]
    assert rows[1][-1] == "SJ 100 200"


def test_the_csv_export_leaves_out_locations_for_those_not_allowed(client, sysadmin, sites):
    client.force_login(sysadmin)
    rows = rows_of(client.get(EXPORT))
    assert "Grid reference" not in rows[0] and "Location description" not in rows[0]
    assert not any("SJ 100 200" in cell for row in rows for cell in row)


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"])
def test_the_csv_export_defuses_cells_a_spreadsheet_would_run_as_formulas(client, auditor, area, text):
    add_site(area, "STS-009", name=text)
    client.force_login(auditor)
    rows = rows_of(client.get(EXPORT))
    assert rows[1][1] == "'" + text


def test_a_user_without_a_role_gets_a_403_saying_why(client, make_user):
    client.force_login(make_user("nobody"))
    response = client.get(REGISTER)
    assert response.status_code == 403
    assert "no role that gives access to camera sites" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(REGISTER)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_register_names_each_officer_and_no_review_date_for_a_site_that_no_longer_collects(
        client, officer, make_site):
    """Issue 12: the register had no officer column; decommissioned sites showed a next review date."""
    live = make_site("live")
    ceased = make_site("live")
    ceased.status, ceased.next_review_due = "decommissioned", live.next_review_due
    ceased.save(update_fields=["status", "next_review_due"])
    client.force_login(officer)
    html = client.get("/sites/").content.decode()
    assert "Governance officer" in html and (officer.get_full_name() or officer.username) in html
    row = html.split(f"/sites/{ceased.reference}/")[1].split("</tr>")[0]
    assert "No longer collects" in row
