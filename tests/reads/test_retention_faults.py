"""Faults: a worker killed (SIGKILL) in the middle of a retention run, twice. First the pool
process running it (as the kernel's out-of-memory killer does): its worker requeues the message
at once (acks_late with reject_on_worker_lost) and its next pool process takes it again; then
that whole worker (a machine lost): Redis gives the still unacknowledged message to the next
worker once its visibility timeout passes. The run is done exactly once in effect: the reads
erased once, one erasure in the access log, the chain intact; further deliveries change nothing.
(tests/celery_worker_helpers.py)"""

import os
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
from read_helpers import ago, read

from anpr_governance.audit.chain import verify_chain
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reads import tasks
from anpr_governance.reads.models import Read

SCRIPT = Path(__file__).with_name("worker_killed_mid_retention.py")


@pytest.fixture
def on_redis():
    yield from celery_on_redis()


@pytest.fixture
def workers(tmp_path, on_redis):
    yield from worker_processes(tmp_path, ANPR_RETENTION_DAYS="30", ANPR_STANDARD_ACCESS_DAYS="20")


def nothing_erased_or_logged():
    """The killed run's transaction died with it."""
    assert Read.objects.count() == 3
    assert not AccessLogEntry.objects.filter(action=Action.ERASED).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_retention_leaves_the_run_to_the_next_worker_which_does_it_once(
        role_groups, stored, site, workers):
    stored([read(at=ago(50)), read(vrm="XY99ZZZ", at=ago(45)), read(at=ago(10))])
    first = workers.start(SCRIPT, visibility_timeout=HOUR)
    tasks.apply_retention.delay()

    pool_process = workers.hung(1)  # erased, not yet logged, transaction open
    assert pool_process != first.pid
    os.kill(pool_process, signal.SIGKILL)
    nothing_erased_or_logged()

    assert workers.hung(2) != pool_process  # the same message, requeued, in the worker's new pool process
    workers.kill(first)
    nothing_erased_or_logged()

    workers.start(SCRIPT, visibility_timeout=SHORT_VISIBILITY)  # restores the message the killed one had
    entry = wait_for(lambda: AccessLogEntry.objects.filter(action=Action.ERASED).first())
    assert entry.result_count == 2 and entry.details["reads_erased"] == 2
    assert list(Read.objects.values_list("vrm", flat=True)) == ["AB12CDE"]

    tasks.apply_retention.delay()  # delivered twice more (e.g. beat, and a retry): no further effect
    tasks.apply_retention.delay()
    wait_for(everything_acknowledged)
    assert AccessLogEntry.objects.filter(action=Action.ERASED).count() == 1
    assert Read.objects.count() == 1
    assert verify_chain().intact
