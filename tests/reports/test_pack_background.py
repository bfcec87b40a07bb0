"""Packs are built in the background by Celery, once, with progress, a version number and a
record of each disclosure (build and download)."""

import hashlib

import pytest
from django.utils import timezone

from anpr_governance.celery import app as celery_app
from anpr_governance.reports import services, tasks
from anpr_governance.reports.models import Pack, PackDisclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_requested_pack_waits_for_the_worker_until_the_transaction_commits(make_site, auditor,
                                                                             django_capture_on_commit_callbacks):
    make_site("live", reference="STS-070")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-070")
    assert pack.state == Pack.State.QUEUED and pack.progress == 0
    assert pack.progress_message == "Waiting for a worker"
    assert len(callbacks) == 1  # the task is sent on commit, never from inside the transaction


def test_the_celery_task_builds_the_pack_after_commit(make_site, auditor, eager_celery,
                                                      django_capture_on_commit_callbacks):
    make_site("live", reference="STS-071")
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-071")
    pack.refresh_from_db()
    assert pack.state == Pack.State.READY and pack.progress == 100 and pack.progress_message == "Ready"
    assert pack.page_count >= 5 and pack.site_count == 1 and pack.started_at <= pack.finished_at
    with pack.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pack.file_sha256


def test_a_redelivered_task_does_not_build_twice(make_site, auditor):
    make_site("live", reference="STS-072")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-072", enqueue=False)
    tasks.build_pack(pack.pk)
    first = Pack.objects.get(pk=pack.pk)
    tasks.build_pack(pack.pk)  # delivered again (acks_late after a lost acknowledgement)
    again = Pack.objects.get(pk=pack.pk)
    assert (again.file_sha256, again.finished_at) == (first.file_sha256, first.finished_at)
    assert PackDisclosure.objects.filter(pack=pack, action="built").count() == 1


def test_a_build_lost_with_its_worker_is_claimed_again_later(make_site, auditor):
    make_site("live", reference="STS-073")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-073", enqueue=False)
    Pack.objects.filter(pk=pack.pk).update(state=Pack.State.BUILDING, started_at=timezone.now())
    assert services.pack_build(pack_id=pack.pk).state == Pack.State.BUILDING  # still running elsewhere
    Pack.objects.filter(pk=pack.pk).update(started_at=timezone.now() - services.STALE_AFTER * 2)
    assert services.pack_build(pack_id=pack.pk).state == Pack.State.READY


def test_progress_is_written_while_the_pack_is_laid_out(make_site, auditor, monkeypatch):
    make_site("live", reference="STS-074")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-074", enqueue=False)
    seen = []
    real = services._progress
    monkeypatch.setattr(services, "_progress", lambda p, percent, message: (seen.append((percent, message)),
                                                                            real(p, percent, message)))
    services.pack_build(pack_id=pack.pk)
    messages = [m for _, m in seen]
    assert messages[0] == "Laying out the pages of 1 site(s)"
    assert any(m.startswith("Writing the PDF (") for m in messages)
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)


def test_each_scope_has_its_own_version_numbers(make_site, auditor, build):
    make_site("live", reference="STS-075")
    make_site("live", reference="STS-076")
    versions = [build(auditor, site_reference="STS-075").version, build(auditor, site_reference="STS-075").version,
                build(auditor, site_reference="STS-076").version, build(auditor, scope="force").version]
    assert versions == [1, 2, 1, 1]
    assert Pack.objects.get(scope_key="STS-075", version=2).download_name() == (
        f"anpr-compliance-pack-STS-075-v2-as-at-{timezone.localdate():%Y-%m-%d}.pdf")


def test_the_build_is_recorded_as_a_disclosure_with_who_when_and_to_whom(make_site, auditor, build):
    make_site("live", reference="STS-077")
    pack = build(auditor, site_reference="STS-077", recipient="Surveillance Camera Commissioner's office")
    [disclosure] = PackDisclosure.objects.filter(pack=pack)
    assert disclosure.action == "built" and disclosure.actor == auditor and disclosure.actor_name == "auditor"
    assert disclosure.recipient == "Surveillance Camera Commissioner's office"
    assert disclosure.at >= pack.requested_at


def test_a_download_is_recorded_as_a_disclosure(make_site, auditor, dpo, build):
    make_site("live", reference="STS-078")
    pack = build(auditor, site_reference="STS-078", recipient="internal audit")
    services.pack_download(actor=dpo, pack=pack)
    download = PackDisclosure.objects.get(pack=pack, action="downloaded")
    assert download.actor == dpo and download.recipient == "dpo, for internal audit"


def test_builds_and_downloads_are_disclosures_in_the_hash_chained_access_log(make_site, auditor, dpo, build):
    from django.core.management import call_command

    from anpr_governance.audit.models import AccessLogEntry, Action

    make_site("live", reference="STS-077")
    pack = build(auditor, site_reference="STS-077", recipient="ICO inspection")
    services.pack_download(actor=dpo, pack=pack)
    entries = list(AccessLogEntry.objects.filter(subject__startswith="pack:STS-077").order_by("sequence"))
    assert [(e.action, e.actor) for e in entries] == [(Action.PACK_BUILT, auditor), (Action.PACK_DOWNLOADED, dpo)]
    assert entries[1].details["recipient"] == "dpo, for ICO inspection"
    call_command("verify_access_log")  # the chain is intact (raises SystemExit otherwise)


def test_only_a_ready_pack_can_be_downloaded(make_site, auditor):
    make_site("live", reference="STS-079")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-079", enqueue=False)
    from anpr_governance.core.exceptions import DomainError

    with pytest.raises(DomainError, match="is queued: it can be downloaded once ready"):
        services.pack_download(actor=auditor, pack=pack)
    assert not PackDisclosure.objects.exists()


def test_the_command_line_builds_without_a_user_but_withholds_locations(make_site, build):
    make_site("live", reference="STS-080")
    pack = services.pack_build(pack_id=services.pack_request(
        actor=None, scope="site", site_reference="STS-080", via=Pack.Via.COMMAND, enqueue=False).pk)
    assert pack.state == Pack.State.READY and not pack.includes_locations
    assert PackDisclosure.objects.get(pack=pack).actor_name == "manage.py build_pack (server operator)"


def test_nobody_builds_from_the_web_without_signing_in(make_site):
    make_site("live", reference="STS-081")
    from anpr_governance.core.exceptions import NotPermitted

    with pytest.raises(NotPermitted, match="signed in"):
        services.pack_request(actor=None, scope="site", site_reference="STS-081")


def test_when_the_broker_cannot_be_reached_the_pack_says_so_instead_of_waiting(make_site, auditor, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    make_site("live", reference="STS-082")

    def unreachable(*args, **kwargs):  # the broker is outside the machine
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.build_pack, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-082")
    pack.refresh_from_db()
    assert pack.state == Pack.State.FAILED and "background worker could not be reached" in pack.error
