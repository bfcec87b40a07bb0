"""Gathering a pack's data costs a fixed number of queries: it does not grow with the
number of history rows per site, nor with the number of sites, whatever their kind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.core.history import save_with_history
from anpr_governance.demo.walkthrough import Texts, advance, review_site
from anpr_governance.evidence.services import evidence_upload
from anpr_governance.reports import services
from anpr_governance.reports.models import Pack
from anpr_governance.sites import services as site_services
from anpr_governance.sites.models import LocationType, Site

pytestmark = pytest.mark.django_db


def queries_to_gather(pack_id: int) -> tuple[int, dict]:
    pack = Pack.objects.select_related("requested_by").get(pk=pack_id)  # a fresh requester: no cached roles
    with CaptureQueriesContext(connection) as captured:
        data = services.pack_data(pack)
    return len(captured), data


def history_rows(site) -> int:
    return Site.history.filter(id=site.pk).count()


def test_queries_do_not_grow_with_the_history_of_a_site(make_site, actors, auditor):
    site = make_site("live", reference="STS-120")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-120", enqueue=False)
    before, data = queries_to_gather(pack.pk)
    changes_before, rows_before = len(data["sites"][0]["changes"]), history_rows(site)

    for _ in range(4):  # four yearly reviews, each approved: many more history rows of several records
        review_site(site, actors)
        site.refresh_from_db()
    for n in range(10):
        site.lanes = 2 + n % 2
        save_with_history(site, actor=actors.manager, reason="test.lanes_corrected")

    after, data = queries_to_gather(pack.pk)
    assert history_rows(site) >= rows_before + 20
    assert len(data["sites"][0]["changes"]) >= changes_before + 40
    assert len(data["sites"][0]["reviews"]) == 4
    assert after == before


def test_queries_do_not_grow_with_the_number_of_sites(make_site, auditor):
    make_site("live", reference="STS-121")
    one = services.pack_request(actor=auditor, scope="force", enqueue=False)
    with_one, data = queries_to_gather(one.pk)
    assert len(data["sites"]) == 1
    for n, status in enumerate(["live", "consultation", "decommissioned", "under_review"], start=122):
        make_site(status, reference=f"STS-{n}")
    with_five, data = queries_to_gather(one.pk)
    assert len(data["sites"]) == 5
    assert with_five == with_one


def site_in(area, status, reference, actors, *, exemption=False) -> Site:
    """A site in `area` walked to `status`, having gone ahead on an approved exemption from
    consultation instead of a consultation if `exemption`."""
    site = site_services.site_create(
        actor=actors.manager, reference=reference, name="Ring road", policing_area=area,
        location_type=LocationType.LA_MAJOR_ROAD, lanes=2, location_description="Near a junction",
        grid_reference="SJ 912 234", governance_officer=actors.officer,
    )
    return advance(site, status, actors, Texts(use_exemption=exemption))


def test_queries_do_not_grow_with_sites_of_every_kind(area, actors, auditor):
    """Sites on exemptions (which the exemption_lapsed rule reads), in another area, under
    review, with evidence and a lapsed exemption: as varied as the demo's register."""
    site_in(area, "live", "STS-130", actors)
    site_in(area, "live", "STS-131", actors, exemption=True)
    pack = services.pack_request(actor=auditor, scope="force", enqueue=False)
    with_two, _ = queries_to_gather(pack.pk)

    north = PolicingArea.objects.create(name="Cannock", code="cannock")
    site_in(north, "live", "STS-132", actors, exemption=True)
    site_in(north, "under_review", "STS-133", actors, exemption=True)
    site_in(area, "decommissioned", "STS-134", actors)
    lapsed = site_in(north, "live", "STS-135", actors, exemption=True)
    review_site(lapsed, actors)
    site_services.camera_add(actor=actors.manager, site=lapsed, identifier="STS-135-C2", lane=2)  # a material change
    evidence_upload(actor=actors.officer, record=lapsed.dpias.get(), description="Signed DPIA",
                    upload=SimpleUploadedFile("dpia.pdf", b"%PDF-1.7\n%%EOF\n"))

    with_six, data = queries_to_gather(pack.pk)
    assert [s["reference"] for s in data["sites"]] == [f"STS-{n}" for n in range(130, 136)]
    by_reference = {s["reference"]: s for s in data["sites"]}
    flags = {ref: [f["rule"] for f in s["decommission"]["flags"]] for ref, s in by_reference.items()}
    assert "exemption_lapsed" in flags["STS-135"] and "exemption_lapsed" not in flags["STS-132"]
    assert [e["name"] for e in by_reference["STS-135"]["evidence"]] == ["dpia.pdf"]
    assert with_six == with_two
