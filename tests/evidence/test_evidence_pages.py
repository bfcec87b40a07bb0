"""The evidence pages: the upload form on each record's page, refusals with GOV.UK messages,
a file over the limit refused before a byte is stored, and the download that checks the reader."""

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.evidence.models import EvidenceFile
from anpr_governance.evidence.services import evidence_upload

pytestmark = pytest.mark.django_db
RECEIVED: list[int] = []


class RecordingHandler(FileUploadHandler):
    """Stands right after the size check, before Django's memory and disk handlers."""

    def receive_data_chunk(self, raw_data, start):
        RECEIVED.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def site(make_site):
    return make_site("live")


def page(site, record, kind):
    return reverse("evidence:record", args=[site.reference, kind, record.pk])


def post(client, url, upload, **fields):
    """Post the upload form of the record at `url` (its fields are prefixed evidence-<kind>-<id>-)."""
    kind, pk = url.rstrip("/").split("/")[-2:]
    prefix = f"evidence-{kind}-{pk}"
    data = {"file": upload, "description": "Signed DPIA", "kind": "signed_document", **fields}
    return client.post(url, {f"{prefix}-{name}": value for name, value in data.items()})


def test_the_site_page_offers_the_upload_form_on_each_record(client, site, officer):
    client.force_login(officer)
    html = client.get(reverse("sites:detail", args=[site.reference])).content.decode()
    for kind, record in (("assessment", site.assessments.get()), ("dpia", site.dpias.get())):
        assert f'action="{page(site, record, kind)}"' in html
    assert 'class="govuk-file-upload"' in html and 'enctype="multipart/form-data"' in html


def test_an_auditor_sees_the_files_but_no_upload_form(client, site, officer, auditor, sample):
    dpia = site.dpias.get()
    evidence_upload(actor=officer, record=dpia, upload=sample(), description="Signed DPIA")
    client.force_login(auditor)
    html = client.get(reverse("sites:detail", args=[site.reference])).content.decode()
    assert "report.pdf" in html and "govuk-file-upload" not in html
    html = client.get(page(site, dpia, "dpia")).content.decode()
    assert "report.pdf" in html and EvidenceFile.objects.get().sha256 in html and "govuk-file-upload" not in html


def test_an_upload_through_the_page_is_listed_with_its_hash(client, site, officer, sample, stored):
    client.force_login(officer)
    dpia = site.dpias.get()
    response = post(client, page(site, dpia, "dpia"), sample())
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    html = client.get(response.url).content.decode()
    assert "report.pdf has been added as evidence" in html and evidence.sha256 in html and "Signed DPIA" in html
    assert len(stored()) == 1


def test_a_wrong_type_is_refused_on_the_page_with_the_message_and_what_was_typed(client, site, officer, sample,
                                                                                 stored):
    client.force_login(officer)
    response = post(client, page(site, site.dpias.get(), "dpia"), sample("notes.pdf", b"MZ\x90\x00 not a PDF"),
                    description="Consultation letter")
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("The selected file must be a PDF, image, office document or e-mail") == 2  # summary and field
    assert f'href="#id_evidence-dpia-{site.dpias.get().pk}-file"' in html and "Consultation letter" in html
    assert stored() == []


def test_a_file_over_the_limit_is_refused_before_any_byte_is_stored(client, site, officer, settings, sample,
                                                                    stored):
    settings.ANPR_EVIDENCE_MAX_MB = 1
    first, *rest = settings.FILE_UPLOAD_HANDLERS
    settings.FILE_UPLOAD_HANDLERS = [first, f"{__name__}.RecordingHandler", *rest]
    RECEIVED.clear()
    client.force_login(officer)
    response = post(client, page(site, site.dpias.get(), "dpia"),
                    sample("scan.pdf", b"%PDF-1.7\n" + b"x" * (2 * 1024 * 1024)))
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert RECEIVED == [] and stored() == [] and not EvidenceFile.objects.exists()


def test_the_default_limit_is_20_mb_and_the_pack_upload_keeps_its_own(client, site, officer, settings):
    assert settings.ANPR_EVIDENCE_MAX_MB == 20
    client.force_login(officer)
    html = client.get(page(site, site.dpias.get(), "dpia")).content.decode()
    assert "smaller than 20 MB" in html


def test_the_upload_page_still_checks_the_csrf_token(site, officer, sample):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert post(client, page(site, site.dpias.get(), "dpia"), sample()).status_code == 403
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "another_officer"])
def test_people_who_may_not_add_evidence_are_refused_on_the_page(client, site, request, role, sample):
    client.force_login(request.getfixturevalue(role))
    assert post(client, page(site, site.dpias.get(), "dpia"), sample()).status_code == 403
    assert not EvidenceFile.objects.exists()


def test_a_newer_file_replaces_one_through_the_page(client, site, officer, sample):
    dpia = site.dpias.get()
    old = evidence_upload(actor=officer, record=dpia, upload=sample(), description="Draft")
    client.force_login(officer)
    html = client.get(page(site, dpia, "dpia") + f"?replace={old.pk}").content.decode()
    assert "Replace report.pdf" in html
    assert post(client, page(site, dpia, "dpia"), sample("letter.docx"), supersedes=old.pk).status_code == 302
    old.refresh_from_db()
    html = client.get(page(site, dpia, "dpia")).content.decode()
    assert not old.is_current and "Superseded" in html and "Replaced by letter.docx" in html


def test_a_record_of_another_site_or_an_unknown_kind_is_not_found(client, make_site, site, officer):
    other = make_site("live")
    client.force_login(officer)
    assert client.get(page(site, other.dpias.get(), "dpia")).status_code == 404
    assert client.get(reverse("evidence:record", args=[site.reference, "feed", 1])).status_code == 404


# --- Download -----------------------------------------------------------------------------


@pytest.fixture
def evidence(site, officer, sample):
    return evidence_upload(actor=officer, record=site.dpias.get(), upload=sample(), description="Signed DPIA")


def download_url(evidence):
    return reverse("evidence:download", args=[evidence.site.reference, evidence.pk])


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "dpo"])
def test_governance_roles_download_a_file_and_the_download_is_logged(client, request, role, evidence, samples):
    person = request.getfixturevalue(role)
    client.force_login(person)
    response = client.get(download_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples["report.pdf"][0]
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    entry = AccessLogEntry.objects.get(action=Action.EVIDENCE_DOWNLOADED)
    assert entry.actor == person and entry.details["sha256"] == evidence.sha256


@pytest.mark.parametrize("role", ["investigator", "authoriser", "sysadmin"])
def test_other_roles_may_not_download(client, request, role, evidence):
    client.force_login(request.getfixturevalue(role))
    assert client.get(download_url(evidence)).status_code == 403
    assert not AccessLogEntry.objects.filter(action=Action.EVIDENCE_DOWNLOADED).exists()


def test_anyone_signed_out_is_sent_to_sign_in(client, evidence):
    response = client.get(download_url(evidence))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_restricted_file_follows_the_location_permission(client, site, officer, sample, make_user):
    from django.contrib.auth.models import Group, Permission

    from anpr_governance.accounts.roles import GOVERNANCE_READ

    reader = make_user("reader")
    group = Group.objects.create(name="Governance reader without locations")
    group.permissions.set([Permission.objects.get(content_type__app_label=p.split(".")[0], codename=p.split(".")[1])
                           for p in GOVERNANCE_READ])
    reader.groups.add(group)
    photo = evidence_upload(actor=officer, record=site.dpias.get(), upload=sample("signage.png"),
                            description="Camera position", restricted=True)
    plain = evidence_upload(actor=officer, record=site.dpias.get(), upload=sample(), description="Letter")
    client.force_login(reader)
    response = client.get(download_url(photo))
    assert response.status_code == 403 and "restricted camera location" in response.content.decode()
    assert client.get(download_url(plain)).status_code == 200


def test_files_are_never_served_from_media(client, evidence, officer):
    client.force_login(officer)
    assert client.get("/media/" + evidence.file.name).status_code == 404


# --- API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "dpo"])
def test_the_api_lists_a_sites_files_with_their_hashes(client, request, role, evidence):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/api/v1/sites/{evidence.site.reference}/evidence/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["name"], row["sha256"], row["record_kind"], row["superseded"]) == (
        "report.pdf", evidence.sha256, "dpia", False)
    assert row["download"] == download_url(evidence)


@pytest.mark.parametrize("role", ["investigator", "sysadmin"])
def test_the_api_refuses_other_roles(client, request, role, evidence):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/api/v1/sites/{evidence.site.reference}/evidence/").status_code == 403
