"""A real Celery worker for tests/reads/test_retention_faults.py (tests/celery_worker_helpers.py).

The first two deliveries of the retention run hang once the reads are erased and before the
erasure is logged, inside the run's open transaction, for the test to kill the worker there;
later ones run as in production."""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the project, and tests/ for celery_worker_helpers
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")
django.setup()

from celery_worker_helpers import hang_at, run_worker  # noqa: E402

from anpr_governance.reads.services import retention  # noqa: E402

hang_at(retention, "access_log_append", turns=(1, 2))
run_worker("killed-mid-retention")
