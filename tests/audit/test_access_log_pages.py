"""The access log for auditors and the DPO: page, API, filters and CSV export (itself logged).
Nobody, not even a system administrator or the Django admin, changes an entry."""

import csv
import io

import pytest

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.audit.services import access_log_append
from anpr_governance.front.navigation import sections_for

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db

PAGE = "/audit/access-log/"
API = "/api/v1/audit/access-log/"


@pytest.fixture
def logged(investigator, authoriser):
    access_log_append(actor=investigator, action=Action.SEARCH, vrm="AB12CDE", purpose="major_crime",
                      reference="CRI/12345/25", result_count=3)
    access_log_append(actor=investigator, action=Action.SEARCH, outcome=Outcome.REFUSED, vrm="XY99ZZZ",
                      reference="N/A", justification="“N/A” is not a crime or incident reference.")
    access_log_append(actor=authoriser, action=Action.AUTHORISATION_APPROVED, vrm="AB12CDE", subject="authorisation:1",
                      justification="=HYPERLINK(\"http://evil\")")


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("role", ["auditor", "dpo"])
def test_auditors_and_the_dpo_read_the_log(client, request, role, logged):
    client.force_login(request.getfixturevalue(role))
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "XY99ZZZ" in page.content.decode() and "Refused" in page.content.decode()
    body = client.get(API).json()
    assert body["count"] == 3
    assert [e["sequence"] for e in body["results"]] == [3, 2, 1]


@pytest.mark.parametrize("role", ["investigator", "authoriser", "sysadmin", "officer", "manager"])
def test_nobody_else_reads_the_log(client, request, role, logged):
    client.force_login(request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403
    assert client.post(API + "export/").status_code == 403


def test_the_log_is_filtered(client, auditor, logged):
    client.force_login(auditor)
    assert [e["vrm"] for e in client.get(API + "?outcome=refused").json()["results"]] == ["XY99ZZZ"]
    assert client.get(API + "?vrm=ab12 cde").json()["count"] == 2
    assert client.get(API + "?actor=authoriser").json()["count"] == 1
    assert client.get(API + "?action=reads.authorisation.").json()["count"] == 1
    assert client.get(API + "?since=2000-01-01&until=2000-01-02").json()["count"] == 0
    assert client.get(API + "?since=not-a-date").status_code == 400
    page = client.get(PAGE + "?outcome=refused").content.decode()
    assert "XY99ZZZ" in page and "CRI/12345/25" not in page


def test_the_export_is_csv_of_the_filtered_entries_and_is_itself_logged(client, auditor, logged):
    client.force_login(auditor)
    response = client.post(PAGE + "export/", {"vrm": "AB12CDE"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    table = rows(response)
    assert table[0][:4] == ["sequence", "at", "actor", "action"]
    assert [r[0] for r in table[1:]] == ["1", "3"]
    assert table[2][10].startswith("'=HYPERLINK")  # a spreadsheet will not run it
    export = AccessLogEntry.objects.get(action=Action.LOG_EXPORTED)
    assert export.actor == auditor and export.result_count == 2 and export.details == {"filters": {"vrm": "AB12CDE"}}


def test_the_api_exports_too(client, dpo, logged):
    client.force_login(dpo)
    response = client.post(API + "export/")
    assert len(rows(response)) == 4
    assert AccessLogEntry.objects.filter(action=Action.LOG_EXPORTED, actor=dpo).count() == 1


def test_the_page_is_paginated(client, auditor, investigator):
    for n in range(55):
        access_log_append(actor=investigator, action=Action.SEARCH, justification=f"search {n}")
    client.force_login(auditor)
    first = client.get(PAGE).content.decode()
    assert "govuk-pagination" in first and "search 54" in first and "search 0<" not in first
    assert "search 0" in client.get(PAGE + "?page=2").content.decode()


def test_the_admin_offers_no_way_to_change_the_log(client, make_user, logged):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    entry = AccessLogEntry.objects.first()
    assert client.get("/admin/audit/accesslogentry/").status_code == 404
    assert client.post(f"/admin/audit/accesslogentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 404
    assert AccessLogEntry.objects.count() == 3


def test_navigation_shows_each_role_its_read_data_sections(client, auditor, investigator, authoriser, sysadmin):
    ours = {"Search reads", "Authorisations", "Access log", "Feeds", "Search grants"}

    def labels(user):
        return {item["label"] for item in sections_for(user)} & ours

    assert labels(auditor) == {"Access log"}
    assert labels(investigator) == {"Search reads", "Authorisations"}
    assert labels(authoriser) == {"Authorisations", "Search grants"}  # they decide proposed grants
    assert labels(sysadmin) == {"Feeds", "Search grants"}
    client.force_login(investigator)
    assert 'href="/reads/search/"' in client.get("/").content.decode()


def test_the_api_is_described_in_the_schema(client, auditor):
    client.force_login(auditor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/reads/ingest/", "/api/v1/reads/searches/", "/api/v1/reads/authorisations/",
                 "/api/v1/reads/authorisations/{id}/decide/", "/api/v1/audit/access-log/",
                 "/api/v1/audit/access-log/export/"):
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["feedToken"]["scheme"] == "bearer"


def test_the_page_filters_by_days_typed_in_govuk_date_inputs_and_the_export_keeps_them(client, auditor, logged):
    """Issue 12, point 7: day, month and year boxes, not the browser's date picker."""
    from django.utils import timezone
    client.force_login(auditor)
    page = client.get(PAGE).content.decode()
    assert 'type="date"' not in page
    assert 'name="since_0"' in page and 'name="until_2"' in page and "For example, 27 3 2026" in page
    long_ago = {"since_0": "1", "since_1": "1", "since_2": "2000", "until_0": "2", "until_1": "1", "until_2": "2000"}
    filtered = client.get(PAGE, long_ago).content.decode()
    assert "XY99ZZZ" not in filtered and "No entries match these filters" in filtered
    assert 'name="since_0" value="1"' in filtered  # the export form carries the filter
    today = timezone.localdate()
    since_today = {"since_0": today.day, "since_1": today.month, "since_2": today.year}
    assert "XY99ZZZ" in client.get(PAGE, since_today).content.decode()
    assert len(rows(client.post(PAGE + "export/", long_ago))) == 1  # the header only
    wrong = client.get(PAGE, {"since_0": "31", "since_1": "2", "since_2": "2026"}).content.decode()
    assert "The start date must be a real date" in wrong


def test_the_log_names_what_each_entry_was_about_in_words(client, auditor, sysadmin, make_site):
    from anpr_governance.reads import services as reads

    feed, _token = reads.feed_create(actor=sysadmin, site=make_site("live", reference="STS-050"),
                                     name="STS-050 back office")
    access_log_append(actor=None, action=Action.PACK_BUILT, subject="pack:STS-001/v1")
    access_log_append(actor=None, action=Action.PACK_BUILT, subject="pack:FORCE/v3")
    access_log_append(actor=auditor, action=Action.SEARCH_EXPORTED, subject="search:7")
    access_log_append(actor=auditor, action=Action.SEARCH_EXPORTED, subject="mystery:thing")
    client.force_login(auditor)
    page = client.get(PAGE).content.decode()
    assert f"Feed {feed.pk} (STS-050 back office, STS-050)" in page
    assert "Compliance pack STS-001 version 1" in page
    assert "Compliance pack for the whole force version 3" in page
    assert "Search logged as entry 7" in page
    assert "mystery:thing" in page  # an unknown kind of subject is shown as stored
    assert f"feed:{feed.pk}" not in page and "pack:STS-001/v1" not in page
    # The stored subject, part of the hashed chain, is unchanged.
    assert AccessLogEntry.objects.filter(subject=f"feed:{feed.pk}").exists()
