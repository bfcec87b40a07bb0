"""Faults: a worker killed (SIGKILL) in the middle of a retention run. The message is taken
from Redis again by the next worker (acks_late: it was never acknowledged) and the run is done
exactly once in effect: the reads erased once, one erasure in the access log, the chain intact;
a further delivery of the same task changes nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from read_helpers import ago, read

from anpr_governance.audit.chain import verify_chain
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.celery import app as celery_app
from anpr_governance.reads import tasks
from anpr_governance.reads.models import Read

REDIS_URL = os.environ.get("ANPR_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
WORKER = Path(__file__).with_name("worker_killed_mid_retention.py")
ROOT = Path(__file__).resolve().parents[2]


def wait_for(what, *, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"Nothing happened within {seconds} seconds: did the worker take the task?")


def everything_acknowledged() -> bool:
    """Nothing waits in the queue and nothing taken is unacknowledged: with acks_late, every
    message sent has been run to its end."""
    with celery_app.connection_for_write() as connection_:
        redis = connection_.default_channel.client
        return redis.llen("celery") == 0 and redis.hlen("unacked") == 0


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}")
    return f"sqlite:///{settings['NAME']}"


@pytest.fixture
def start_worker(tmp_path, settings):
    """start_worker() → a worker process on Redis and the test database (stopped at the end)."""
    started = []
    env = {"PATH": os.environ["PATH"], "PYTEST_VERSION": os.environ["PYTEST_VERSION"],
           "DJANGO_SETTINGS_MODULE": "anpr_governance.settings", "DATABASE_URL": database_url(),
           "CELERY_BROKER_URL": REDIS_URL, "ANPR_RETENTION_DAYS": "30", "ANPR_STANDARD_ACCESS_DAYS": "20",
           "SECRET_KEY": "fault-test-secret-" + "k" * 40}
    marker = tmp_path / "hung-after-erasing"

    def start():
        process = subprocess.Popen([sys.executable, str(WORKER), str(marker)], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=(tmp_path / "worker.log").open("ab"))
        started.append(process)
        return process

    start.marker, start.log = marker, tmp_path / "worker.log"
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(30)


@pytest.fixture
def on_redis():
    """This process sends to the same Redis (and starts from an empty queue)."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    conf.update(broker_url=REDIS_URL, broker_transport_options={}, task_always_eager=False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.control.purge()
    yield
    conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_retention_leaves_the_run_to_the_next_worker_which_does_it_once(
        role_groups, stored, site, start_worker, on_redis, settings):
    stored([read(at=ago(50)), read(vrm="XY99ZZZ", at=ago(45)), read(at=ago(10))])
    first = start_worker()
    tasks.apply_retention.delay()
    wait_for(lambda: start_worker.marker.exists() or first.poll() is not None)
    assert first.poll() is None, start_worker.log.read_text()  # erased, not yet logged, transaction open
    os.kill(first.pid, signal.SIGKILL)
    first.wait(30)
    # The killed run's transaction died with it: nothing erased, nothing logged.
    assert Read.objects.count() == 3
    assert not AccessLogEntry.objects.filter(action=Action.ERASED).exists()

    start_worker()  # the same message, delivered again once its visibility timeout passes
    entry = wait_for(lambda: AccessLogEntry.objects.filter(action=Action.ERASED).first())
    assert entry.result_count == 2 and entry.details["reads_erased"] == 2
    assert list(Read.objects.values_list("vrm", flat=True)) == ["AB12CDE"]

    tasks.apply_retention.delay()  # delivered twice more (e.g. beat, and a retry): no further effect
    tasks.apply_retention.delay()
    wait_for(everything_acknowledged)
    assert AccessLogEntry.objects.filter(action=Action.ERASED).count() == 1
    assert Read.objects.count() == 1
    assert verify_chain().intact
