"""Fixtures for the reviews tests: Celery runs tasks inline (the real worker is tested once,
in test_celery_wiring.py), and helpers to put live sites on a review calendar."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _tasks_run_inline(tasks_inline):
    """Celery runs tasks inline here (the real worker is tested once, in test_celery_wiring.py)."""


@pytest.fixture
def addresses(officer, manager, another_manager):
    """The officer and two approving managers, with e-mail addresses."""
    for person in (officer, manager, another_manager):
        person.email = f"{person.username}@police.example"
        person.save()
    return officer, manager, another_manager


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """sweep() runs the review sweep as beat would, including what it enqueues on commit
    (the e-mails), and returns its report."""
    from anpr_governance.reviews.sweep import review_sweep

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return review_sweep(**kwargs)

    return run


@pytest.fixture
def at():
    """at(day) → a moment on `day` in the service's time zone (Europe/London), for time_machine."""

    def moment(day: datetime.date, hour: int = 6):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    return moment
