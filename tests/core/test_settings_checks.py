"""Configuration is checked at start-up: production refuses the development secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from anpr_governance.core import checks

ROOT = Path(__file__).resolve().parents[2]
# Passed on to the processes these tests start, so that their settings, like this process's,
# ignore a `.env` that `make run` wrote into this checkout (see settings.py).
UNDER_PYTEST = {"PYTEST_VERSION": os.environ["PYTEST_VERSION"]}


def test_production_refuses_the_development_secret_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEFAULT_SECRET_KEY
    [error] = checks.check_secret_key()
    assert error.id == "anpr.E001"
    assert "SECRET_KEY" in error.msg


def test_a_real_secret_key_passes_in_production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-long-random-production-value-" + "x" * 40
    assert checks.check_secret_key() == []


def test_local_development_may_use_the_development_key(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEFAULT_SECRET_KEY
    assert checks.check_secret_key() == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("ANPR_RETENTION_DAYS", 0), ("ANPR_STANDARD_ACCESS_DAYS", -1), ("ANPR_REVIEW_INTERVAL_MONTHS", 0)],
)
def test_impossible_domain_settings_are_refused_with_their_name(settings, name, value):
    setattr(settings, name, value)
    messages = [e.msg for e in checks.check_domain_settings()]
    assert any(name in m and "positive" in m for m in messages)


def test_an_access_window_longer_than_retention_is_refused(settings):
    settings.ANPR_STANDARD_ACCESS_DAYS = 400
    settings.ANPR_RETENTION_DAYS = 365
    [error] = checks.check_domain_settings()
    assert error.id == "anpr.E003"


def test_the_wsgi_entry_point_refuses_to_start_with_the_development_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEFAULT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="anpr.E001"):
        checks.refuse_to_start_on_errors()


def test_manage_py_check_fails_in_production_without_a_secret():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "DATABASE_URL": "sqlite:///:memory:", **UNDER_PYTEST}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "anpr.E001" in result.stderr


def test_settings_come_from_the_environment():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "s" * 50,
        "ALLOWED_HOSTS": "anpr.example.police.uk",
        "ANPR_RETENTION_DAYS": "200",
        "ANPR_STANDARD_ACCESS_DAYS": "30",
        "DATABASE_URL": "sqlite:///:memory:",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        **UNDER_PYTEST,
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.ANPR_RETENTION_DAYS, s.ANPR_STANDARD_ACCESS_DAYS, s.CELERY_BROKER_URL, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "anpr_governance.settings"},
    )
    assert result.stdout.strip() == "['anpr.example.police.uk'] 200 30 redis://127.0.0.1:6379/0 False"
