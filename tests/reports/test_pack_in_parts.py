"""A force-wide pack laid out in parts (reports/parts.py) reads as one pack: page numbers
run through it, the contents points at the right pages, the data is attached, verify_pack
knows it; a failing part is retried; the pack's progress counts parts."""

import hashlib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pack_helpers import contents_entries

from anpr_governance.celery import app as celery_app
from anpr_governance.reports import parts, rendering, services
from anpr_governance.reports.models import Pack, PackDisclosure, PackPart

pytestmark = pytest.mark.django_db

REFERENCES = ["STS-001", "STS-002", "STS-003"]


@pytest.fixture
def three_sites(make_site, settings):
    settings.ANPR_PACK_SITES_PER_PART = 2  # three parts: the register, STS-001 and STS-002, then STS-003
    make_site("live", reference="STS-001")
    make_site("decommissioned", reference="STS-002")
    make_site("consultation", reference="STS-003")


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_force_wide_pack_is_laid_out_in_parts_and_reads_as_one_pack(three_sites, auditor, build, read_pack,
                                                                      tmp_path):
    pack = build(auditor, scope="force")
    assert pack.state == "ready", pack.error
    assert (pack.parts_total, pack.parts_done) == (3, 3)
    assert list(PackPart.objects.filter(pack=pack).values_list("site_references", "state")) == [
        ([], "done"), (["STS-001", "STS-002"], "done"), (["STS-003"], "done")]
    pdf = read_pack(pack)
    total = len(pdf.pages)
    assert total == pack.page_count > 10

    # Page numbers run through the whole pack, one on every page; the running header and footer too.
    for number, text in enumerate(pdf.pages, start=1):
        assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(number), str(total))]
        assert "FORCE/v1" in text
        if number > 1:
            assert "ANPR compliance pack · as at" in text

    # The contents gives each site's first page, and the closing notes' page, rightly.
    entries = contents_entries(pdf)
    for reference in REFERENCES:
        [(title, page)] = [(t, p) for t, p in entries.items() if t.startswith(reference)]
        assert title in pdf.pages[page - 1] and "1. Summary and status" in pdf.pages[page - 1]
        assert "1. Summary and status" not in pdf.pages[page - 2]  # it starts there, not before
        assert title in pdf.pages[page]  # the site's name runs at the top of its next page
    assert "Checking this pack" in pdf.pages[entries["About this pack"] - 1]
    assert "Register of sites" in pdf.pages[entries["Register of sites"] - 1]
    assert "Aggregate figures" in pdf.pages[entries["Aggregate figures"] - 1]
    # The register follows the contents, laid out by a part of its own, before the first site.
    assert "Contents" in pdf.pages[entries["Register of sites"] - 2]
    assert entries["Register of sites"] <= entries["Aggregate figures"] < min(
        page for title, page in entries.items() if title.startswith("STS-"))

    # The data attached, its SHA-256 on the cover; the file is the one stored and verify_pack knows it.
    data = json.loads(pdf.attachment)
    assert [s["reference"] for s in data["sites"]] == REFERENCES
    assert hashlib.sha256(pdf.attachment).hexdigest() == pack.data_sha256
    assert pack.data_sha256 in "".join(pdf.pages[0].split())
    assert hashlib.sha256(pdf.content).hexdigest() == pack.file_sha256
    xmp = pdf.reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert pdf.content.startswith(b"%PDF-1.7")
    [filespec] = list({ref.idnum: ref.get_object() for ref in pdf.reader.trailer["/Root"]["/AF"]}.values())
    assert filespec["/F"] == "pack-data.json" and filespec["/AFRelationship"] == "/Data"
    copy = tmp_path / "pack.pdf"
    copy.write_bytes(pdf.content)
    out = io.StringIO()
    call_command("verify_pack", str(copy), stdout=out)
    assert "Genuine" in out.getvalue()

    # The sites are in the outline (bookmarks), each pointing at its first page.
    outline = {item.title: pdf.reader.get_destination_page_number(item) for item in pdf.reader.outline
               if not isinstance(item, list)}
    for reference in REFERENCES:
        [(title, index)] = [(t, i) for t, i in outline.items() if t.startswith(reference)]
        assert index + 1 == entries[title]
    # The parts' own files are removed once the pack is stored.
    assert not (pack.file.storage.exists(parts.folder(pack.pk) + "/front.json"))


def test_the_pack_page_counts_the_parts_as_they_are_laid_out(three_sites, auditor, client):
    pack = services.pack_request(actor=auditor, scope="force", enqueue=False)
    claimed = services.claim(pack.pk)
    assert parts.prepare(claimed) == [0, 1, 2]
    client.force_login(auditor)
    page = client.get(reverse("reports:pack", args=[pack.pk])).content.decode()
    assert "0 of 3 parts" in page and "Laying out 3 site(s) in 3 parts" in page

    assert parts.lay_out_part(pack_id=pack.pk, index=2) is False  # two parts still to do
    page = client.get(reverse("reports:pack", args=[pack.pk])).content.decode()
    assert "1 of 3 parts" in page and "Laid out 1 of 3 parts" in page
    status = client.get(reverse("reports:pack-status", args=[pack.pk])).json()
    assert status["parts"] == {"done": 1, "total": 3} and status["progress"] == 25 + 65 // 3

    assert parts.lay_out_part(pack_id=pack.pk, index=1) is False
    assert parts.lay_out_part(pack_id=pack.pk, index=0) is True  # the last one: the pack can be assembled
    assert parts.assemble(pack_id=pack.pk).state == "ready"
    page = client.get(reverse("reports:pack", args=[pack.pk])).content.decode()
    assert "3 of 3 parts" in page and "Download the PDF" in page


def test_a_part_laid_out_twice_and_a_pack_assembled_twice_count_once(three_sites, auditor, read_pack):
    """What a redelivered task (acks_late, after a lost worker) does: nothing more."""
    pack = services.pack_request(actor=auditor, scope="force", enqueue=False)
    parts.prepare(services.claim(pack.pk))
    parts.lay_out_part(pack_id=pack.pk, index=0)
    first = PackPart.objects.get(pack=pack, index=0)
    assert parts.lay_out_part(pack_id=pack.pk, index=0) is False
    again = PackPart.objects.get(pack=pack, index=0)
    assert (again.file, again.pages) == (first.file, first.pages)
    assert Pack.objects.get(pk=pack.pk).parts_done == 1
    assert parts.lay_out_part(pack_id=pack.pk, index=1) is False
    assert parts.lay_out_part(pack_id=pack.pk, index=2) is True
    assert parts.lay_out_part(pack_id=pack.pk, index=2) is True  # still done: a late copy may assemble
    ready = parts.assemble(pack_id=pack.pk)
    stored = ready.file.name
    assert parts.assemble(pack_id=pack.pk).file.name == stored
    assert PackDisclosure.objects.filter(pack=pack, action="built").count() == 1
    assert read_pack(ready).pages  # the stored file is whole


def failing_once(monkeypatch):
    """rendering.render_part failing the first time it lays out STS-003's part."""
    real = rendering.render_part
    calls = []

    def render_part(context, **kwargs):
        if [s["reference"] for s in context.get("sites", [])][:1] == ["STS-003"]:
            calls.append("STS-003")
            if len(calls) == 1:
                raise OSError("disk full for a moment")
        return real(context, **kwargs)

    monkeypatch.setattr(rendering, "render_part", render_part)
    return calls


def test_a_part_that_fails_is_retried_by_celery_and_the_pack_completes(three_sites, auditor, eager_celery,
                                                                       monkeypatch, django_capture_on_commit_callbacks,
                                                                       read_pack):
    calls = failing_once(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(actor=auditor, scope="force")
    pack.refresh_from_db()
    assert calls == ["STS-003", "STS-003"]
    assert pack.state == "ready" and (pack.parts_done, pack.parts_total) == (3, 3)
    assert "STS-003" in read_pack(pack).flat


def test_a_part_that_keeps_failing_fails_the_pack_with_the_reason(three_sites, auditor, eager_celery,
                                                                  monkeypatch, django_capture_on_commit_callbacks):
    real = rendering.render_part
    attempts = []

    def render_part(context, **kwargs):
        if [s["reference"] for s in context.get("sites", [])][:1] == ["STS-003"]:
            attempts.append(1)
            raise OSError("the fonts are missing")
        return real(context, **kwargs)

    monkeypatch.setattr(rendering, "render_part", render_part)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(actor=auditor, scope="force")
    pack.refresh_from_db()
    assert len(attempts) == 4  # the first try and three retries
    assert pack.state == "failed" and "the fonts are missing" in pack.error and pack.parts_done == 2


def test_build_pack_all_builds_the_parts_in_its_own_process_retrying_a_failed_one(three_sites, monkeypatch, tmp_path,
                                                                                  read_pack):
    calls = failing_once(monkeypatch)
    out = tmp_path / "force.pdf"
    call_command("build_pack", "--all", "--out", str(out), stdout=io.StringIO())
    pack = Pack.objects.get()
    assert calls == ["STS-003", "STS-003"] and (pack.parts_done, pack.parts_total) == (3, 3)
    pdf = read_pack(out.read_bytes())
    assert f"Page {len(pdf.pages)} of {len(pdf.pages)}" in pdf.pages[-1]


def test_the_register_is_laid_out_a_part_at_a_time_and_reads_as_one(three_sites, auditor, build, read_pack,
                                                                    monkeypatch):
    """No part lists every site (its memory would grow with the force): the register goes on
    from one part to the next, under its heading, each site once and in order."""
    monkeypatch.setattr(parts, "REGISTER_ROWS_PER_PART", 2)
    pack = build(auditor, scope="force")
    assert pack.state == "ready", pack.error
    assert list(PackPart.objects.filter(pack=pack).values_list("site_references", flat=True)) == [
        [], [], ["STS-001", "STS-002"], ["STS-003"]]
    pdf = read_pack(pack)
    entries = contents_entries(pdf)
    first, aggregates = entries["Register of sites"], entries["Aggregate figures"]
    register = pdf.pages[first - 1:aggregates]
    assert "Register of sites (continued)" not in register[0]
    assert "Register of sites (continued)" in "".join(register[1:])
    listed = re.findall(r"STS-00\d", "".join(register).split("Aggregate figures")[0])
    assert listed == REFERENCES  # each site once, in order
    assert "Camera sites" in pdf.pages[aggregates - 1]
