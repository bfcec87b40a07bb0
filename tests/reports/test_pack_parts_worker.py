"""A real Celery worker on Redis lays out a force-wide pack's parts, retries the part that
fails, and assembles the pack (the same wiring as tests/reviews/test_celery_wiring.py)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from anpr_governance.celery import app as celery_app
from anpr_governance.reports import rendering, services
from anpr_governance.reports.models import Pack, PackPart

REDIS_URL = os.environ.get("ANPR_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def wait_for(what, *, seconds: float = 600):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := what():
            return value
        time.sleep(0.5)
    pytest.fail(f"Nothing happened within {seconds} seconds: did the worker run the tasks?")


@pytest.fixture
def redis_worker(settings):
    """A real worker in a thread of this process (solo pool) consuming from Redis."""
    settings.SECRET_KEY = "integration-test-secret-" + "k" * 40  # the worker runs the start-up checks
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    conf.update(broker_url=REDIS_URL, broker_transport_options={}, task_always_eager=False)
    _forget_connections()
    celery_app.control.purge()
    try:
        with start_worker(celery_app, pool="solo", loglevel="WARNING", perform_ping_check=False,
                          shutdown_timeout=60) as worker:
            yield worker
    finally:
        conf.update(saved)
        _forget_connections()


def _forget_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_the_part_tasks_acknowledge_late_retry_and_requeue_when_their_worker_is_lost():
    part = celery_app.tasks["reports.build_pack_part"]
    assert part.acks_late and part.reject_on_worker_lost and part.max_retries == 3
    assert celery_app.tasks["reports.assemble_pack"].acks_late


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_lays_out_the_parts_retries_a_failed_one_and_assembles_the_pack(
        role_groups, make_site, auditor, settings, monkeypatch, redis_worker, read_pack):
    settings.ANPR_PACK_SITES_PER_PART = 1
    for reference in ("STS-001", "STS-002"):
        make_site("live", reference=reference)
    real = rendering.render_part
    failures = []

    def render_part(context, **kwargs):
        if [s["reference"] for s in context.get("sites", [])] == ["STS-002"] and not failures:
            failures.append("STS-002")
            raise OSError("the disk was full for a moment")
        return real(context, **kwargs)

    monkeypatch.setattr(rendering, "render_part", render_part)
    pack = services.pack_request(actor=auditor, scope="force")  # enqueued on commit (autocommit here)

    pack = wait_for(lambda: Pack.objects.filter(pk=pack.pk).exclude(state__in=["queued", "building"]).first())
    assert pack.state == "ready", pack.error
    assert failures == ["STS-002"] and (pack.parts_done, pack.parts_total) == (3, 3)
    assert list(PackPart.objects.filter(pack=pack).values_list("state", flat=True)) == ["done", "done", "done"]
    pdf = read_pack(pack)
    assert f"Page {pack.page_count} of {pack.page_count}" in pdf.pages[-1] and "STS-002 A34 corridor" in pdf.flat
