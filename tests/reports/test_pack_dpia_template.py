"""The compliance pack prints the DPIA in the ICO template's order, an old DPIA's new sections
as "Missing", and the prior consultation with the ICO as it stood at the pack's date (issue 14,
points 1, 4 and 8)."""

import datetime
import json

import pytest
from django.utils import timezone

from anpr_governance.assessments import selectors, services
from anpr_governance.assessments.models import PrivacyImpactAssessment
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts, advance, complete_consultation, sign_off_dpia
from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db

HIGH = {"description": "Images reveal visitors to a place of worship.", "likelihood": "probable",
        "severity": "severe", "measures": "Masking.", "effect": "reduced", "residual_likelihood": "possible",
        "residual_severity": "severe"}


def dpia_of(pack, reference):
    data = json.loads(pack.attachment)
    return next(s for s in data["sites"] if s["reference"] == reference)["dpia"]


def test_an_old_dpia_prints_its_new_sections_as_missing(make_site, auditor, build, read_pack):
    site = make_site("live")
    dpia = selectors.approved_dpia(site)
    dpia.nature = dpia.flow_sharing = dpia.security_measures = ""  # as recorded before the template
    dpia.save()
    pack = read_pack(build(auditor, site_reference=site.reference))
    section = dpia_of(pack, site.reference)
    assert section["missing_sections"] == ["Nature of the processing", "Sharing with the national ANPR service",
                                           "Security measures"]
    flows = next(s for s in section["sections"] if s["key"] == "data_flows")
    assert [f["missing"] for f in flows["fields"]] == [False, False, False, True]
    assert ("Sections of the ICO template missing from this DPIA: Nature of the processing, Sharing with the "
            "national ANPR service, Security measures") in pack.flat
    assert "Collection " + " ".join(DPIA_SECTIONS["flow_collection"].split()) in pack.flat
    assert pack.flat.index("Data flows") < pack.flat.index("Lawful basis") < pack.flat.index("Risk register")


def test_the_pack_shows_the_prior_consultation_and_when_its_period_ends(make_site, actors, officer, auditor, build,
                                                                        read_pack):
    texts = Texts(risks=[HIGH])
    site = make_site("privacy_review")
    advance(site, Status.CONSULTATION, actors, texts)
    today = timezone.localdate()
    complete_consultation(site, actors, texts, on=today)
    sent = today - datetime.timedelta(days=2)
    services.dpia_record_ico_consultation(actor=officer, dpia=selectors.current_dpia(site), reference="RFA0042",
                                          consulted_on=sent)
    sign_off_dpia(site, actors, texts)
    ends = sent + datetime.timedelta(weeks=6)
    pack = read_pack(build(auditor, site_reference=site.reference, as_at=today))
    ico = dpia_of(pack, site.reference)["ico_prior_consultation"]
    assert (ico["state"], ico["reference"], ico["sent_on"], ico["period_ends_on"], ico["allows_approval"]) == (
        "awaiting", "RFA0042", sent.isoformat(), ends.isoformat(), False)
    assert f"the statutory period ends on {ends.day} {ends:%B %Y}" in pack.flat

    services.dpia_record_ico_advice(actor=officer, dpia=selectors.approved_dpia(site), received_on=today,
                                    summary="Proceed with masking.")
    assert PrivacyImpactAssessment.objects.get(site=site).ico_advice_received_on == today
    pack = read_pack(build(auditor, site_reference=site.reference, as_at=today))
    ico = dpia_of(pack, site.reference)["ico_prior_consultation"]
    assert ico["state"] == "advice_received" and ico["advice_summary"] == "Proceed with masking."
    assert "Written advice received" in pack.flat and "Proceed with masking." in pack.flat
