"""A real Celery worker for tests/reports/test_pack_part_faults.py (tests/celery_worker_helpers.py).

The first delivery of a force-wide pack's part hangs once the part is laid out and its PDF
stored, before it is recorded as done; the next once the part is recorded, before the task ends
(and its message is acknowledged): for the test to kill the worker there. Later ones run as in
production."""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the project, and tests/ for celery_worker_helpers
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")
django.setup()

from celery_worker_helpers import hang_at, run_worker  # noqa: E402

from anpr_governance.reports import parts  # noqa: E402

hang_at(parts, "_write", turns=(1,), after=True, when=lambda name, content: name.endswith(".pdf"))
hang_at(parts, "lay_out_part", turns=(2,), after=True)
run_worker("killed-mid-part")
