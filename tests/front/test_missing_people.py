"""Issue 12, point 1: every page renders what the services and commands can create with
nobody behind it: a site imported with no officer, a review scheduled for it (so with no
reviewer), and a pack built by the server operator (build_pack without --user)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from anpr_governance.accounts.models import User
from anpr_governance.reports.models import Pack
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import Review
from anpr_governance.sites.models import Site
from anpr_governance.sites.register_import import HEADER

pytestmark = pytest.mark.django_db

ROLES = ["officer", "manager", "dpo", "auditor", "investigator", "authoriser", "sysadmin"]
ROWS = [
    ",".join(HEADER),
    "STS-201,A50 Uttoxeter east,stafford,la_major_road,Eastbound,SJ 9234 1567,2,live,,2027-09-30,STS-201-C1",
    "STS-202,A34 Stone north,stafford,la_minor_road,,SJ 9234 1568,1,,,,",
]


@pytest.fixture
def nobody(tmp_path, area, manager, request):
    register = tmp_path / "register.csv"
    register.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    call_command("import_sites", str(register), "--user", "manager", stdout=io.StringIO())
    live = Site.objects.get(reference="STS-201")
    assert live.governance_officer is None
    review = reviews.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 30))
    assert review.reviewer is None
    call_command("build_pack", "--site", "STS-201", "--out", str(tmp_path / "pack.pdf"), stdout=io.StringIO())
    pack = Pack.objects.get()
    assert pack.requested_by is None
    for role in ROLES:
        request.getfixturevalue(role)
    return live, review, pack


def pages(pack) -> list[str]:
    return ["/", "/sites/", "/sites/?mine=on", "/sites/STS-201/", "/sites/STS-201/history/", "/sites/STS-202/",
            "/sites/STS-202/history/", "/reviews/sites/STS-201/", "/reviews/flags/", "/reviews/notices/",
            "/reports/", f"/reports/packs/{pack.pk}/", "/sites/export.csv"]


def test_every_page_renders_records_with_nobody_behind_them(nobody):
    live, review, pack = nobody
    for role in ROLES:  # one role after another: the records are built once (a pack takes seconds)
        client = Client()  # raises the view's exception, so a page that breaks fails here
        client.force_login(User.objects.get(username=role))
        opened = 0
        for url in pages(pack):
            response = client.get(url)
            assert response.status_code in (200, 403), (role, url, response.status_code)
            opened += response.status_code == 200
        assert opened >= 1, role


def test_the_governance_pages_say_who_is_missing_in_words(nobody, client, manager):
    live, review, pack = nobody
    client.force_login(manager)
    site_page = client.get("/sites/STS-201/").content.decode()
    assert "None" not in site_page.split("<main", 1)[1]  # no Python None shown for a missing person
    reviews_page = client.get("/reviews/sites/STS-201/").content.decode()
    assert "Not assigned" in reviews_page
    assert "Command line" in client.get("/reports/").content.decode()
    assert Review.objects.get(pk=review.pk).reviewer is None
