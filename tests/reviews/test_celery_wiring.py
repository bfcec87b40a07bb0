"""Celery wiring: the beat schedule defined in code and kept in the database without
duplicates, thin idempotent tasks enqueued only after commit, and one real worker taking
the sweep from Redis and changing the database."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from celery_worker_helpers import empty_broker
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from anpr_governance.celery import app as celery_app
from anpr_governance.core.schedule import registered_project_tasks, sync_beat_schedule
from anpr_governance.reviews import tasks
from anpr_governance.reviews.models import Notice, Review, SweepRun
from anpr_governance.reviews.sweep import review_sweep
from anpr_governance.sites.models import Site

ROOT = Path(__file__).resolve().parents[2]
# The Redis the integration test uses; CI has one on 127.0.0.1:6379.
REDIS_URL = os.environ.get("ANPR_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


# --- the beat schedule --------------------------------------------------------------------------


def test_the_sweep_runs_daily_at_half_past_five_london_time_and_emails_every_quarter_hour(settings):
    sweep = settings.CELERY_BEAT_SCHEDULE["reviews.sweep"]
    assert sweep["task"] == "reviews.sweep"
    assert sweep["schedule"] == crontab(hour=5, minute=30)
    assert settings.CELERY_TIMEZONE == "Europe/London"
    emails = settings.CELERY_BEAT_SCHEDULE["reviews.send_notice_emails"]
    assert (emails["task"], emails["schedule"]) == ("reviews.send_notice_emails", datetime.timedelta(minutes=15))


def test_the_sweep_interval_can_be_shortened_for_a_demonstration():
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.CELERY_BEAT_SCHEDULE['reviews.sweep']['schedule'])")
    # PYTEST_VERSION passed on: the child's settings ignore a `.env` in this checkout (see settings.py).
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "anpr_governance.settings",
           "ANPR_REVIEW_SWEEP_EVERY_SECONDS": "5", "DATABASE_URL": "sqlite:///:memory:",
           "PYTEST_VERSION": os.environ["PYTEST_VERSION"]}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "0:00:05"


def test_syncing_the_schedule_twice_keeps_one_row_per_entry(db):
    sync_beat_schedule()
    sync_beat_schedule()
    rows = PeriodicTask.objects.filter(name__startswith="reviews.")
    assert sorted(rows.values_list("name", flat=True)) == ["reviews.send_notice_emails", "reviews.sweep"]
    sweep = rows.get(name="reviews.sweep")
    assert (sweep.task, sweep.enabled) == ("reviews.sweep", True)
    assert (sweep.crontab.hour, sweep.crontab.minute, str(sweep.crontab.timezone)) == ("5", "30", "Europe/London")


def test_a_changed_schedule_updates_its_row_and_a_removed_entry_is_disabled(db, settings):
    sync_beat_schedule()
    PeriodicTask.objects.create(name="an operator's own task", task="celery.ping", interval=PeriodicTask.objects.get(
        name="reviews.send_notice_emails").interval)
    schedule = dict(settings.CELERY_BEAT_SCHEDULE)  # every other entry stays as it is
    del schedule["reviews.send_notice_emails"]
    schedule["reviews.sweep"] = {"task": "reviews.sweep", "schedule": datetime.timedelta(seconds=30)}
    settings.CELERY_BEAT_SCHEDULE = schedule
    result = sync_beat_schedule()
    assert result.disabled == ["reviews.send_notice_emails"]
    sweep = PeriodicTask.objects.get(name="reviews.sweep")
    assert (sweep.crontab, sweep.interval.every, sweep.interval.period) == (None, 30, "seconds")
    assert not PeriodicTask.objects.get(name="reviews.send_notice_emails").enabled
    assert PeriodicTask.objects.get(name="an operator's own task").enabled
    assert PeriodicTask.objects.filter(name="reviews.sweep").count() == 1


# The rows written by deploys before the entries were named `<app>.<verb>` (issue 9).
OLD_ROWS = {
    "reviews.daily-sweep": "reviews.review_sweep",
    "reviews.notice-emails": "reviews.notice_emails_send",
    "reads-retention": "anpr_governance.reads.tasks.apply_retention",
    "reads-partitions": "anpr_governance.reads.tasks.create_read_partitions",
}


def test_syncing_over_the_old_names_enables_every_entry_and_disables_the_old_rows(db, settings):
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    for name, task in OLD_ROWS.items():
        PeriodicTask.objects.create(name=name, task=task, interval=every_day)
    PeriodicTask.objects.create(name="reads-backup", task="backups.tasks.dump_database", interval=every_day)

    result = sync_beat_schedule()

    assert sorted(result.disabled) == sorted(OLD_ROWS)
    rows = {row.name: row for row in PeriodicTask.objects.all()}
    assert all(rows[name].enabled for name in settings.CELERY_BEAT_SCHEDULE)
    assert not any(rows[name].enabled for name in OLD_ROWS)
    assert rows["reads-backup"].enabled  # an operator's row for a task of another package
    assert sync_beat_schedule().disabled == []  # the second run finds nothing left to disable


def test_every_beat_entry_runs_a_registered_task_of_its_own_name(settings):
    registered = registered_project_tasks(celery_app)  # imports every app's tasks.py, as a worker does
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in registered, name
        assert entry["task"] == name


def test_every_task_is_named_after_its_app_and_what_it_does():
    registered = registered_project_tasks(celery_app)
    assert registered >= {"reviews.sweep", "reviews.send_notice_emails", "reads.apply_retention",
                          "reads.create_partitions", "reports.build_pack"}
    for name in registered:
        app_label, verb = name.split(".")
        assert celery_app.tasks[name].__module__ == f"anpr_governance.{app_label}.tasks", name
        assert verb.isidentifier(), name


def test_the_sync_command_runs_when_make_run_starts():
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py sync_beat_schedule" in makefile


# --- tasks --------------------------------------------------------------------------------------


def test_tasks_are_registered_by_name_and_acknowledge_late_because_they_are_idempotent():
    for name in ("reviews.sweep", "reviews.send_notice_emails"):
        task = celery_app.tasks[name]
        assert task.acks_late is True


def test_the_sweep_task_runs_the_sweep_and_reports_what_it_did(db, make_site):
    site = make_site("live")
    Site.objects.filter(pk=site.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=10))
    report = tasks.sweep.delay().get()
    assert report["reviews_opened"] == 1
    assert report["day"] == timezone.localdate().isoformat()


def test_the_emails_are_enqueued_only_after_the_sweep_commits(db, make_site, officer,
                                                              django_capture_on_commit_callbacks):
    officer.email = "officer@police.example"
    officer.save()
    site = make_site("live")
    Site.objects.filter(pk=site.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_sweep()
    assert mail.outbox == []  # nothing is sent while the sweep's transaction is open
    assert len(callbacks) == 1
    callbacks[0]()  # the commit
    assert [m.to for m in mail.outbox] == [["officer@police.example"]]


def test_a_broker_out_of_reach_after_the_sweep_commits_leaves_the_emails_to_the_quarter_hour_run(
        db, make_site, officer, monkeypatch, django_capture_on_commit_callbacks):
    officer.email = "officer@police.example"
    officer.save()
    site = make_site("live")
    Site.objects.filter(pk=site.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=10))

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.send_notice_emails, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        report = review_sweep()  # does not raise: the sweep's work is saved
    assert report.reviews_opened == 1 and mail.outbox == []
    assert tasks.send_notice_emails() == 1  # beat's run every 15 minutes sends them
    assert [m.to for m in mail.outbox] == [["officer@police.example"]]


# --- a real worker, against Redis ---------------------------------------------------------------


def wait_for(what, *, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Nothing happened within {seconds} seconds: did the worker run the task?")


@pytest.fixture
def redis_worker(settings):
    """A real Celery worker (in a thread of this process, solo pool) consuming from Redis.

    In a thread, it uses this process's database settings, so it sees the test database on
    PostgreSQL and SQLite alike (Django's in-memory SQLite test database is shared between
    the threads of one process); the test commits its data (transaction=True) so that the
    worker's own connection can read it."""
    settings.SECRET_KEY = "integration-test-secret-" + "k" * 40  # the worker runs the start-up checks
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    conf.update(broker_url=REDIS_URL, broker_transport_options={}, task_always_eager=False)
    _forget_connections()
    empty_broker()  # a message left by an earlier test or run must not be what we see
    try:
        with start_worker(celery_app, pool="solo", loglevel="WARNING", perform_ping_check=False,
                          shutdown_timeout=30) as worker:
            yield worker
    finally:
        conf.update(saved)
        _forget_connections()


def _forget_connections():
    """Drop connection pools made for another broker (as Celery does after a fork)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_takes_the_sweep_from_redis_and_its_effect_is_in_the_database(role_groups, make_site, officer,
                                                                                   redis_worker):
    officer.email = "officer@police.example"
    officer.save()
    site = make_site("live")
    Site.objects.filter(pk=site.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=20))

    tasks.sweep.delay()

    review = wait_for(lambda: Review.objects.filter(site=site).first())
    assert (review.state, review.reviewer, review.history.get().history_change_reason) == (
        "scheduled", officer, "review.opened_by_sweep")
    assert sorted(Notice.objects.filter(recipient=officer).values_list("kind", flat=True)) == [
        "reminder_30", "review_opened"]
    assert SweepRun.objects.get(day=timezone.localdate()).runs == 1
    # The sweep enqueued the e-mail task after committing; the same worker took it from Redis.
    [email] = wait_for(lambda: list(mail.outbox))
    assert email.to == ["officer@police.example"] and site.reference in email.body
    assert wait_for(lambda: Notice.objects.filter(emailed_at__isnull=False).count() == 2)
