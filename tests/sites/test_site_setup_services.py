"""The services that set sites up: grid references, the next free reference, details, cameras
moved and refused, and what an imported site's page says is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anpr_governance.core.exceptions import DomainError
from anpr_governance.sites import services
from anpr_governance.sites.grid import normalise_grid_reference
from anpr_governance.sites.models import Camera, MaterialChange, Site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed, stored", [
    ("SJ 9234 1567", "SJ 9234 1567"),
    ("sj92341567", "SJ 9234 1567"),
    ("  SJ 9234  1567 ", "SJ 9234 1567"),
    ("NN 12 34", "NN 12 34"),
    ("TQ 12345 67890", "TQ 12345 67890"),
    ("", ""),
])
def test_a_grid_reference_is_stored_normalised(typed, stored):
    assert normalise_grid_reference(typed) == stored


@pytest.mark.parametrize("typed", ["SJ 123", "SJ", "SJ 12 345", "SJ 123456 789012", "IJ 1234 5678", "SI 1234 5678",
                                   "S1 1234", "SJ 12a4"])
def test_a_grid_reference_that_is_not_one_is_refused(typed):
    with pytest.raises(ValidationError, match="Enter an Ordnance Survey grid reference"):
        normalise_grid_reference(typed)


def test_a_proposal_takes_the_next_free_reference_of_the_prefix(manager, area, make_site, settings):
    make_site(reference="STS-009")
    make_site(reference="ABC-500")
    site = services.site_propose(actor=manager, name="A5", policing_area=area, location_type="la_major_road",
                                 pressing_need="Crime")
    assert site.reference == "STS-010"
    settings.ANPR_SITE_REFERENCE_PREFIX = "ABC"
    assert services.next_site_reference() == "ABC-501"


def test_saving_unchanged_details_writes_no_history(manager, make_site):
    site = make_site("proposed")
    site.refresh_from_db()
    rows = site.history.count()
    services.site_update(actor=manager, site=site, expected_version=site.lock_version, name=site.name,
                         location_type=site.location_type, location_description=site.location_description,
                         grid_reference=site.grid_reference, lanes=site.lanes,
                         review_interval_months=site.review_interval_months)
    assert site.history.count() == rows


@pytest.mark.parametrize("changes, message", [
    ({"location_description": "Northbound carriageway near a junction"}, "The new position is the same as the old"),
    ({"reason": " "}, "Say why the camera was moved"),
    ({"location_description": ""}, "Describe where the camera now stands"),
])
def test_a_move_that_says_nothing_new_is_refused_and_nothing_changes(manager, make_site, changes, message):
    site = make_site("live")
    camera = site.cameras.get()
    Camera.objects.filter(pk=camera.pk).update(location_description="Northbound carriageway near a junction")
    move = {"location_description": "New pole", "moved_on": datetime.date(2027, 4, 2), "reason": "Roadworks"}
    with pytest.raises(DomainError, match=message):
        services.camera_move(actor=manager, camera=camera, **(move | changes))
    assert not MaterialChange.objects.exists()
    assert Camera.objects.get(pk=camera.pk).location_description == "Northbound carriageway near a junction"


def test_a_removed_camera_cannot_be_moved_and_its_identifier_is_not_reused(manager, make_site):
    site = make_site("live")
    camera = services.camera_remove(actor=manager, camera=site.cameras.get(), removed_on=datetime.date(2027, 1, 5))
    with pytest.raises(DomainError, match="a removed camera cannot be moved"):
        services.camera_move(actor=manager, camera=camera, location_description="x",
                             moved_on=datetime.date(2027, 2, 1), reason="y")
    with pytest.raises(DomainError, match=f"already used at {site.reference} until 05 January 2027"):
        services.camera_add(actor=manager, site=site, identifier=camera.identifier)


def test_a_move_after_the_dpia_blocks_going_live_until_a_new_dpia(manager, make_site):
    site = make_site("approved")
    services.camera_move(actor=manager, camera=site.cameras.get(), location_description="New pole",
                         moved_on=datetime.date(2027, 4, 2), reason="Roadworks")
    with pytest.raises(DomainError, match="have changed since its DPIA was approved"):
        services.site_transition(actor=manager, site=site, to="live")


def test_an_imported_live_sites_task_list_shows_each_missing_record(client, manager, area):
    site = Site.objects.create(reference="STS-300", name="Imported", policing_area=area,
                               location_type="la_major_road", status="live", imported_at=timezone.now())
    client.force_login(manager)
    html = client.get(f"/sites/{site.reference}/").content.decode()
    assert html.count("The site was taken into the service without it: record it.") == 3
    assert "Not recorded: imported" in html
    assert "Records missing" in html or "records_missing" in html
