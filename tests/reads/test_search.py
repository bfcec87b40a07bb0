"""Searches: investigators only, on granted sites, with a purpose and a real reference; every
attempt, allowed or refused, in the access log."""

import pytest
from read_helpers import SEARCH, ago, iso, page_body, read, search_body

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads import services
from anpr_governance.reads.models import Read

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db


def search(client, user, **overrides):
    client.force_login(user)
    return client.post(SEARCH, search_body(**overrides), content_type="application/json")


def last_entry() -> AccessLogEntry:
    return AccessLogEntry.objects.order_by("-sequence").first()


@pytest.fixture
def reads(stored):
    stored([
        read(at=ago(3)), read(camera="STS-001-C2", at=ago(2)), read(at=ago(45)), read(vrm="XY99ZZZ", at=ago(2)),
        read(at=ago(120)),
    ])


def test_an_investigator_finds_the_reads_of_a_vrm_in_the_window(client, granted, reads):
    response = search(client, granted, vrm="ab12 cde")
    assert response.status_code == 201
    body = response.json()
    assert [(r["site"], r["camera"], r["vrm"]) for r in body["results"]] == [
        ("STS-001", "STS-001-C1", "AB12CDE"), ("STS-001", "STS-001-C1", "AB12CDE"),
        ("STS-001", "STS-001-C2", "AB12CDE"),
    ]
    times = [r["read_at"] for r in body["results"]]
    assert times == sorted(times)


def test_the_search_is_logged_with_its_justification_and_result_count(client, granted, reads, site):
    body = search(client, granted).json()
    entry = last_entry()
    assert body["id"] == entry.sequence
    assert (entry.action, entry.outcome, entry.actor, entry.vrm) == (Action.SEARCH, Outcome.ALLOWED, granted,
                                                                     "AB12CDE")
    assert (entry.purpose, entry.reference, entry.result_count) == ("major_crime", "CRI/12345/25", 3)
    assert dict(entry.site_links.values_list("site_id", "reads")) == {site.pk: 3}


def test_a_search_finds_only_reads_of_granted_sites(client, granted, make_site, sysadmin, area, grant_search):
    from anpr_governance.accounts.models import PolicingArea

    other_area = PolicingArea.objects.create(name="Tamworth", code="tamworth")
    elsewhere = make_site("live", reference="STS-002")
    elsewhere.policing_area = other_area
    elsewhere.save()
    feed, _ = services.feed_create(actor=sysadmin, site=elsewhere, name="elsewhere")
    services.reads_ingest(feed=feed, body={"reads": [read(camera="STS-002-C1", at=ago(2))]})
    assert Read.objects.count() == 1
    assert search(client, granted).json()["results"] == []
    grant_search(granted, site=elsewhere)
    assert [r["site"] for r in search(client, granted).json()["results"]] == ["STS-002"]


def test_an_investigator_without_any_grant_is_refused_and_the_attempt_logged(client, investigator, reads):
    response = search(client, investigator)
    assert response.status_code == 403
    assert "not been granted any sites" in response.json()["detail"]
    entry = last_entry()
    assert (entry.action, entry.outcome, entry.actor) == (Action.SEARCH, Outcome.REFUSED, investigator)
    assert "not been granted" in entry.justification


@pytest.mark.parametrize("role", ["sysadmin", "auditor", "dpo", "authoriser", "officer", "manager"])
def test_any_other_role_gets_403_and_the_attempt_is_logged(client, request, role, reads):
    user = request.getfixturevalue(role)
    response = search(client, user)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an investigator may search reads."
    entry = last_entry()
    assert (entry.outcome, entry.actor, entry.vrm, entry.reference) == (
        Outcome.REFUSED, user, "AB12CDE", "CRI/12345/25"
    )


def test_a_superuser_without_the_role_cannot_search(client, make_user, granted, reads):
    root = make_user("root", is_staff=True, is_superuser=True)
    assert search(client, root).status_code == 403


def test_an_anonymous_request_is_refused(client, reads):
    assert client.post(SEARCH, search_body(), content_type="application/json").status_code in (401, 403)


@pytest.mark.parametrize("reference", ["investigation", "n/a", "123", "", "  ", "Investigation 1"])
def test_a_blank_generic_or_too_short_reference_is_refused_saying_what_is_expected(client, granted, reference):
    response = search(client, granted, reference=reference)
    assert response.status_code == 400
    message = response.json()["errors"]["reference"][0]
    assert "such as CRI/12345/25" in message
    assert last_entry().outcome == Outcome.REFUSED


def test_a_reference_is_accepted_in_lower_case_and_stored_upper_case(client, granted):
    assert search(client, granted, reference=" inc-20250114-0042 ").status_code == 201
    assert last_entry().reference == "INC-20250114-0042"


def test_the_reference_pattern_is_configurable(client, granted, settings):
    settings.ANPR_REFERENCE_PATTERN = r"OP-[A-Z]{4,}-\d{2}"
    settings.ANPR_REFERENCE_HINT = "an operation reference such as OP-NIGHTJAR-25"
    assert search(client, granted, reference="OP-NIGHTJAR-25").status_code == 201
    refused = search(client, granted, reference="CRI/12345/25")
    assert "OP-NIGHTJAR-25" in refused.json()["errors"]["reference"][0]


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("purpose", {"purpose": "curiosity"}, "is not a purpose"),
        ("purpose", {"purpose": None}, "Choose the purpose"),
        ("vrm", {"vrm": "not a vrm!"}, "is not a VRM"),
        ("vrm", {"vrm": None}, "Enter the VRM"),
        ("from", {"from": "last week"}, "as a date and time"),
        ("to", {"from": iso(ago(1)), "to": iso(ago(2))}, "must end after it starts"),
        ("from", {"from": iso(ago(400))}, "have been erased"),
    ],
)
def test_bad_input_is_refused_with_400_naming_the_field_and_logged(client, granted, field, overrides, message):
    response = search(client, granted, **overrides)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert last_entry().outcome == Outcome.REFUSED
    assert message in last_entry().justification


def test_a_window_older_than_the_standard_access_window_needs_an_authorisation(client, granted, reads):
    response = search(client, granted, **{"from": iso(ago(100))})
    assert response.status_code == 403
    assert "needs an authorisation" in response.json()["detail"]
    assert last_entry().outcome == Outcome.REFUSED


def test_the_standard_access_window_is_a_setting(client, granted, reads, settings):
    settings.ANPR_STANDARD_ACCESS_DAYS = 30
    assert search(client, granted, **{"from": iso(ago(40))}).status_code == 403
    settings.ANPR_STANDARD_ACCESS_DAYS = 90
    assert search(client, granted, **{"from": iso(ago(40))}).status_code == 201


def test_a_safeguarding_search_cannot_reach_older_reads_at_all(client, granted):
    response = search(client, granted, purpose="safeguarding", **{"from": iso(ago(100))})
    assert response.status_code == 403
    assert "safeguarding search is limited to the last 90 days" in response.json()["detail"]


def test_a_safeguarding_search_within_the_window_is_allowed(client, granted, reads):
    assert search(client, granted, purpose="safeguarding").status_code == 201


def test_a_refused_search_stays_logged_though_the_request_answers_with_an_error(client, granted):
    before = AccessLogEntry.objects.count()
    search(client, granted, reference="investigation")
    search(client, granted, purpose="nope")
    assert AccessLogEntry.objects.filter(outcome=Outcome.REFUSED).count() == 2
    assert AccessLogEntry.objects.count() == before + 2


def test_the_search_page_is_for_investigators_only(client, granted, sysadmin):
    client.force_login(sysadmin)
    assert client.get("/reads/search/").status_code == 403
    client.force_login(granted)
    page = client.get("/reads/search/")
    assert page.status_code == 200
    assert "STS-001" in page.content.decode()  # the sites they may search


def test_the_search_page_shows_results_and_records_the_search(client, granted, reads):
    client.force_login(granted)
    response = client.post("/reads/search/", page_body())
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Search {last_entry().sequence}: 3 reads" in page
    assert "STS-001-C2" in page


def test_the_search_page_shows_what_is_wrong_beside_each_field(client, granted):
    client.force_login(granted)
    response = client.post("/reads/search/", page_body(reference="n/a", vrm="??"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#reference"' in page and 'href="#vrm"' in page
    assert "govuk-form-group--error" in page
    assert last_entry().outcome == Outcome.REFUSED


def test_the_search_page_offers_to_request_an_authorisation_when_one_is_needed(client, granted):
    client.force_login(granted)
    response = client.post("/reads/search/", page_body(**{"from": ago(100)}))
    assert response.status_code == 403
    assert "Request an authorisation for this search" in response.content.decode()


def test_search_results_can_be_exported_as_csv_and_the_export_is_logged(client, granted, reads):
    number = search(client, granted).json()["id"]
    response = client.post(f"/reads/searches/{number}/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0] == "site,camera,vrm,read_at" and len(rows) == 4
    entry = last_entry()
    assert (entry.action, entry.subject, entry.result_count) == (Action.SEARCH_EXPORTED, f"search:{number}", 3)


def test_nobody_exports_another_persons_search(client, granted, reads, make_user, sysadmin, site, grant_search):
    from anpr_governance.accounts.roles import Role

    number = search(client, granted).json()["id"]
    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    client.force_login(colleague)
    response = client.post(f"/reads/searches/{number}/export/")
    assert response.status_code == 403  # the refusal page saying why (was a redirect to the search form)
    assert not AccessLogEntry.objects.filter(action=Action.SEARCH_EXPORTED, outcome=Outcome.ALLOWED).exists()
    refused = AccessLogEntry.objects.get(action=Action.SEARCH_EXPORTED)
    assert (refused.outcome, refused.actor) == (Outcome.REFUSED, colleague)


def test_a_disclosure_records_its_recipient_and_reason(client, granted, reads):
    number = search(client, granted).json()["id"]
    response = client.post(
        f"/api/v1/reads/searches/{number}/disclosures/",
        {"recipient": "DC Smith, West Mercia Police", "reason": "Linked burglary series across the border."},
        content_type="application/json",
    )
    assert response.status_code == 201
    entry = last_entry()
    assert entry.action == Action.DISCLOSED and entry.details == {"recipient": "DC Smith, West Mercia Police"}
    assert entry.justification.startswith("Linked burglary") and entry.result_count == 3


def test_a_disclosure_without_a_recipient_is_refused(client, granted, reads):
    number = search(client, granted).json()["id"]
    client.force_login(granted)
    response = client.post(f"/reads/searches/{number}/disclose/", {"recipient": "", "reason": "x"})
    assert response.status_code == 400
    assert "Enter who the results are disclosed to" in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=Action.DISCLOSED, outcome=Outcome.ALLOWED).exists()


@pytest.mark.parametrize("body", ["{not json", "[1, 2]"])
def test_a_request_that_cannot_be_read_is_refused_and_still_logged(client, granted, body):
    client.force_login(granted)
    response = client.post(SEARCH, body, content_type="application/json")
    assert response.status_code == 400
    entry = last_entry()
    assert (entry.action, entry.outcome, entry.actor) == (Action.SEARCH, Outcome.REFUSED, granted)
    assert entry.justification == response.json()["detail"]


def test_a_refused_search_through_the_api_is_answered_with_its_reasons_and_stays_logged(client, granted, reads):
    before = AccessLogEntry.objects.count()
    wrong = search(client, granted, vrm="??", reference="n/a")
    body = wrong.json()
    assert wrong.status_code == 400 and set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"vrm", "reference"}
    assert (last_entry().outcome, last_entry().justification) == (Outcome.REFUSED, body["detail"])
    too_old = search(client, granted, **{"from": iso(ago(100))})
    assert too_old.status_code == 403 and set(too_old.json()) == {"detail"}
    assert (last_entry().outcome, last_entry().justification) == (Outcome.REFUSED, too_old.json()["detail"])
    assert AccessLogEntry.objects.count() == before + 2
