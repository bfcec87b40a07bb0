"""The read-only sites API: /api/v1/sites/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from anpr_governance.sites.models import Camera, Site

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db

LIST = "/api/v1/sites/"


def detail(reference):
    return f"/api/v1/sites/{reference}/"


@pytest.fixture
def site(make_site):
    site = make_site("proposed", reference="STS-017")
    Camera.objects.create(site=site, identifier="CAM-017-1", lane=1)
    Camera.objects.create(site=site, identifier="CAM-017-2", lane=2)
    return site


def make_sites(area, count, *, start=100):
    """Cheap sites for counting queries: rows only, each with two cameras."""
    for number in range(start, start + count):
        site = Site.objects.create(
            reference=f"QRY-{number}", name="Query site", policing_area=area, location_type="la_major_road",
            location_description="Somewhere", grid_reference="SJ 100 200",
        )
        Camera.objects.create(site=site, identifier=f"CAM-{number}-A")
        Camera.objects.create(site=site, identifier=f"CAM-{number}-B")


def test_it_lists_sites_with_their_fields(client, auditor, site):
    client.force_login(auditor)
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "reference": "STS-017",
        "name": "A34 corridor",
        "status": "proposed",
        "policing_area": "Stafford",
        "location_type": "la_major_road",
        "next_review_due": None,
        "flags": [],
        "cameras": ["CAM-017-1", "CAM-017-2"],
        "location_description": "Northbound carriageway near a junction",
        "grid_reference": "SJ 912 234",
    }


def test_it_shows_a_site_by_its_reference(client, auditor, site):
    client.force_login(auditor)
    response = client.get(detail("STS-017"))
    assert response.status_code == 200
    assert response.json()["reference"] == "STS-017"


def test_it_gives_the_review_date_as_an_iso_date(client, auditor, site):
    Site.objects.filter(pk=site.pk).update(next_review_due="2026-03-29")
    client.force_login(auditor)
    assert client.get(detail("STS-017")).json()["next_review_due"] == "2026-03-29"


def test_it_lists_only_cameras_still_in_place(client, auditor, site):
    Camera.objects.filter(identifier="CAM-017-1").update(removed_on="2025-01-31")
    client.force_login(auditor)
    assert client.get(detail("STS-017")).json()["cameras"] == ["CAM-017-2"]


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "dpo", "investigator", "authoriser"])
def test_it_shows_locations_to_roles_with_the_permission(client, request, role, site):
    client.force_login(request.getfixturevalue(role))
    body = client.get(detail("STS-017")).json()
    assert body["location_description"] == "Northbound carriageway near a junction"
    assert body["grid_reference"] == "SJ 912 234"


def test_it_hides_locations_from_roles_without_the_permission(client, sysadmin, site):
    client.force_login(sysadmin)
    for body in (client.get(detail("STS-017")).json(), client.get(LIST).json()["results"][0]):
        assert body["reference"] == "STS-017"
        assert "location_description" not in body
        assert "grid_reference" not in body
    assert b"SJ 912 234" not in client.get(LIST).content


def test_it_refuses_anonymous_requests(client, site):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail("STS-017")).status_code in (401, 403)


def test_it_refuses_a_user_without_a_role(client, make_user, site):
    client.force_login(make_user("norole"))
    assert client.get(LIST).status_code == 403
    assert client.get(detail("STS-017")).status_code == 403


def test_it_refuses_a_deactivated_user_with_a_token(client, auditor, site):
    _, token = AuthToken.objects.create(user=auditor)
    auditor.is_active = False
    auditor.save()
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


def test_it_answers_404_for_an_unknown_reference(client, auditor, site):
    client.force_login(auditor)
    assert client.get(detail("NOPE-999")).status_code == 404


def test_it_filters_by_status(client, auditor, make_site):
    make_site("proposed", reference="STS-001")
    make_site("assessment", reference="STS-002")
    client.force_login(auditor)
    body = client.get(LIST, {"status": "assessment"}).json()
    assert [s["reference"] for s in body["results"]] == ["STS-002"]
    assert [s["status"] for s in body["results"]] == ["assessment"]


def test_it_rejects_an_unknown_status_with_a_message(client, auditor, site):
    client.force_login(auditor)
    response = client.get(LIST, {"status": "flying"})
    assert response.status_code == 400
    assert "Unknown status 'flying'" in response.json()["errors"]["status"][0]


def test_it_filters_by_policing_area_code(client, auditor, site):
    from anpr_governance.accounts.models import PolicingArea

    tamworth = PolicingArea.objects.create(name="Tamworth", code="tamworth")
    Site.objects.create(reference="TAM-001", name="A5", policing_area=tamworth, location_type="la_major_road")
    client.force_login(auditor)
    assert [s["reference"] for s in client.get(LIST, {"policing_area": "tamworth"}).json()["results"]] == ["TAM-001"]
    assert [s["reference"] for s in client.get(LIST, {"policing_area": "stafford"}).json()["results"]] == ["STS-017"]
    assert client.get(LIST, {"policing_area": "nowhere"}).json()["count"] == 0


@pytest.mark.parametrize("role", ["auditor", "sysadmin"])
def test_it_lists_sites_in_a_constant_number_of_queries(client, request, role, area, django_assert_num_queries):
    client.force_login(request.getfixturevalue(role))
    make_sites(area, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).json()["count"] == 3
    make_sites(area, 27, start=200)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(LIST).json()["count"] == 30


def test_it_accepts_token_authentication(client, auditor, site):
    _, token = AuthToken.objects.create(user=auditor)
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["results"][0]["grid_reference"] == "SJ 912 234"


def test_it_refuses_a_wrong_token(client, site):
    assert client.get(LIST, HTTP_AUTHORIZATION="Token not-a-real-token").status_code in (401, 403)


def test_it_deletes_nothing_and_a_proposal_needs_its_fields(client, manager, site):
    client.force_login(manager)
    assert client.post(LIST, {"reference": "STS-999"}).status_code == 400
    assert not Site.objects.filter(reference="STS-999").exists()
    assert client.delete(detail("STS-017")).status_code in (403, 405)
    assert Site.objects.filter(reference="STS-017").exists()


def test_it_describes_the_api_in_the_schema(client, auditor):
    client.force_login(auditor)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/sites/" in schema["paths"]
    assert "/api/v1/sites/{reference}/" in schema["paths"]
    site = schema["components"]["schemas"]["Site"]
    assert "grid_reference" in site["properties"]
    assert "grid_reference" not in site["required"]


def test_it_keeps_the_schema_for_signed_in_users(client, db):
    assert client.get("/api/schema/").status_code in (401, 403)
