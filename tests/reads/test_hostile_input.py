"""No 5xx from input (issue 11, point 6): out-of-range dates, deeply nested or wrong-typed JSON
and oversized bodies get 400 saying what is wrong, on every endpoint; the refused attempt is
logged, also when the body fails to parse before the view and on the web search; VRMs are
anchored at the true end and normalised the same way at ingestion and search."""

import pytest
from django.test import Client
from read_helpers import AUTHORISATIONS, INGEST, SEARCH, ago, iso, page_body, read, search_body

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads import services
from anpr_governance.reads.models import Authorisation, Read
from anpr_governance.reads.rules import is_valid_vrm, normalise_vrm

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000


def refused_searches():
    return AccessLogEntry.objects.filter(action=Action.SEARCH, outcome=Outcome.REFUSED)


@pytest.fixture
def searched(client, granted, stored):
    stored([read(at=ago(2))])
    client.force_login(granted)
    return client.post(SEARCH, search_body(), content_type="application/json").json()["id"]


@pytest.fixture
def pending(granted):
    return services.authorisation_request(
        actor=granted, vrm="AB12CDE", date_from=ago(200), date_to=ago(100), purpose="serious_organised_crime",
        reference="CRI/12345/25", reason="Suspect vehicle seen at three burglaries last spring.",
    )


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00+05:00", "9999-12-31T23:59:59"])
def test_an_out_of_range_date_is_refused_with_400_and_logged(client, granted, moment):
    client.force_login(granted)
    for field in ("from", "to"):
        response = client.post(SEARCH, search_body(**{field: moment}), content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]
    assert refused_searches().count() == 2


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00+05:00"])
def test_an_authorisation_with_an_out_of_range_date_is_refused_with_400(client, granted, moment):
    client.force_login(granted)
    body = {"vrm": "AB12CDE", "from": iso(ago(200)), "to": moment, "purpose": "serious_organised_crime",
            "reference": "CRI/12345/25", "reason": "Suspect vehicle seen at three burglaries last spring."}
    response = client.post(AUTHORISATIONS, body, content_type="application/json")
    assert response.status_code == 400 and "to" in response.json()["errors"]
    assert not Authorisation.objects.exists()


def test_the_web_search_refuses_an_out_of_range_date_with_400(client, granted):
    client.force_login(granted)
    typed = {"day": "31", "month": "12", "year": "9999", "time": "23:59"}
    response = client.post("/reads/search/", page_body(**{"from": typed}))
    assert response.status_code == 400
    assert "The start date must be a real date" in response.content.decode()
    assert refused_searches().get().details["from"] == "31/12/9999 23:59"  # what was typed


def test_json_nested_deep_is_refused_with_400_on_every_endpoint(client, granted, authoriser, searched, pending,
                                                                 token):
    for user, url in [
        (granted, SEARCH), (granted, AUTHORISATIONS), (authoriser, f"{AUTHORISATIONS}{pending.pk}/decide/"),
        (granted, f"/api/v1/reads/searches/{searched}/disclosures/"),
    ]:
        client.force_login(user)
        response = client.post(url, NESTED, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
    assert refused_searches().count() == 1
    ingest = Client().post(INGEST, NESTED, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ingest.status_code == 400


@pytest.mark.parametrize("body", [{"comment": 5, "decision": "refuse"}, {"decision": ["approve"]},
                                  {"decision": "refuse", "comment": {"a": 1}}])
def test_a_decision_of_the_wrong_type_is_refused_with_400(client, authoriser, pending, body):
    client.force_login(authoriser)
    response = client.post(f"{AUTHORISATIONS}{pending.pk}/decide/", body, content_type="application/json")
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Authorisation.Status.PENDING


@pytest.mark.parametrize("body", [{"recipient": 5, "reason": "Linked burglary series across the border."},
                                  {"recipient": "DC Smith", "reason": ["x" * 20]}])
def test_a_disclosure_of_the_wrong_type_is_refused_with_400(client, granted, searched, body):
    response = client.post(f"/api/v1/reads/searches/{searched}/disclosures/", body, content_type="application/json")
    assert response.status_code == 400
    assert not AccessLogEntry.objects.filter(action=Action.DISCLOSED, outcome=Outcome.ALLOWED).exists()


def test_an_authorisation_reason_of_the_wrong_type_is_refused_with_400(client, granted):
    client.force_login(granted)
    body = {"vrm": "AB12CDE", "from": iso(ago(200)), "to": iso(ago(100)), "purpose": "serious_organised_crime",
            "reference": "CRI/12345/25", "reason": 12345}
    response = client.post(AUTHORISATIONS, body, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]


def test_an_oversized_search_body_is_refused_with_400_and_logged(client, granted, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(granted)
    response = client.post(SEARCH, search_body(reason="x" * 20_000), content_type="application/json")
    assert response.status_code == 400
    assert refused_searches().count() == 1


def test_malformed_json_with_a_session_and_csrf_is_logged(granted):
    """Reproduces the hole: with a session, DRF parses the body in its CSRF check, before the view."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(granted)
    browser.get("/reads/search/")
    token = browser.cookies["csrftoken"].value
    response = browser.post(SEARCH, "{not json", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    entry = refused_searches().get()
    assert entry.actor == granted and "could not be read" in entry.justification


def test_a_failed_csrf_check_on_a_search_is_logged(granted):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(granted)
    response = browser.post(SEARCH, search_body(), content_type="application/json")
    assert response.status_code == 403
    assert refused_searches().get().actor == granted


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "officer"])
def test_a_web_search_by_a_non_investigator_is_refused_and_logged(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post("/reads/search/", page_body())
    assert response.status_code == 403
    assert refused_searches().get().actor == user


def test_a_refused_export_of_anothers_search_is_logged(client, searched, make_user, sysadmin, site, grant_search):
    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    client.force_login(colleague)
    client.post(f"/reads/searches/{searched}/export/")
    client.post(f"/api/v1/reads/searches/{searched}/disclosures/",
                {"recipient": "DC Smith", "reason": "Linked burglary series across the border."},
                content_type="application/json")
    refused = AccessLogEntry.objects.filter(outcome=Outcome.REFUSED, actor=colleague)
    assert sorted(refused.values_list("action", flat=True)) == sorted([Action.SEARCH_EXPORTED, Action.DISCLOSED])
    assert all(e.subject == f"search:{searched}" for e in refused)


@pytest.mark.parametrize("value", ["AB12CDE\n", "AB12CDE\n\n"])
def test_a_vrm_with_a_trailing_newline_is_normalised_not_stored_as_is(ingest, value):
    """Reproduces the hole: `$` accepted "AB12CDE\\n", stored and never found."""
    assert is_valid_vrm("AB12CDE\n") is False
    response = ingest([read(vrm=value)])
    assert response.status_code == 200
    assert list(Read.objects.values_list("vrm", flat=True)) == ["AB12CDE"]


def test_vrms_are_normalised_alike_at_ingestion_and_search():
    assert normalise_vrm("  ab12\tcde\n") == normalise_vrm("AB12 CDE") == "AB12CDE"


def test_a_failed_csrf_check_on_the_web_search_is_logged_and_refused(granted):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(granted)
    response = browser.post("/reads/search/", page_body())
    assert response.status_code == 403
    assert "CSRF" in refused_searches().get().justification
