"""Fixtures for the reviews tests: Celery runs tasks inline (the real worker is tested once,
in test_celery_wiring.py), and helpers to put live sites on a review calendar."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.celery import app as celery_app
from anpr_governance.sites.models import Site


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


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


@pytest.fixture
def due_on():
    """due_on(site, day): put the site's next review on `day` (arranging a test's calendar)."""

    def arrange(site: Site, day: datetime.date) -> Site:
        Site.objects.filter(pk=site.pk).update(next_review_due=day)
        site.refresh_from_db()
        return site

    return arrange
