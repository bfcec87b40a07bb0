"""What a compliance pack contains, read back from the PDF itself (pypdf)."""

import hashlib
import json

import pytest
from django.contrib.auth.models import Group, Permission

from anpr_governance.accounts.roles import Role
from anpr_governance.reports.principles import PRINCIPLES
from anpr_governance.reports.rendering import SUBSECTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_pack(shared_live_pack, db):
    pack, pdf = shared_live_pack
    return pack.site, pack, pdf


def test_a_site_pack_has_a_cover_contents_and_every_section_of_the_site(live_pack):
    site, pack, pdf = live_pack
    cover = " ".join(pdf.pages[0].split())
    assert "ANPR compliance pack" in cover and "Site pack: STS-017 A34 corridor" in cover
    assert "Staffordshire Police" in cover and "ICO inspection" in cover
    assert "Avery Auditor (shared-auditor) (Auditor)" in cover
    assert f"{pack.as_at:%-d %B %Y}" in cover
    contents = " ".join(pdf.pages[1].split())
    assert "Contents" in contents and "Staffordshire Police · ANPR compliance pack" in contents
    for number, (_anchor, title) in enumerate(SUBSECTIONS, start=1):
        assert title in contents
        assert f"{number}. {title}" in pdf.flat
    assert "About this pack" in pdf.flat


def test_the_fingerprint_on_the_cover_is_the_sha256_of_the_attached_data(live_pack):
    _site, pack, pdf = live_pack
    fingerprint = hashlib.sha256(pdf.attachment).hexdigest()
    assert fingerprint in "".join(pdf.pages[0].split())
    assert fingerprint == pack.data_sha256
    assert fingerprint != pack.file_sha256 == hashlib.sha256(pdf.content).hexdigest()


def test_the_attached_data_parses_and_matches_what_is_printed(live_pack):
    site, pack, pdf = live_pack
    data = json.loads(pdf.attachment)
    assert data["schema"] == "anpr-governance/compliance-pack/1"
    assert data["pack"]["reference"] == "STS-017/v1" and data["pack"]["as_at"] == pack.as_at.isoformat()
    [section] = data["sites"]
    printed = pdf.flat
    assert section["reference"] == "STS-017" and section["status_label"] == "Live"
    for value in (section["name"], section["status_label"], section["policing_area"],
                  section["location_type_label"], section["assessment"]["pressing_need_evidence"],
                  section["dpia"]["purposes"], section["consultations"][0]["outcome"],
                  section["location"]["grid_reference"]):
        assert " ".join(value.split()) in printed
    for change in section["changes"]:
        assert change["action"] in printed
    for camera in section["cameras"]:
        assert camera["identifier"] in printed


def test_every_page_after_the_cover_has_a_running_header_and_a_page_number(live_pack):
    _site, pack, pdf = live_pack
    total = len(pdf.pages)
    assert total == pack.page_count >= 5
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "STS-017/v1" in text  # the running footer names the pack
        if number > 1:
            assert "ANPR compliance pack · as at" in text
        if number > 2 and number < total:
            assert "STS-017 A34 corridor" in text  # the site's name runs at the top of its pages


def test_the_12_principles_are_each_marked_with_their_evidence_or_gap(live_pack):
    _site, _pack, pdf = live_pack
    text = pdf.flat
    for number, title in PRINCIPLES:
        assert f"{number}. {title}" in text
    data = json.loads(pdf.attachment)
    principles = data["sites"][0]["principles"]
    assert [p["number"] for p in principles] == list(range(1, 13))
    first = principles[0]
    assert first["status"] == "evidenced"
    assert "In-depth assessment v1 approved by Morgan Manager" in first["evidence"][0]
    last = principles[11]
    assert last["status"] == "gap" and "reference databases" in last["gaps"][0]
    assert text.count("Gap:") >= sum(len(p["gaps"]) for p in principles)


def test_a_proposed_site_shows_its_gaps_rather_than_empty_sections(make_site, auditor, build, read_pack):
    make_site("proposed", reference="STS-002")
    pdf = read_pack(build(auditor, site_reference="STS-002"))
    text = pdf.flat
    assert "No in-depth assessment recorded" in text and "No DPIA recorded" in text
    assert "No consultation or exemption recorded" in text
    principle = json.loads(pdf.attachment)["sites"][0]["principles"][0]
    assert principle["status"] == "gap" and principle["gaps"] == ["No in-depth assessment is recorded."]


def test_the_dpia_heat_map_places_each_risk_before_and_after_its_measures(live_pack):
    _site, _pack, pdf = live_pack
    dpia = json.loads(pdf.attachment)["sites"][0]["dpia"]
    heat = dpia["heatmap"]
    probable = next(row for row in heat["before"] if row["likelihood"] == "probable")
    significant = next(cell for cell in probable["cells"] if cell["severity"] == "significant")
    assert significant["risks"] == ["R1"] and significant["level"] == "high"
    assert heat["before_by_level"]["high"] == ["R1"] and heat["after_by_level"]["low"] == ["R1"]
    assert "Risk heat map, before and after measures" in pdf.flat
    assert "Collateral intrusion into the movements of law-abiding drivers." in pdf.flat


def test_the_consultation_shows_responses_and_you_said_we_did(live_pack):
    _site, _pack, pdf = live_pack
    text = pdf.flat
    assert "Supportive, provided signage is clear." in text
    assert "You said, we did: You said signage should be clear; we added signs on both approaches." in text


def test_an_approved_exemption_is_shown_instead_of_a_consultation(area, actors, auditor, build, read_pack):
    from anpr_governance.demo.walkthrough import Texts, advance
    from anpr_governance.sites import services as site_services

    site = site_services.site_create(
        actor=actors.manager, reference="STS-030", name="Covert corridor", policing_area=area,
        location_type="la_major_road", governance_officer=actors.officer,
    )
    advance(site, "approved", actors, Texts(use_exemption=True))
    text = read_pack(build(auditor, site_reference="STS-030")).flat
    assert "Exemption from consultation: Approved" in text
    assert "Consulting on this site would reveal a covert deployment" in text
    assert "Consultation exemption approved by manager" in text
    assert "Consulting would reveal a covert or temporary deployment" in text  # the ground
    assert "Valid until" in text


def test_reviews_show_their_privacy_impact_consideration_and_approvals_their_names(make_site, actors, auditor, build,
                                                                                   read_pack):
    from anpr_governance.demo.walkthrough import review_site

    site = make_site("live", reference="STS-040")
    review_site(site, actors)
    data_pdf = read_pack(build(auditor, site_reference="STS-040"))
    text = data_pdf.flat
    assert "Collateral intrusion unchanged: the cameras read only the carriageway." in text
    assert "Impact on privacy: complaints No complaints received since the last review." in text
    section = json.loads(data_pdf.attachment)["sites"][0]
    decisions = {(a["what"].split(" v")[0].split(" due")[0], a["decision"], a["by"]) for a in section["approvals"]}
    assert ("Review", "Approved", "manager") in decisions
    assert ("Deployment", "Approved", "manager") in decisions
    assert ("DPIA", "DPO advice given", "dpo") in decisions


def test_restricted_locations_appear_only_where_the_requesting_role_may_see_them(make_site, auditor, build,
                                                                                  read_pack):
    make_site("live", reference="STS-050")
    allowed = read_pack(build(auditor, site_reference="STS-050"))
    assert "SJ 912 234" in allowed.flat and "Northbound carriageway near a junction" in allowed.flat

    # The same role without the location permission: the fields are withheld, in print and in the data.
    Group.objects.get(name=Role.AUDITOR).permissions.remove(Permission.objects.get(codename="view_site_location"))
    auditor = type(auditor).objects.get(pk=auditor.pk)
    withheld = read_pack(build(auditor, site_reference="STS-050"))
    assert "SJ 912 234" not in withheld.flat and "Northbound carriageway" not in withheld.flat
    assert b"SJ 912 234" not in withheld.attachment
    assert json.loads(withheld.attachment)["sites"][0]["location"] is None
    assert "Withheld: restricted location fields are not shown" in withheld.flat


def test_flags_and_access_statistics_say_how_they_were_obtained(live_pack):
    _site, _pack, pdf = live_pack
    data = json.loads(pdf.attachment)
    access = data["sites"][0]["access"]
    assert access["recorded"] is True and access["searches_total"] == 0 and access["authorised_searches"] == 0
    assert "Of which under a senior officer's authorisation" in pdf.flat
    assert any("Decommissioning flags are as computed at generation" in note for note in data["notes"])
    assert "Flags as computed at generation" in pdf.flat


def test_the_pack_is_pdf_a_3b_with_its_data_attached_as_json(live_pack):
    _site, _pack, pdf = live_pack
    xmp = pdf.reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert list(pdf.reader.attachments) == ["pack-data.json"]
    assert pdf.content.startswith(b"%PDF-1.7")
    catalog = pdf.reader.trailer["/Root"]
    # PDF/A-3 "associated files" (WeasyPrint lists the one file spec twice).
    [filespec] = list({ref.idnum: ref.get_object() for ref in catalog["/AF"]}.values())
    assert filespec["/F"] == "pack-data.json" and filespec["/AFRelationship"] == "/Data"
    assert filespec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"


def test_a_long_table_breaks_across_pages_with_its_header_repeated(make_site, actors, auditor, build, read_pack):
    from anpr_governance.core.history import save_with_history

    site = make_site("live", reference="STS-060")
    for n in range(80):  # a long change history: the table runs over several pages
        site.lanes = 2 + n % 2
        save_with_history(site, actor=actors.manager, reason=f"test.lanes_corrected_{n}")
    pdf = read_pack(build(auditor, site_reference="STS-060"))
    with_header = [i for i, page in enumerate(pdf.pages) if "When Record Change By" in page]
    assert len(with_header) >= 2
    heading = next(i for i, page in enumerate(pdf.pages) if "8. Change history in the period" in page)
    assert with_header[0] == heading and with_header[1] == heading + 1  # repeated at the top of the next page
    for n in range(80):
        assert f"test.lanes_corrected_{n}" in pdf.flat  # no row lost at a break
