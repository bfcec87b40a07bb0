"""Retention: a daily task erases reads older than the retention period and logs the erasure
with its counts; on PostgreSQL whole monthly partitions are dropped."""

import datetime
import threading
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import OperationalError, connection
from read_helpers import ago, read

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reads import store, tasks
from anpr_governance.reads.models import Read

LONDON = ZoneInfo("Europe/London")


def test_reads_older_than_retention_are_erased_and_the_erasure_logged(stored, site, time_machine):
    stored([read(at=ago(300)), read(vrm="XY99ZZZ", at=ago(290)), read(at=ago(10))])
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=100))
    assert tasks.apply_retention() == 2
    assert list(Read.objects.values_list("vrm", flat=True)) == ["AB12CDE"]
    entry = AccessLogEntry.objects.get(action=Action.ERASED)
    assert entry.actor is None and entry.actor_name == "system"
    assert entry.result_count == 2 and entry.details["reads_erased"] == 2
    assert dict(entry.site_links.values_list("site_id", "reads")) == {site.pk: 2}
    assert "365 days" in entry.justification


def test_retention_drops_whole_monthly_partitions_on_postgresql(stored, time_machine):
    stored([read(at=ago(300)), read(at=ago(10))])
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=100))
    before = store.partitions()
    tasks.apply_retention()
    dropped = AccessLogEntry.objects.get(action=Action.ERASED).details["partitions_dropped"]
    if connection.vendor == "postgresql":
        cutoff = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=settings.ANPR_RETENTION_DAYS)
        expected = [store.partition_name(*m) for m in before if store.month_start(*store.next_month(*m)) <= cutoff]
        assert dropped == expected and len(dropped) >= 3
        assert set(store.partitions()) == set(before) - {m for m in before if store.partition_name(*m) in dropped}
    else:
        assert dropped == []  # SQLite: one plain table, rows deleted


def test_running_retention_again_erases_nothing_and_logs_nothing(stored, time_machine):
    stored([read(at=ago(300))])
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=100))
    assert tasks.apply_retention() == 1
    assert tasks.apply_retention() == 0
    assert AccessLogEntry.objects.filter(action=Action.ERASED).count() == 1


def test_the_retention_period_is_a_setting(stored, settings):
    stored([read(at=ago(50)), read(at=ago(10))])
    settings.ANPR_RETENTION_DAYS = 30
    assert tasks.apply_retention() == 1
    assert Read.objects.count() == 1


def test_the_tasks_run_daily_from_the_beat_schedule():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reads.apply_retention"]["task"] == tasks.apply_retention.name
    assert schedule["reads.create_partitions"]["task"] == tasks.create_partitions.name
    for name in ("reads.apply_retention", "reads.create_partitions"):
        cron = schedule[name]["schedule"]
        assert len(cron.hour) == 1 and len(cron.minute) == 1 and len(cron.day_of_month) == 31


def test_the_partition_task_creates_the_coming_months_ahead_on_postgresql(db, time_machine):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=400))
    created = tasks.create_partitions()
    if connection.vendor == "postgresql":
        now = datetime.datetime.now(tz=datetime.UTC)
        month = store.month_of(now)
        assert store.partition_name(*month) in created
        assert len(store.partitions()) > 0 and month in store.partitions()
        assert tasks.create_partitions() == []  # already there
    else:
        assert created == []


def test_retention_erases_a_read_a_day_past_the_period_and_keeps_one_a_day_short_of_it(stored, time_machine):
    # After the jump, one read is 366 days old and one 364: the cutoff is exactly 365 days back.
    stored([read(vrm="OLD366", at=ago(266)), read(vrm="NEW364", at=ago(264))])
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=100))
    assert tasks.apply_retention() == 1
    assert list(Read.objects.values_list("vrm", flat=True)) == ["NEW364"]
    cutoff = datetime.datetime.fromisoformat(AccessLogEntry.objects.get(action=Action.ERASED).details["cutoff"])
    expected = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=365)
    assert abs(cutoff - expected) < datetime.timedelta(hours=1)


def test_reads_erased_only_from_the_month_the_cutoff_falls_in_are_logged_with_the_cutoff_in_utc(stored, time_machine):
    # Now is in British Summer Time (the clock in London: time_machine sets the local zone too);
    # the cutoff, 365 days back, falls in July 2026.
    now = datetime.datetime(2027, 7, 20, 13, tzinfo=LONDON)
    time_machine.move_to(now)
    tasks.apply_retention()  # PostgreSQL: the (empty) months before July 2026 dropped first
    time_machine.move_to(datetime.datetime(2026, 7, 25, 13, tzinfo=LONDON))
    stored([read(vrm="OLD10", at=ago(10)), read(vrm="NEW10", at=ago(2))])
    time_machine.move_to(now)
    # The read before the cutoff is deleted row by row: no whole month is older, nothing dropped.
    assert tasks.apply_retention() == 1
    assert list(Read.objects.values_list("vrm", flat=True)) == ["NEW10"]
    entry = AccessLogEntry.objects.filter(action=Action.ERASED).latest("pk")
    assert entry.details == {"cutoff": "2026-07-20T12:00:00+00:00", "reads_erased": 1, "partitions_dropped": []}


def test_a_second_retention_run_started_during_one_waits_for_it(stored, settings):
    """Two runs at once (two workers, the beat and a retry) must not both drop the same
    partitions: the second waits until the first has committed, whatever there is to erase
    (PostgreSQL: the advisory lock; SQLite: one writer at a time)."""
    # Nothing old enough to erase: the first run touches no partition and no read, so the
    # second can only be waiting for the first run itself.
    settings.ANPR_RETENTION_DAYS = 3650
    stored([read(at=ago(300))])
    assert tasks.apply_retention() == 0  # its transaction, the test's, is still open
    outcome = {}

    def second_run():
        try:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET lock_timeout = '300ms'")
                else:
                    cursor.execute("PRAGMA busy_timeout = 300")
            outcome["erased"] = tasks.apply_retention()
        except OperationalError as error:
            outcome["error"] = str(error)
        finally:
            connection.close()

    worker = threading.Thread(target=second_run)
    worker.start()
    worker.join(timeout=30)
    waited = "lock timeout" if connection.vendor == "postgresql" else "database is locked"
    assert "erased" not in outcome and waited in outcome["error"]
