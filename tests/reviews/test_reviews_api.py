"""GET /api/v1/sites/<reference>/reviews/ (issue 14 point 8): the site's reviews, newest first and
paginated, each with its dates, the privacy consideration in its parts, whether the exemption from
consultation still holds, the people by name and the decision; governance roles only, never the
camera location, and as many queries for five reviews as for one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.pagination import PageNumberPagination

from anpr_governance.demo.walkthrough import REVIEW_PRIVACY_PARTS, Texts, advance, review_site
from anpr_governance.reviews import services
from anpr_governance.reviews.models import Review

pytestmark = pytest.mark.django_db


def url(site):
    return f"/api/v1/sites/{site.reference}/reviews/"


@pytest.fixture
def named(officer, manager):
    """The officer and the manager with their names, as the API gives people."""
    for person, first, last in ((officer, "Olive", "Officer"), (manager, "Mina", "Manager")):
        person.first_name, person.last_name = first, last
        person.save()


def test_an_approved_review_gives_its_dates_privacy_parts_people_and_decision(client, auditor, make_site, actors,
                                                                                named):
    site = make_site("live")
    review = review_site(site, actors)
    Review.objects.filter(pk=review.pk).update(privacy_impact_consideration="Notes from before the parts.")
    client.force_login(auditor)
    body = client.get(url(site)).json()
    assert body["count"] == 1 and body["next"] is None
    shown = body["results"][0]
    assert shown["site"] == site.reference and shown["due_on"] == review.due_on.isoformat()
    assert shown["completed_on"] == review.completed_on.isoformat()
    assert (shown["state"], shown["outcome"], shown["outcome_label"]) == ("approved", "continue", "Continue")
    assert shown["privacy_consideration"] == {
        "notes": "Notes from before the parts.",
        "intrusion_change": REVIEW_PRIVACY_PARTS["privacy_intrusion_change"],
        "risks_change": REVIEW_PRIVACY_PARTS["privacy_risks_change"],
        "complaints": REVIEW_PRIVACY_PARTS["privacy_complaints"],
        "measures": REVIEW_PRIVACY_PARTS["privacy_measures"],
    }
    assert (shown["reviewer"], shown["submitted_by"], shown["decided_by"]) == (
        "Olive Officer", "Olive Officer", "Mina Manager")
    assert shown["exemption_still_holds"] is None and shown["decided_at"] is not None


def test_reviews_come_newest_first_with_the_open_one_undecided(client, dpo, make_site, actors):
    site = make_site("live")
    first = review_site(site, actors)
    site.refresh_from_db()
    second = services.review_schedule(actor=actors.manager, site=site, due_on=site.next_review_due)
    client.force_login(dpo)
    shown = client.get(url(site)).json()["results"]
    assert [r["id"] for r in shown] == [second.pk, first.pk]
    assert (shown[0]["state"], shown[0]["outcome"], shown[0]["decided_by"], shown[0]["completed_on"]) == (
        "scheduled", "", None, None)
    assert shown[0]["privacy_consideration"]["intrusion_change"] == ""


def test_a_review_of_an_exempt_site_says_whether_the_exemption_still_holds(client, officer, make_site, actors):
    site = advance(make_site("privacy_review"), "live", actors, Texts(use_exemption=True))
    review_site(site, actors, approve=False)
    client.force_login(officer)
    shown = client.get(url(site)).json()["results"][0]
    assert shown["exemption_still_holds"] is True and shown["state"] == "submitted"


def test_the_camera_location_is_never_shown(client, auditor, make_site, actors):
    site = make_site("live")
    review_site(site, actors)
    client.force_login(auditor)
    text = client.get(url(site)).content.decode()
    assert site.location_description not in text and site.grid_reference not in text


def test_the_list_is_paginated_like_the_other_lists(client, auditor, make_site, actors, monkeypatch):
    site = make_site("live")
    for _ in range(2):
        review_site(site, actors)
        site.refresh_from_db()
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)  # read from PAGE_SIZE once, at import
    client.force_login(auditor)
    body = client.get(url(site)).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and "page=2" in body["next"]
    assert client.get(body["next"]).json()["results"][0]["id"] < body["results"][0]["id"]


def test_five_reviews_cost_as_many_queries_as_one(client, auditor, make_site, actors):
    def queries(site) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(site)).status_code == 200
        return len(captured)

    one, five = make_site("live"), make_site("live")
    review_site(one, actors)
    for _ in range(5):
        review_site(five, actors)
        five.refresh_from_db()
    client.force_login(auditor)
    queries(one)  # the first request loads the session and permissions' caches alike
    assert queries(five) == queries(one)
    assert client.get(url(five)).json()["count"] == 5


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "dpo"])
def test_the_governance_roles_read_them(client, make_site, actors, role, request):
    site = make_site("live")
    review_site(site, actors)
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(site))
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("role", ["investigator", "authoriser", "sysadmin"])
def test_other_roles_are_refused(client, make_site, role, request):
    site = make_site("live")
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(site))
    assert response.status_code == 403 and "reading governance records" in response.json()["detail"]


def test_anonymous_is_refused(client, make_site):
    assert client.get(url(make_site("live"))).status_code == 403


def test_an_unknown_site_is_not_found(client, auditor):
    client.force_login(auditor)
    assert client.get("/api/v1/sites/NO-SUCH/reviews/").status_code == 404


def test_the_answer_conforms_to_the_openapi_schema(client, auditor, make_site, actors):
    from fuzz.conformance import assert_conforms

    site = advance(make_site("privacy_review"), "live", actors, Texts(use_exemption=True))
    review_site(site, actors)
    site.refresh_from_db()
    review_site(site, actors, approve=False)
    client.force_login(auditor)
    answer = client.get(url(site))
    assert answer.status_code == 200 and answer.json()["count"] == 2
    assert_conforms(answer, "/api/v1/sites/{reference}/reviews/", reference=site.reference)
