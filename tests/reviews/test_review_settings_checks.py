"""Impossible review settings are refused at start-up, by name, in words."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anpr_governance.core import checks

ROOT = Path(__file__).resolve().parents[2]


def messages() -> list[str]:
    return [error.msg for error in checks.check_review_settings()]


def test_the_defaults_pass():
    assert messages() == []


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ANPR_REVIEW_LEAD_DAYS", -1, "ANPR_REVIEW_LEAD_DAYS is -1; it must be a positive whole number."),
        ("ANPR_REVIEW_LEAD_DAYS", 0, "ANPR_REVIEW_LEAD_DAYS is 0; it must be a positive whole number."),
        ("ANPR_REVIEW_OVERDUE_GRACE_DAYS", -5, "ANPR_REVIEW_OVERDUE_GRACE_DAYS is -5; it cannot be negative"),
        ("ANPR_ASSESSMENT_VALIDITY_YEARS", 0, "ANPR_ASSESSMENT_VALIDITY_YEARS is 0; it must be a positive"),
        ("ANPR_DPIA_VALIDITY_YEARS", -3, "ANPR_DPIA_VALIDITY_YEARS is -3; it must be a positive"),
        ("ANPR_NO_USE_WINDOW_DAYS", 0, "ANPR_NO_USE_WINDOW_DAYS is 0; it must be a positive"),
        ("ANPR_REVIEW_REMINDER_DAYS", [30, 0], "ANPR_REVIEW_REMINDER_DAYS includes 0; reminders are sent a positive"),
        ("ANPR_REVIEW_REMINDER_DAYS", [90, 7], "includes 90, more than ANPR_REVIEW_LEAD_DAYS (60)"),
        ("ANPR_REVIEW_SWEEP_TIME", "25:00", "ANPR_REVIEW_SWEEP_TIME is '25:00'; give a 24-hour time"),
        ("ANPR_REVIEW_SWEEP_EVERY_SECONDS", -10, "ANPR_REVIEW_SWEEP_EVERY_SECONDS is -10; it cannot be negative"),
        ("ANPR_REVIEW_INTERVAL_MONTHS", 61, "a site must be reviewed at least every 60 months"),
        ("ANPR_SITE_URL", "anpr.example", "ANPR_SITE_URL is 'anpr.example'; give the service's address"),
    ],
)
def test_an_impossible_value_is_refused_with_its_name(settings, name, value, words):
    setattr(settings, name, value)
    assert any(words in message for message in messages()), messages()
    assert all(error.id == "anpr.E004" for error in checks.check_review_settings())


def test_reminder_days_that_are_not_numbers_are_refused(settings):
    settings.ANPR_REVIEW_REMINDER_DAYS, settings.ANPR_REVIEW_REMINDER_DAYS_RAW = None, "thirty"
    assert messages() == [
        "ANPR_REVIEW_REMINDER_DAYS is 'thirty'; give whole numbers of days separated by commas, e.g. 30,7,1."
    ]


def run(command: list[str], **env) -> subprocess.CompletedProcess:
    # PYTEST_VERSION passed on: the child's settings ignore a `.env` in this checkout (see settings.py).
    environment = {"PATH": os.environ["PATH"], "DEBUG": "true", "DATABASE_URL": "sqlite:///:memory:",
                   "CELERY_BROKER_URL": "memory://", "PYTEST_VERSION": os.environ["PYTEST_VERSION"], **env}
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"ANPR_REVIEW_LEAD_DAYS": "-1"}, "ANPR_REVIEW_LEAD_DAYS is -1"),
        ({"ANPR_REVIEW_INTERVAL_MONTHS": "0"}, "ANPR_REVIEW_INTERVAL_MONTHS is 0"),
    ],
)
def test_manage_py_refuses_to_start_with_an_impossible_value(env, words):
    result = run([sys.executable, "manage.py", "check"], **env)
    assert result.returncode != 0
    assert words in result.stderr


def test_a_celery_worker_refuses_to_start_with_an_impossible_value():
    celery = str(Path(sys.executable).parent / "celery")
    result = run([celery, "-A", "anpr_governance", "worker", "--pool=solo"], ANPR_REVIEW_LEAD_DAYS="-1")
    assert result.returncode != 0
    assert "Refusing to start: anpr.E004: ANPR_REVIEW_LEAD_DAYS is -1" in result.stderr
