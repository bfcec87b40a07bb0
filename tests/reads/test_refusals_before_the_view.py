"""Issue 11, point 6: a refused attempt on a read-access endpoint is logged even when the body
cannot be parsed or the CSRF check fails before the view: the authorisation request and decide
endpoints and the export and disclosure of a search, on the API and the pages. A refused
authorisation request or decision is logged by the service like a refused search."""

import pytest
from django.test import Client
from read_helpers import AUTHORISATIONS, SEARCH, ago, boxes, iso, read, search_body

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads import services

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000
REQUESTS = (Action.AUTHORISATION_REQUESTED,)
DECISIONS = (Action.AUTHORISATION_APPROVED, Action.AUTHORISATION_REFUSED)


def refused(actions, user, after=0):
    return AccessLogEntry.objects.filter(action__in=actions, outcome=Outcome.REFUSED, actor=user, sequence__gt=after)


def last_sequence():
    return AccessLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


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


def browser_for(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def endpoints(granted, authoriser, searched, pending):
    """(user, url, which actions a refusal is logged as, subject of the entry)."""
    return [
        (granted, AUTHORISATIONS, REQUESTS, ""),
        (granted, "/reads/authorisations/new/", REQUESTS, ""),
        (authoriser, f"{AUTHORISATIONS}{pending.pk}/decide/", DECISIONS, f"authorisation:{pending.pk}"),
        (authoriser, f"/reads/authorisations/{pending.pk}/", DECISIONS, f"authorisation:{pending.pk}"),
        (granted, f"/api/v1/reads/searches/{searched}/disclosures/", (Action.DISCLOSED,), f"search:{searched}"),
        (granted, f"/reads/searches/{searched}/disclose/", (Action.DISCLOSED,), f"search:{searched}"),
        (granted, f"/reads/searches/{searched}/export/", (Action.SEARCH_EXPORTED,), f"search:{searched}"),
    ]


def test_a_failed_csrf_check_is_logged_on_every_read_access_endpoint(granted, authoriser, searched, pending):
    for user, url, actions, subject in endpoints(granted, authoriser, searched, pending):
        before = last_sequence()
        response = browser_for(user).post(url, {"decision": "approve"})
        assert response.status_code == 403, url
        entry = refused(actions, user, after=before).get()
        assert "CSRF" in entry.justification and entry.subject == subject, url


@pytest.mark.parametrize("body", ["{not json", NESTED])
def test_an_unreadable_api_body_is_logged_as_a_refused_attempt(granted, authoriser, searched, pending, body):
    for user, url, actions, subject in endpoints(granted, authoriser, searched, pending):
        if not url.startswith("/api/"):
            continue
        browser = browser_for(user)
        browser.get("/reads/authorisations/")
        token = browser.cookies["csrftoken"].value
        before = last_sequence()
        response = browser.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        assert response.status_code == 400, url
        entry = refused(actions, user, after=before).get()
        assert "could not be read" in entry.justification and entry.subject == subject, url


def test_a_refused_authorisation_request_is_logged(client, granted):
    client.force_login(granted)
    body = {"vrm": "AB12CDE", "from": iso(ago(200)), "to": iso(ago(100)), "purpose": "serious_organised_crime",
            "reference": "CRI/12345/25", "reason": "too short"}
    response = client.post(AUTHORISATIONS, body, content_type="application/json")
    assert response.status_code == 400
    entry = refused(REQUESTS, granted).get()
    assert entry.vrm == "AB12CDE" and "20 characters" in entry.justification


def test_an_authorisation_request_by_the_wrong_role_is_logged(client, officer):
    client.force_login(officer)
    response = client.post(AUTHORISATIONS, {"vrm": "AB12CDE"}, content_type="application/json")
    assert response.status_code == 403
    assert refused(REQUESTS, officer).count() == 1


def test_a_refused_decision_is_logged_and_changes_nothing(client, granted, pending):
    client.force_login(granted)  # nobody decides their own request; granted is no authoriser either
    response = client.post(f"{AUTHORISATIONS}{pending.pk}/decide/", {"decision": "approve"},
                           content_type="application/json")
    assert response.status_code == 403
    assert refused(DECISIONS, granted).get().subject == f"authorisation:{pending.pk}"
    pending.refresh_from_db()
    assert pending.status == pending.Status.PENDING


@pytest.mark.parametrize("role", ["officer", "authoriser"])
def test_an_authorisation_requested_on_the_page_by_the_wrong_role_is_logged(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post("/reads/authorisations/new/", {
        "vrm": "AB12CDE", **boxes("from", ago(200)), **boxes("to", ago(100)),
        "purpose": "major_crime", "reference": "CRI/12345/25", "reason": "Vehicle linked to a stabbing in March.",
    })
    assert response.status_code == 403
    assert refused(REQUESTS, user).get().vrm == "AB12CDE"
