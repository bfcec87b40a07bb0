"""Evidence files in compliance packs (issue 14, point 8): every file with its name,
description, uploader, time, size and SHA-256, superseded ones marked, as at the pack's date;
and the principles that use the new evidence (3 consultation, 4 governance, 6 retention)."""

import datetime
import hashlib
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anpr_governance.demo.walkthrough import Texts, advance
from anpr_governance.evidence.services import evidence_upload
from anpr_governance.reports.evidence_section import WITHHELD

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
LETTER = PDF + b"% signed\n"


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def upload(actor, record, name, data, description, **extra):
    return evidence_upload(actor=actor, record=record, upload=SimpleUploadedFile(name, data),
                           description=description, **extra)


def principle(data, number):
    return next(p for p in data["sites"][0]["principles"] if p["number"] == number)


@pytest.fixture
def site_with_evidence(make_site, officer, manager):
    with time_machine.travel(days_ago(30), tick=False):
        site = make_site("live", reference="STS-070")
        draft = upload(officer, site.dpias.get(), "dpia-draft.pdf", PDF, "DPIA as drafted")
    with time_machine.travel(days_ago(10), tick=False):
        upload(manager, site.dpias.get(), "dpia-signed.pdf", LETTER, "Signed DPIA", kind="signed_document",
               supersedes=draft)
    return site


def test_a_pack_lists_every_evidence_file_with_its_hash_and_superseded_ones_marked(site_with_evidence, auditor,
                                                                                  build, read_pack):
    pdf = read_pack(build(auditor, site_reference="STS-070"))
    files = json.loads(pdf.attachment)["sites"][0]["evidence"]
    assert [(f["name"], f["superseded"]) for f in files] == [("dpia-draft.pdf", True), ("dpia-signed.pdf", False)]
    signed = files[1]
    assert signed["description"] == "Signed DPIA" and signed["record"] == "DPIA v1"
    assert signed["uploaded_by"] == "manager" and signed["size"] == len(LETTER)
    assert signed["sha256"] == hashlib.sha256(LETTER).hexdigest() and signed["kind_label"] == "Signed document"
    assert files[0]["superseded_by"] == "dpia-signed.pdf"
    text = pdf.flat
    assert "11. Evidence files" in text and "dpia-draft.pdf Superseded" in text
    assert hashlib.sha256(PDF).hexdigest()[:32] in text.replace(" ", "")


def test_an_as_at_pack_shows_the_files_as_they_stood_then(site_with_evidence, auditor, build, read_pack):
    as_at = timezone.localdate() - datetime.timedelta(days=20)
    files = json.loads(read_pack(build(auditor, site_reference="STS-070", as_at=as_at)).attachment)["sites"][0][
        "evidence"]
    assert [(f["name"], f["superseded"]) for f in files] == [("dpia-draft.pdf", False)]


def test_a_file_showing_a_location_is_withheld_by_name_but_listed_by_hash(make_site, officer, auditor, build,
                                                                         read_pack):
    site = make_site("live", reference="STS-071")
    photo = upload(officer, site.dpias.get(), "camera-at-junction-4.pdf", PDF, "Pole by junction 4",
                   restricted=True)
    data = json.loads(read_pack(build(auditor, site_reference="STS-071", redact_locations=True)).attachment)
    [row] = data["sites"][0]["evidence"]
    assert row["name"] == WITHHELD and row["description"] == "" and row["sha256"] == photo.sha256
    data = json.loads(read_pack(build(auditor, site_reference="STS-071", redact_locations=False)).attachment)
    assert data["sites"][0]["evidence"][0]["name"] == "camera-at-junction-4.pdf"


def test_principle_3_names_the_exemptions_ground_and_expiry(make_site, area, actors, auditor, build, read_pack):
    site = advance(make_site("proposed", reference="STS-072"), "approved", actors, Texts(use_exemption=True))
    exemption = site.exemptions.get()
    p3 = principle(json.loads(read_pack(build(auditor, site_reference="STS-072")).attachment), 3)
    said = " ".join(p3["evidence"])
    assert exemption.get_ground_display() in said and "valid until" in said
    assert not any("expired" in gap for gap in p3["gaps"])


def test_principle_3_marks_an_expired_exemption_as_a_gap(make_site, actors, auditor, build, read_pack):
    site = advance(make_site("proposed", reference="STS-073"), "approved", actors, Texts(use_exemption=True))
    exemption = site.exemptions.get()
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(
            exemption.valid_until + datetime.timedelta(days=2), datetime.time(10))), tick=False):
        p3 = principle(json.loads(read_pack(build(auditor, site_reference="STS-073")).attachment), 3)
    assert any(gap.startswith("The exemption expired on") for gap in p3["gaps"])


def test_principle_3_counts_the_consultations_replies(make_site, auditor, build, read_pack):
    site = make_site("live", reference="STS-074")
    consultation = site.consultations.get()
    p3 = principle(json.loads(read_pack(build(auditor, site_reference="STS-074")).attachment), 3)
    replies = consultation.responses.count()
    assert any(f"{replies} reply(ies)" in e and "held from" in e for e in p3["evidence"])


def test_principle_4_uses_step_7_reviews_on_time_and_evidence(make_site, officer, auditor, build, read_pack):
    site = make_site("live", reference="STS-075")
    p4 = principle(json.loads(read_pack(build(auditor, site_reference="STS-075")).attachment), 4)
    assert "No evidence file (signed document, letter, photograph) is attached to the site's records." in p4["gaps"]
    assert any("Measures approved by" in e and "(DPIA step 7)" in e for e in p4["evidence"])
    upload(officer, site.assessments.get(), "assessment-signed.pdf", PDF, "Signed assessment")
    p4 = principle(json.loads(read_pack(build(auditor, site_reference="STS-075")).attachment), 4)
    assert "1 current evidence file(s) with their SHA-256 (section 11)." in p4["evidence"]
    assert not any("No evidence file" in gap for gap in p4["gaps"])


def test_principle_4_marks_a_late_review(make_site, actors, auditor, build, read_pack):
    from anpr_governance.demo.walkthrough import review_site
    from anpr_governance.reviews.models import Review

    site = make_site("under_review", reference="STS-076")
    review = site.reviews.get(state=Review.State.IN_PROGRESS)
    Review.objects.filter(pk=review.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=5))
    review_site(site, actors, outcome=Review.Outcome.CONTINUE)
    p4 = principle(json.loads(read_pack(build(auditor, site_reference="STS-076")).attachment), 4)
    assert any("was completed late" in gap for gap in p4["gaps"])
    assert "0 of 1 review(s) completed by their due date (section 6)." in p4["evidence"]


def test_principle_6_states_the_retention_rule_and_asks_the_dpia_for_its_own(make_site, auditor, build, read_pack,
                                                                             settings):
    from anpr_governance.assessments.models import PrivacyImpactAssessment

    site = make_site("live", reference="STS-077")
    p6 = principle(json.loads(read_pack(build(auditor, site_reference="STS-077")).attachment), 6)
    assert p6["evidence"][0].startswith(f"Reads are kept for {settings.ANPR_RETENTION_DAYS} days")
    assert any(e.startswith("The DPIA (v1) states the retention: ") for e in p6["evidence"]) and p6["gaps"] == []
    dpia = PrivacyImpactAssessment.objects.get(site=site)
    dpia.retention = ""  # as a DPIA written before the ICO template's sections (history keeps the change)
    dpia.save()
    p6 = principle(json.loads(read_pack(build(auditor, site_reference="STS-077")).attachment), 6)
    assert p6["gaps"] == ["The DPIA does not state the retention of the site's data."]


def test_principle_6_cites_the_dpias_retention_section_when_it_has_one():
    from anpr_governance.reports.principles import p6_retention
    from anpr_governance.sites.lifecycle import Status

    site = {"dpia": {"version": 2, "sections": [{"key": "retention", "fields": [
        {"name": "retention", "text": "Reads 365 days; images 31 days."}]}]},
        "decommission": {"checklist": None}}
    evidence, gaps, _ = p6_retention(site, Status.LIVE)
    assert evidence[-1] == "The DPIA (v2) states the retention: Reads 365 days; images 31 days." and gaps == []
