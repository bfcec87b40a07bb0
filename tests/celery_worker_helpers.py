"""Real Celery workers killed in the middle of a task (issue 16, point 6): what the fault tests
share (tests/reads/test_retention_faults.py, tests/reports/test_pack_part_faults.py).

Each worker is a process of its own (as in production: prefork, one pool process, one message
at a time) on Redis and the test database. Its script (tests/<app>/worker_killed_mid_*.py)
installs hooks with `hang_at` and calls `run_worker`; a hook makes a delivery hang at the chosen
point (the first hang, the second... over the test's workers), telling the test which pool
process hangs. The test then kills either that pool process (its worker requeues the message:
reject_on_worker_lost) or the whole worker (Redis gives the unacknowledged message to the next
worker once its visibility timeout passes).

Test side: `celery_on_redis` and `worker_processes` (bodies of fixtures), `empty_broker`,
`wait_for`, `everything_acknowledged`. Worker side: `hang_at`, `run_worker`."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from anpr_governance.celery import app as celery_app

REDIS_URL = os.environ.get("ANPR_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
ROOT = Path(__file__).resolve().parents[1]
# A worker that takes over from a killed one restores messages unacknowledged for this long.
SHORT_VISIBILITY = 3
# The first worker never restores a message itself, so a killed pool process's message comes
# back only if its worker requeues it (reject_on_worker_lost), which is what the test checks.
HOUR = 3600


# --- in the test's process ----------------------------------------------------------------------


def wait_for(what, *, seconds: float = 180, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := what():
            return value
        time.sleep(0.3)
    said = f" The workers said:\n{log.read_text()[-5000:]}" if log else ""
    pytest.fail(f"Nothing happened within {seconds} seconds: did the worker take the task?{said}")


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


def celery_on_redis():
    """The body of a fixture: this process sends to the test's Redis, from an empty queue."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    conf.update(broker_url=REDIS_URL, broker_transport_options={}, task_always_eager=False)
    _forget_connections()
    empty_broker()
    yield
    conf.update(saved)
    _forget_connections()


def empty_broker() -> None:
    """Nothing in the test's Redis from an earlier test or run: no message waiting, none
    unacknowledged, and no restore lock a killed worker held (kombu's `unacked_mutex`, which
    would stop the next worker restoring anything until it expired)."""
    celery_app.control.purge()
    with celery_app.connection_for_write() as connection_:
        connection_.default_channel.client.delete("unacked", "unacked_index", "unacked_mutex")


def _forget_connections():
    """Drop connection pools made for another broker (as Celery does after a fork)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Workers:
    """start(script, visibility_timeout=...) → a worker process; hung(n) → the pid of the pool
    process in the n-th hang, once it hangs; kill(process) → the worker and its pool gone."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.hangs, self.log = folder / "hangs", folder / "worker.log"
        self.hangs.mkdir()
        self.env = env | {
            "PATH": os.environ["PATH"], "PYTEST_VERSION": os.environ["PYTEST_VERSION"],
            "DJANGO_SETTINGS_MODULE": "anpr_governance.settings", "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL, "SECRET_KEY": "fault-test-secret-" + "k" * 40,
            "ANPR_TEST_HANG_DIR": str(self.hangs),
        }
        self.started: list[subprocess.Popen] = []

    def start(self, script: Path, *, visibility_timeout: int) -> subprocess.Popen:
        # A session of its own: kill() takes the worker's pool processes with it, as a lost machine would.
        process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, start_new_session=True,
                                   env=self.env | {"ANPR_TEST_VISIBILITY_TIMEOUT": str(visibility_timeout)},
                                   stdout=subprocess.DEVNULL, stderr=self.log.open("ab"))
        self.started.append(process)
        return process

    def hung(self, number: int) -> int:
        marker = self.hangs / str(number)
        wait_for(lambda: marker.exists() or any(p.poll() is not None for p in self.started), log=self.log)
        assert marker.exists(), self.log.read_text()  # hung there, not stopped
        return int(marker.read_text())

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.kill(process)


def worker_processes(tmp_path: Path, **env: str):
    """The body of a fixture: Workers with `env` (each stopped at the end)."""
    workers = Workers(tmp_path, env)
    yield workers
    workers.stop_all()


# --- in the worker's process --------------------------------------------------------------------


def hang_at(module, name: str, *, turns: tuple[int, ...], after: bool = False,
            when=lambda *args, **kwargs: True) -> None:
    """Replace `module.name` so that a call for which `when` holds, if it comes when as many hangs
    as one of `turns` less one have happened (counted over every worker of the test), writes this
    (pool) process's pid to the next file under ANPR_TEST_HANG_DIR and waits there to be killed,
    before the real call or `after` it."""
    real = getattr(module, name)
    folder = Path(os.environ["ANPR_TEST_HANG_DIR"])

    def hanging(*args, **kwargs):
        turn = 1 + sum(1 for path in folder.iterdir() if path.name.isdigit())
        if turn not in turns or not when(*args, **kwargs):
            return real(*args, **kwargs)
        if after:
            real(*args, **kwargs)
        (folder / "writing").write_text(str(os.getpid()))
        (folder / "writing").rename(folder / str(turn))  # whole when the test sees it
        while True:
            time.sleep(1)

    setattr(module, name, hanging)


def run_worker(name: str) -> None:
    """Run a worker here until it is killed: prefork with one pool process taking one message at
    a time, restoring messages unacknowledged for ANPR_TEST_VISIBILITY_TIMEOUT seconds."""
    celery_app.conf.update(
        broker_transport_options={"visibility_timeout": int(os.environ["ANPR_TEST_VISIBILITY_TIMEOUT"]),
                                  "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
                                  # A worker killed while it restores holds kombu's restore lock: it must
                                  # lapse in seconds, not the default 5 minutes, or the next worker restores
                                  # nothing within the test's wait (seen once in CI).
                                  "unacked_mutex_expire": 2},
        worker_prefetch_multiplier=1, task_ignore_result=True,
        worker_lost_wait=1,  # how long a worker waits for a lost pool process's result (10 s by default)
    )
    celery_app.worker_main(["worker", "--pool=prefork", "--concurrency=1", "--loglevel=WARNING",
                            "--without-heartbeat", "--without-gossip", "--without-mingle",
                            "--hostname", f"{name}-{os.getpid()}@%h"])
