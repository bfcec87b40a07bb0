"""Importing a force's register (manage.py import_sites, sites.register_import): every problem
listed with its line, column and what is expected; all or nothing; idempotent; sites taken as
they stand, with their history and the records still missing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from anpr_governance.reviews.models import Notice
from anpr_governance.reviews.selectors import site_flags
from anpr_governance.sites.models import Camera, Site
from anpr_governance.sites.register_import import HEADER, register_import

pytestmark = pytest.mark.django_db

HEAD = ",".join(HEADER)
LIVE = ("STS-101,A50 Uttoxeter east,stafford,la_major_road,Eastbound near the roundabout,SJ 9234 1567,2,live,officer,"
        "2027-09-30,STS-101-C1;STS-101-C2")
PROPOSED = "STS-102,A34 Stone north,Stafford,Local authority minor road,,sj92341567,1,,,,"


def csv_file(tmp_path, *lines, name="register.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEAD, *lines]) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sites", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def problems_of(path, *args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_sites", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def register(tmp_path, area, officer, manager):
    return csv_file(tmp_path, LIVE, PROPOSED)


def test_it_creates_the_sites_of_a_register_as_they_stand(register, manager, officer):
    out, _ = run(register, "--user", "manager")
    assert "Created 2 site(s) and updated 0" in out
    live = Site.objects.get(reference="STS-101")
    assert (live.status, live.governance_officer, live.next_review_due) == ("live", officer, datetime.date(2027, 9, 30))
    assert sorted(live.cameras.values_list("identifier", flat=True)) == ["STS-101-C1", "STS-101-C2"]
    proposed = Site.objects.get(reference="STS-102")
    assert (proposed.status, proposed.grid_reference, proposed.location_type) == ("proposed", "SJ 9234 1567",
                                                                                  "la_minor_road")
    first = live.history.earliest("history_date")
    assert first.history_user == manager and first.history_change_reason == "site.imported: taken as it stood (live)"
    assert Notice.objects.filter(recipient=officer, site=live, kind="site_assigned").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(register, manager):
    run(register, "--user", "manager")
    history_rows = Site.history.count() + Camera.history.count()
    out, _ = run(register, "--user", "manager")
    assert "Nothing to change: the register in the service already matches register.csv (2 site(s))." in out
    assert Site.history.count() + Camera.history.count() == history_rows


def test_an_existing_site_is_updated_only_where_the_file_differs(tmp_path, register, manager):
    run(register, "--user", "manager")
    changed = LIVE.replace("A50 Uttoxeter east", "A50 Uttoxeter east bound").replace(";STS-101-C2", ";STS-101-C3")
    out, _ = run(csv_file(tmp_path, changed, PROPOSED, name="v2.csv"), "--user", "manager")
    assert "Created 0 site(s) and updated 1" in out
    assert "update STS-101: name; cameras added: STS-101-C3; cameras removed: STS-101-C2" in out
    site = Site.objects.get(reference="STS-101")
    assert site.name == "A50 Uttoxeter east bound"
    assert site.history.latest("history_date").history_change_reason == "site.imported: name"
    assert Camera.objects.get(identifier="STS-101-C2").removed_on is not None
    assert Site.objects.get(reference="STS-102").history.count() == 1  # unchanged: not touched


def test_one_bad_row_and_nothing_is_written(tmp_path, area, officer, manager):
    bad = PROPOSED.replace("STS-102", "STS-103").replace("sj92341567", "SJ 123")
    path = csv_file(tmp_path, LIVE, bad)
    assert "Line 3, column grid_reference:" in problems_of(path, "--user", "manager")
    assert not Site.objects.exists() and not Camera.objects.exists()


@pytest.mark.parametrize("column, value, expected", [
    ("policing_area", "Atlantis", "Unknown policing area 'Atlantis': use the code or name of one of stafford"),
    ("officer", "nobody", "Unknown user 'nobody': enter the username of a governance officer"),
    ("officer", "manager", "manager is not an active governance officer"),
    ("grid_reference", "XX 1234 5678", "'XX 1234 5678' is not an Ordnance Survey grid reference"),
    ("grid_reference", "SJ 12345", "'SJ 12345' is not an Ordnance Survey grid reference"),
    ("status", "running", "Unknown status 'running': use one of proposed"),
    ("next_review_due", "31/09/2027", "'31/09/2027' is not a date: enter a real date as YYYY-MM-DD"),
    ("next_review_due", "2027-02-30", "'2027-02-30' is not a date"),
    ("lanes", "two", "Enter the number of lanes as a whole number from 1 to 20 (found 'two')"),
    ("lanes", "0", "Enter the number of lanes as a whole number from 1 to 20 (found '0')"),
    ("location_type", "motorway", "Unknown location type 'motorway'"),
    ("name", "", "Enter the name of the site"),
    ("reference", "Site 1", "Enter a site reference such as STS-017 (found 'SITE 1')"),
    ("cameras", "STS-101-C1;cam 2", "'CAM 2' is not a camera identifier"),
    ("cameras", "STS-101-C1;STS-101-C1", "Camera STS-101-C1 is also earlier on this line: each camera only once"),
])
def test_each_problem_is_listed_with_its_line_column_and_expectation(tmp_path, area, officer, manager,
                                                                      column, value, expected):
    cells = dict(zip(HEADER, LIVE.split(","), strict=True)) | {column: value}
    path = csv_file(tmp_path, PROPOSED, ",".join(cells[name] for name in HEADER))
    assert f"Line 3, column {column}: {expected}" in problems_of(path, "--user", "manager")
    assert not Site.objects.exists()


def test_duplicate_references_and_cameras_across_lines_are_problems(tmp_path, area, officer, manager):
    other = PROPOSED.replace(",,,,", ",,,,STS-101-C2")
    path = csv_file(tmp_path, LIVE, other, LIVE.replace("STS-101-C1;STS-101-C2", ""))
    errors = problems_of(path, "--user", "manager")
    assert "Line 3, column cameras: Camera STS-101-C2 is also on line 2 (STS-101): each camera only once" in errors
    assert "Line 4, column reference: STS-101 is also on line 2: each site only once" in errors


def test_a_camera_in_service_at_another_site_is_a_problem(tmp_path, make_site, manager, officer):
    make_site("proposed", reference="STS-001")
    from anpr_governance.sites import services
    services.camera_add(actor=manager, site=Site.objects.get(reference="STS-001"), identifier="STS-001-C1")
    path = csv_file(tmp_path, LIVE.replace("STS-101-C2", "STS-001-C1"))
    assert ("Line 2, column cameras: Camera STS-001-C1 is in service at STS-001: an import does not move cameras"
            in problems_of(path, "--user", "manager"))


def test_an_import_does_not_move_an_existing_site_along_its_lifecycle(tmp_path, register, manager):
    run(register, "--user", "manager")
    path = csv_file(tmp_path, LIVE.replace(",live,", ",under_review,"), name="v2.csv")
    assert "Line 2, column status: STS-101 is live in the service" in problems_of(path, "--user", "manager")


def test_a_wrong_header_is_a_problem_of_line_1(tmp_path, area, manager):
    path = tmp_path / "register.csv"
    path.write_text("ref,name\nSTS-1,x\n", encoding="utf-8")
    assert "Line 1, column header: The first row must be the header reference,name," in problems_of(
        path, "--user", "manager")


def test_a_dry_run_says_what_would_change_and_writes_nothing(register):
    out, _ = run(register, "--dry-run")
    assert "Would create 2 site(s) and would update 0 from register.csv (dry run: nothing was written)." in out
    assert not Site.objects.exists()


def test_the_command_needs_an_approving_manager(register, officer):
    with pytest.raises(CommandError, match="Only an approving manager may import a register of sites."):
        run(register, "--user", "officer")
    with pytest.raises(CommandError, match="--user USERNAME"):
        run(register)
    assert not Site.objects.exists()


def test_an_excel_workbook_is_read_like_csv(tmp_path, area, officer, manager):
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADER))
    cells = LIVE.split(",")
    cells[6], cells[9] = 2, datetime.datetime(2027, 9, 30)  # Excel gives numbers and dates, not text
    sheet.append(cells)
    path = tmp_path / "register.xlsx"
    book.save(path)
    run(path, "--user", "manager")
    site = Site.objects.get(reference="STS-101")
    assert (site.lanes, site.next_review_due) == (2, datetime.date(2027, 9, 30))
    out, _ = run(path, "--user", "manager")
    assert "Nothing to change" in out


def test_a_file_that_is_not_a_workbook_is_a_problem(tmp_path, area, manager):
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"not a zip")
    assert "could not be opened as an Excel (.xlsx) workbook" in problems_of(path, "--user", "manager")


def test_an_imported_collecting_site_carries_records_missing_and_its_tasks_say_so(register, manager):
    run(register, "--user", "manager")
    flags = site_flags(Site.objects.get(reference="STS-101"))
    assert {"rule": "records_missing", "reason": "STS-101 collects reads but has no approved in-depth assessment "
            "and no approved privacy impact assessment (DPIA) in the service: record them."} in flags


def test_the_service_refuses_anyone_but_a_manager(register, officer):
    from anpr_governance.core.exceptions import NotPermitted
    with pytest.raises(NotPermitted):
        register_import(actor=officer, filename="register.csv", content=register.read_bytes())


def test_records_missing_clears_once_the_assessment_and_dpia_are_approved(register, manager, actors):
    from anpr_governance.demo.walkthrough import (
        Texts,
        complete_assessment,
        complete_consultation,
        prepare_dpia,
        sign_off_dpia,
    )
    run(register, "--user", "manager")
    site = Site.objects.get(reference="STS-101")
    complete_assessment(site, actors, Texts())
    assert [f["rule"] for f in site_flags(Site.objects.get(pk=site.pk))] == ["records_missing"]
    prepare_dpia(site, actors, Texts())
    complete_consultation(site, actors, Texts(), on=timezone.localdate())  # the DPIA is signed off after it
    sign_off_dpia(site, actors, Texts())
    assert site_flags(Site.objects.get(pk=site.pk)) == []


def test_checking_a_file_costs_the_same_queries_for_5_or_50_sites(tmp_path, area, officer, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from anpr_governance.sites.register_import import register_check

    def queries(n):
        rows = [LIVE.replace("STS-101", f"STS-{100 + i:03d}") for i in range(n)]
        content = "\n".join([HEAD, *rows]).encode()
        with CaptureQueriesContext(connection) as captured:
            plan = register_check(filename="register.csv", content=content)
        assert not plan.problems and len(plan.creates) == n
        return len(captured)

    assert queries(5) == queries(50)
