"""Evidence files (issue 14, point 7): accepted kinds by their bytes, stored under MEDIA_ROOT
with their SHA-256, refused before anything is stored, never deleted but superseded."""

import hashlib

import pytest
from django.db.models import ProtectedError

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import Texts, advance
from anpr_governance.evidence.models import EvidenceFile, Kind
from anpr_governance.evidence.services import evidence_upload

pytestmark = pytest.mark.django_db
WRONG_TYPE = "The selected file must be a PDF, image, office document or e-mail"
NAMES = ["counts.ods", "figures.xlsx", "letter.docx", "minutes.odt", "reply.eml", "reply.msg", "report.pdf",
         "signage.jpg", "signage.png"]


@pytest.fixture
def dpia(make_site):
    return make_site("live").dpias.get(status="approved")


@pytest.mark.parametrize("name", NAMES)
def test_each_accepted_kind_is_stored_with_its_sha256(dpia, officer, sample, samples, stored, media, name):
    data, mime = samples[name]
    evidence = evidence_upload(actor=officer, record=dpia, upload=sample(name), description="Signed copy")
    assert evidence.mime_type == mime and evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    [path] = stored()
    assert path.read_bytes() == data and path.is_relative_to(media / "evidence")
    assert evidence.original_name == name and evidence.site == dpia.site and evidence.record == dpia


@pytest.mark.parametrize("name, data", [
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable named as a PDF"),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 26 + b"evil.exe" + b"\x00" * 50),
    ("notes.eml", b"Just some text, not an e-mail\n"),
    ("old.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # OLE2 without Outlook's streams
    ("reply.eml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "__substg1.0_0037001F".encode("utf-16-le")),
])
def test_a_file_whose_bytes_are_not_an_accepted_kind_is_refused_and_not_stored(dpia, officer, sample, stored,
                                                                              name, data):
    with pytest.raises(DomainError) as refused:
        evidence_upload(actor=officer, record=dpia, upload=sample(name, data), description="Letter")
    assert refused.value.field_errors == {"file": [WRONG_TYPE]}
    assert stored() == [] and not EvidenceFile.objects.exists()


def test_an_empty_file_and_a_missing_description_are_refused(dpia, officer, sample, stored):
    with pytest.raises(DomainError, match="The selected file is empty"):
        evidence_upload(actor=officer, record=dpia, upload=sample("report.pdf", b""), description="Letter")
    with pytest.raises(DomainError, match="Enter a short description of the file"):
        evidence_upload(actor=officer, record=dpia, upload=sample(), description="  ")
    assert stored() == []


def test_a_file_over_the_evidence_limit_is_refused_by_the_service_too(dpia, officer, sample, stored, settings):
    settings.ANPR_EVIDENCE_MAX_MB = 1
    with pytest.raises(DomainError, match="The selected file must be smaller than 1 MB"):
        evidence_upload(actor=officer, record=dpia, upload=sample("report.pdf", b"%PDF-1.7\n" + b"x" * 1024 * 1024),
                        description="Scan")
    assert stored() == []


@pytest.mark.parametrize("role", ["officer", "manager", "dpo"])
def test_the_assigned_officer_managers_and_the_dpo_add_evidence(dpia, sample, request, role):
    person = request.getfixturevalue(role)
    evidence = evidence_upload(actor=person, record=dpia, upload=sample(), description="x")
    assert evidence.uploaded_by == person


@pytest.mark.parametrize("role", ["another_officer", "auditor", "investigator", "authoriser", "sysadmin"])
def test_other_people_may_not_add_evidence(dpia, sample, stored, request, role):
    with pytest.raises(NotPermitted, match="may add evidence files"):
        evidence_upload(actor=request.getfixturevalue(role), record=dpia, upload=sample(), description="x")
    assert stored() == []


def test_each_upload_is_in_the_hash_chained_access_log_and_the_history(dpia, officer, sample):
    evidence = evidence_upload(actor=officer, record=dpia, upload=sample(), description="Signed DPIA",
                               kind=Kind.SIGNED_DOCUMENT)
    entry = AccessLogEntry.objects.get(action=Action.EVIDENCE_UPLOADED)
    assert entry.actor == officer and entry.subject == f"evidence:{evidence.pk}"
    assert entry.details["sha256"] == evidence.sha256 and entry.details["site"] == dpia.site.reference
    assert evidence.history.get().history_change_reason.startswith("Evidence file uploaded")


def test_a_newer_file_supersedes_one_which_is_kept(dpia, officer, manager, sample, stored):
    first = evidence_upload(actor=officer, record=dpia, upload=sample(), description="Draft letter")
    second = evidence_upload(actor=manager, record=dpia, upload=sample("letter.docx"), description="Signed letter",
                             supersedes=first)
    first.refresh_from_db()
    assert first.superseded_by == second and first.superseded_at == second.uploaded_at and not first.is_current
    assert len(stored()) == 2
    assert [h.history_change_reason for h in first.history.order_by("history_date")] == [
        "Evidence file uploaded for privacy impact assessment", "Superseded by letter.docx"]
    with pytest.raises(DomainError, match="has already been replaced"):
        evidence_upload(actor=officer, record=dpia, upload=sample(), description="Again", supersedes=first)


def test_a_file_can_only_be_superseded_by_one_for_the_same_record(make_site, officer, sample):
    site = make_site("live")
    on_dpia = evidence_upload(actor=officer, record=site.dpias.get(), upload=sample(), description="x")
    with pytest.raises(DomainError, match="same record"):
        evidence_upload(actor=officer, record=site.assessments.get(), upload=sample(), description="y",
                        supersedes=on_dpia)


def test_evidence_is_never_deleted(dpia, officer, sample):
    evidence = evidence_upload(actor=officer, record=dpia, upload=sample(), description="x")
    with pytest.raises(ProtectedError):
        evidence.delete()
    with pytest.raises(ProtectedError):
        EvidenceFile.objects.all().delete()
    assert EvidenceFile.objects.count() == 1


def test_the_ico_written_advice_is_one_kind_of_evidence(dpia, dpo, sample):
    evidence = evidence_upload(actor=dpo, record=dpia, upload=sample(), description="ICO letter, 3 March 2026",
                               kind=Kind.ICO_ADVICE)
    assert evidence.get_kind_display() == "ICO written advice"


def test_every_kind_of_governance_record_takes_evidence(make_site, area, actors, officer, manager, sample):
    site = make_site("decommissioned")
    exempted = advance(make_site("proposed"), "approved", actors, Texts(use_exemption=True))
    records = [site.assessments.get(), site.dpias.get(), site.consultations.get(), site.reviews.first(),
               site.decommission_checklist, exempted.exemptions.get()]
    for record in records:
        evidence_upload(actor=manager, record=record, upload=sample(), description=str(record))
    assert sorted(EvidenceFile.objects.values_list("record_kind", flat=True)) == [
        "assessment", "checklist", "consultation", "dpia", "exemption", "review"]


def test_an_evidence_limit_of_zero_is_refused_at_start_up(settings):
    from anpr_governance.core.checks import check_domain_settings

    settings.ANPR_EVIDENCE_MAX_MB = 0
    assert [e.msg for e in check_domain_settings() if e.id == "anpr.E002"] == [
        "ANPR_EVIDENCE_MAX_MB is 0; it must be a positive whole number."]
