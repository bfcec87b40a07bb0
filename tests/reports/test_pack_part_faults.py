"""Faults: a worker killed (SIGKILL) while it lays out a part of a force-wide pack, twice. First
the pool process (as the out-of-memory killer does, the reason packs are laid out in parts) once
the part's PDF is stored but before it is recorded: its worker requeues the part at once
(reject_on_worker_lost). Then the whole worker, once a part is recorded but before its message
is acknowledged: Redis gives the part to the next worker once its visibility timeout passes, which
lays out the other part too. The pack completes as if nothing had happened: each part counted
once, each site's pages once, the killed workers' copies removed, one disclosure of the build.
(tests/celery_worker_helpers.py; tests/reads/test_retention_faults.py does the same to retention.)"""

import io
import os
import re
import signal
from pathlib import Path

import pytest
from celery_worker_helpers import (
    HOUR,
    SHORT_VISIBILITY,
    celery_on_redis,
    everything_acknowledged,
    wait_for,
    worker_processes,
)
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pack_helpers import contents_entries

from anpr_governance.audit.chain import verify_chain
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reports import parts, services
from anpr_governance.reports.models import Pack, PackDisclosure, PackPart

SCRIPT = Path(__file__).with_name("worker_killed_mid_part.py")
TITLES = ["STS-001 A34 corridor", "STS-002 A34 corridor"]


@pytest.fixture
def on_redis():
    yield from celery_on_redis()


@pytest.fixture
def workers(tmp_path, on_redis, settings):
    yield from worker_processes(tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT),
                                ANPR_PACK_SITES_PER_PART="1")  # the register, then a part a site


def parts_laid_out(client, pack) -> dict:
    """What the pack's page polls."""
    return client.get(reverse("reports:pack-status", args=[pack.pk])).json()["parts"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_part_leaves_the_part_to_the_next_worker_and_the_pack_counts_it_once(
        role_groups, make_site, auditor, client, workers, read_pack, tmp_path):
    for reference in ("STS-001", "STS-002"):
        make_site("live", reference=reference)
    client.force_login(auditor)
    first = workers.start(SCRIPT, visibility_timeout=HOUR)
    pack = services.pack_request(actor=auditor, scope="force")  # enqueued on commit (autocommit here)

    pool_process = workers.hung(1)  # a part laid out and stored, not recorded
    assert pool_process != first.pid
    os.kill(pool_process, signal.SIGKILL)
    assert workers.hung(2) != pool_process  # a part recorded by the worker's new pool process, not acknowledged
    workers.kill(first)
    assert parts_laid_out(client, pack) == {"done": 1, "total": 3}

    workers.start(SCRIPT, visibility_timeout=SHORT_VISIBILITY)  # restores the part the killed one had recorded
    pack = wait_for(lambda: Pack.objects.filter(pk=pack.pk).exclude(state__in=["queued", "building"]).first())
    assert pack.state == "ready", pack.error
    assert parts_laid_out(client, pack) == {"done": 3, "total": 3}
    assert "3 of 3 parts" in client.get(reverse("reports:pack", args=[pack.pk])).content.decode()

    # One copy of each part in the pack: the page numbers run through once, each site's pages once.
    pdf = read_pack(pack)
    total = len(pdf.pages)
    assert total == pack.page_count
    for number, text in enumerate(pdf.pages, start=1):
        assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(number), str(total))]
    entries = contents_entries(pdf)
    for title in TITLES:
        [start] = [n for n, text in enumerate(pdf.pages, start=1) if title in text and "1. Summary and status" in text]
        assert entries[title] == start
    assert "Checking this pack" in pdf.pages[entries["About this pack"] - 1]
    copy = tmp_path / "pack.pdf"
    copy.write_bytes(pdf.content)
    out = io.StringIO()
    call_command("verify_pack", str(copy), stdout=out)
    assert "Genuine" in out.getvalue()
    # The copies the killed workers stored were removed with the parts' own files.
    assert not default_storage.exists(parts.folder(pack.pk)) or default_storage.listdir(parts.folder(pack.pk)) == (
        [], [])
    assert list(PackPart.objects.filter(pack=pack).values_list("state", flat=True)) == ["done", "done", "done"]

    wait_for(everything_acknowledged)  # any late copy of a part or of the assembly has run: no further effect
    pack.refresh_from_db()
    assert (pack.state, pack.parts_done, pack.page_count) == ("ready", 3, total)
    assert PackDisclosure.objects.filter(pack=pack, action="built").count() == 1
    assert AccessLogEntry.objects.filter(action=Action.PACK_BUILT, subject="pack:FORCE/v1").count() == 1
    assert verify_chain().intact
