"""Proposing a site and recording a camera through the API: the same services and permissions
as the pages, refusals as 400 or 403 with the service's sentence, and both in the schema."""

import pytest

from anpr_governance.sites.models import Camera, Site

pytestmark = pytest.mark.django_db

LIST = "/api/v1/sites/"


def proposal(**changes):
    return {"name": "A50 Uttoxeter east", "policing_area": "stafford", "location_type": "la_major_road",
            "grid_reference": "sj92341567", "lanes": 2, "pressing_need": "Vehicle crime on the A50"} | changes


def test_a_manager_proposes_a_site_and_gets_it_back(client, manager, area):
    client.force_login(manager)
    response = client.post(LIST, proposal(), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["reference"], body["status"], body["grid_reference"]) == ("STS-001", "proposed", "SJ 9234 1567")
    assert Site.objects.get(reference="STS-001").history.get().history_user == manager


def test_a_bad_grid_reference_is_refused_with_the_services_sentence(client, manager, area):
    client.force_login(manager)
    response = client.post(LIST, proposal(grid_reference="SJ 123"), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["grid_reference"] == [
        "Enter an Ordnance Survey grid reference: two letters then 4, 6, 8 or 10 digits, such as SJ 9234 1567"]
    assert not Site.objects.exists()


def test_a_malformed_proposal_is_refused_in_the_documented_shape(client, manager, area):
    """Found by the schema fuzzing (tests/fuzz/test_api_fuzz.py): the serializer's own 400 was
    DRF's bare {field: [...]}, not the {"detail", "errors"} the schema documents for a refusal."""
    client.force_login(manager)
    response = client.post(LIST, proposal(name="", policing_area=None), content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Check name and policing_area: what each needs is in errors."
    assert body["errors"] == {"name": ["This field may not be blank."],
                              "policing_area": ["This field may not be null."]}
    assert not Site.objects.exists()


def test_only_a_manager_may_propose_or_record_cameras(client, officer, make_site):
    site = make_site("proposed")
    client.force_login(officer)
    response = client.post(LIST, proposal(), content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only an approving manager may propose a camera site."}
    response = client.post(f"{LIST}{site.reference}/cameras/", {"identifier": "C-1", "lane": 1},
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "Only an approving manager may record a camera."
    assert not Camera.objects.exists() and Site.objects.count() == 1


def test_a_manager_records_a_camera_and_a_taken_identifier_is_refused(client, manager, make_site):
    site = make_site("proposed")
    client.force_login(manager)
    url = f"{LIST}{site.reference}/cameras/"
    response = client.post(url, {"identifier": "sts-001-c1", "lane": 2, "direction": "northbound",
                                 "installed_on": "2027-03-01"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["identifier"] == "STS-001-C1"
    again = client.post(url, {"identifier": "STS-001-C1", "lane": 1}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["detail"] == f"Camera STS-001-C1 is already in service at {site.reference}: enter another " \
                                     "identifier"
    lane = client.post(url, {"identifier": "STS-001-C2", "lane": 3}, content_type="application/json")
    assert lane.status_code == 400 and lane.json()["errors"]["lane"] == [
        f"{site.reference} has 2 lane(s): enter a lane from 1 to 2"]
    assert site.cameras.count() == 1


def test_the_schema_describes_proposing_and_recording_cameras(client, auditor):
    client.force_login(auditor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "post" in schema["paths"]["/api/v1/sites/"]
    cameras = schema["paths"]["/api/v1/sites/{reference}/cameras/"]["post"]
    assert {"201", "400", "403"} <= set(cameras["responses"])
    assert "pressing_need" in schema["components"]["schemas"]["SiteProposal"]["required"]
