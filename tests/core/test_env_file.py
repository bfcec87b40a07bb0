"""`.env`: the checkout's local settings, written by `make run` and read by settings.py, so that
commands run by hand where `make run` set up behave as under make. Production, with no `.env`
and DEBUG unset, still refuses the development key.

Each test works in a copy of the project in a temporary directory (a fresh clone, as far as
settings are concerned: the code, the Makefile, no `.env`, no var/), and starts its processes
with PATH alone, without PYTEST_VERSION, so their settings read `.env` as a developer's
commands would."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path) -> Path:
    copy = tmp_path / "checkout"
    copy.mkdir()
    for name in ("manage.py", "Makefile"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "anpr_governance", copy / "anpr_governance",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("templates", "static", "node_modules"):  # read, never written: shared
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name)
    return copy


def run(checkout: Path, *command: str, **env: str) -> subprocess.CompletedProcess:
    """A command in the copy with no environment but PATH (and what the test gives)."""
    return subprocess.run(list(command), cwd=checkout, env={"PATH": os.environ["PATH"], **env},
                          capture_output=True, text=True, timeout=120, check=False)


def manage(checkout: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run(checkout, sys.executable, "manage.py", *args, **env)


SHOW = ("import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECRET_KEY, s.ANPR_RETENTION_DAYS)")


def test_settings_read_the_env_file_and_the_environment_wins_over_it(checkout):
    (checkout / ".env").write_text("# local\nDEBUG=true\nSECRET_KEY=from-the-file-" + "f" * 40 + "\n"
                                   "ANPR_RETENTION_DAYS=200\n")
    result = run(checkout, sys.executable, "-c", SHOW, DJANGO_SETTINGS_MODULE="anpr_governance.settings",
                 ANPR_RETENTION_DAYS="300")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "from-the-file-" + "f" * 40, "300"]


def test_without_an_env_file_and_without_debug_manage_py_refuses_the_development_key(checkout):
    result = manage(checkout, "check")
    assert result.returncode != 0
    assert "anpr.E001" in result.stderr


def test_the_env_file_make_run_writes_lets_manage_py_run_by_hand(checkout):
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    made = run(checkout, "make", "--no-print-directory", ".env", f"PYTHON={sys.executable}")
    assert made.returncode == 0, made.stderr
    written = (checkout / ".env").read_text()
    values = dict(line.split("=", 1) for line in written.splitlines() if line and not line.startswith("#"))
    assert set(values) == {"DEBUG", "SECRET_KEY"} and values["DEBUG"] == "true"
    assert len(values["SECRET_KEY"]) >= 50 and "insecure" not in values["SECRET_KEY"]

    result = manage(checkout, "check")
    assert result.returncode == 0, result.stderr
    assert "anpr.E001" not in result.stderr

    again = run(checkout, "make", "--no-print-directory", ".env", f"PYTHON={sys.executable}")
    assert again.returncode == 0 and (checkout / ".env").read_text() == written  # written once, kept


def test_a_task_sent_by_hand_goes_to_the_broker_folder_make_runs_worker_reads(checkout):
    (checkout / ".env").write_text("DEBUG=true\n")
    send = "from anpr_governance.reviews.tasks import send_notice_emails; send_notice_emails.delay()"
    result = manage(checkout, "shell", "-c", send)
    assert result.returncode == 0, result.stderr
    # var/celery: the Makefile's and the Procfile's worker's default (settings.CELERY_FILESYSTEM_DIR).
    assert len(list((checkout / "var" / "celery" / "queue").iterdir())) == 1


def test_the_test_suite_and_the_processes_it_starts_ignore_the_env_file(checkout):
    (checkout / ".env").write_text("DEBUG=true\n")
    assert manage(checkout, "check").returncode == 0  # read by a developer's command ...
    result = manage(checkout, "check", PYTEST_VERSION=os.environ["PYTEST_VERSION"])
    assert result.returncode != 0 and "anpr.E001" in result.stderr  # ... not under pytest
