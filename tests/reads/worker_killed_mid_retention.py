"""A real Celery worker (a process of its own, solo pool) for tests/reads/test_retention_faults.py.

Started as `python worker_killed_mid_retention.py MARKER`: when MARKER does not exist yet, the
first retention run writes it once it has erased the reads but before it logs the erasure,
then waits there forever (for the test to SIGKILL the worker at that point); when it exists,
the worker runs the task as production does. Redelivery comes from Redis: the message was taken
but not acknowledged (acks_late), so after the visibility timeout the next worker gets it."""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")
django.setup()

from anpr_governance.celery import app  # noqa: E402
from anpr_governance.reads.services import retention  # noqa: E402

MARKER = Path(sys.argv[1])
VISIBILITY_TIMEOUT = 3  # seconds an unacknowledged message waits before it is delivered again

real_append = retention.access_log_append


def append_or_hang(**kwargs):
    if not MARKER.exists():
        MARKER.write_text(str(os.getpid()))
        while True:  # the reads are erased inside the open transaction; the log entry is not written
            time.sleep(1)
    return real_append(**kwargs)


retention.access_log_append = append_or_hang
app.conf.update(broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
                worker_prefetch_multiplier=1, task_ignore_result=True)
app.worker_main(["worker", "--pool=solo", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip",
                 "--without-mingle", "--hostname", f"killed-mid-retention-{os.getpid()}@%h"])
