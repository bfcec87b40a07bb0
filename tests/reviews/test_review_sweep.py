"""The daily review sweep: reviews opened before they fall due, reminders, overdue reviews
escalated, and nothing sent twice. Dates are tested at their boundaries by time travel."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anpr_governance.demo.walkthrough import review_site
from anpr_governance.reviews import notices as notice_services
from anpr_governance.reviews import services as review_services
from anpr_governance.reviews.models import Notice, Review, SweepRun
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

DUE = datetime.date(2027, 6, 15)


@pytest.fixture
def site(make_site, due_on, addresses):
    return due_on(make_site("live"), DUE)


def kinds(person) -> list[str]:
    return sorted(Notice.objects.filter(recipient=person).values_list("kind", flat=True))


# --- opening reviews ----------------------------------------------------------------------------


def test_it_opens_the_review_sixty_days_before_it_is_due_and_not_a_day_earlier(site, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=61)), tick=False):
        assert sweep().reviews_opened == 0
    assert not site.reviews.exists()
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        assert sweep().reviews_opened == 1
    review = site.reviews.get()
    assert (review.state, review.due_on) == (Review.State.SCHEDULED, DUE)


def test_the_lead_time_is_a_setting(site, sweep, at, settings):
    settings.ANPR_REVIEW_LEAD_DAYS = 90
    with time_machine.travel(at(DUE - datetime.timedelta(days=90)), tick=False):
        assert sweep().reviews_opened == 1


def test_the_opened_review_is_assigned_to_the_officer_and_recorded_as_the_systems_doing(site, officer, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
    review = site.reviews.get()
    assert review.reviewer == officer
    record = review.history.get()
    assert record.history_user is None  # the system, not a person
    assert record.history_change_reason == "review.opened_by_sweep"


def test_the_officer_is_told_on_the_dashboard_and_by_email_when_a_review_opens(site, officer, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
    notice = Notice.objects.get(recipient=officer)
    assert notice.kind == "review_opened"
    assert notice.message == (
        f"The review of {site.reference} A34 corridor is due on 15 June 2027: it has been opened and assigned to you."
    )
    [email] = mail.outbox
    assert email.to == ["officer@police.example"]
    assert notice.message in email.body
    assert f"http://127.0.0.1:8000/reviews/sites/{site.reference}/" in email.body


def test_the_opened_review_can_be_started_by_the_officer(site, officer, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
        review_services.review_start(actor=officer, review=site.reviews.get())
    site.refresh_from_db()
    assert site.status == Status.UNDER_REVIEW


def test_it_does_not_open_a_second_review_for_a_site_with_one_open(site, manager, sweep, at):
    review_services.review_schedule(actor=manager, site=site, due_on=DUE)
    with time_machine.travel(at(DUE - datetime.timedelta(days=30)), tick=False):
        assert sweep().reviews_opened == 0
    assert site.reviews.count() == 1


def test_it_opens_reviews_only_for_live_sites(make_site, due_on, sweep, at, addresses):
    for status in ("approved", "under_review", "collection_ceased", "decommissioned"):
        due_on(make_site(status), DUE)
    before = Review.objects.count()
    with time_machine.travel(at(DUE - datetime.timedelta(days=10)), tick=False):
        assert sweep().reviews_opened == 0
    assert Review.objects.count() == before


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_at_30_7_and_1_days_before_the_due_date_and_only_then(site, officer, sweep, at):
    reminded_with_days_left = []
    for days_left in range(61, -1, -1):
        with time_machine.travel(at(DUE - datetime.timedelta(days=days_left)), tick=False):
            if sweep().reminders:
                reminded_with_days_left.append(days_left)
    assert reminded_with_days_left == [30, 7, 1]
    assert kinds(officer) == ["reminder_1", "reminder_30", "reminder_7", "review_opened"]
    reminder = Notice.objects.get(recipient=officer, kind="reminder_7")
    assert reminder.message.endswith("is due on 15 June 2027: 7 days left.")


def test_a_sweep_missed_on_the_reminder_day_reminds_the_day_after(site, officer, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
    with time_machine.travel(at(DUE - datetime.timedelta(days=29)), tick=False):
        assert sweep().reminders == 1
    notice = Notice.objects.get(recipient=officer, kind="reminder_30")
    assert notice.message.endswith("29 days left.")


def test_reminder_days_are_a_setting(site, officer, sweep, at, settings):
    settings.ANPR_REVIEW_REMINDER_DAYS = [14]
    with time_machine.travel(at(DUE - datetime.timedelta(days=15)), tick=False):
        assert sweep().reminders == 0
    with time_machine.travel(at(DUE - datetime.timedelta(days=14)), tick=False):
        assert sweep().reminders == 1
    assert "reminder_14" in kinds(officer)


def test_a_submitted_review_gets_no_reminders(make_site, actors, due_on, sweep, at, addresses):
    site = make_site("under_review")
    review_site(site, actors, approve=False)  # submitted: waiting for the manager
    Review.objects.filter(site=site).update(due_on=DUE)
    with time_machine.travel(at(DUE - datetime.timedelta(days=7)), tick=False):
        assert sweep().reminders == 0


# --- overdue reviews ----------------------------------------------------------------------------


def test_a_review_is_overdue_the_day_after_its_due_date_and_escalated_to_every_manager(
    site, officer, manager, another_manager, sweep, at
):
    with time_machine.travel(at(DUE), tick=False):
        assert sweep().marked_overdue == 0
    review = site.reviews.get()
    assert review.marked_overdue_on is None
    with time_machine.travel(at(DUE + datetime.timedelta(days=1)), tick=False):
        assert sweep().marked_overdue == 1
    review.refresh_from_db()
    assert review.marked_overdue_on == DUE + datetime.timedelta(days=1)
    assert "review_overdue" in kinds(officer)
    assert kinds(manager) == kinds(another_manager) == ["review_escalated"]
    escalation = Notice.objects.get(recipient=manager)
    assert escalation.message == (
        f"The review of {site.reference} A34 corridor was due on 15 June 2027 and is overdue (scheduled, with officer)."
    )
    record = review.history.first()
    assert (record.history_user, record.history_change_reason) == (None, "review.marked_overdue")
    assert {m.to[0] for m in mail.outbox} >= {"manager@police.example", "manager2@police.example"}


def test_a_deactivated_manager_is_not_escalated_to(site, another_manager, sweep, at):
    another_manager.is_active = False
    another_manager.save()
    with time_machine.travel(at(DUE + datetime.timedelta(days=1)), tick=False):
        sweep()
    assert kinds(another_manager) == []


def test_a_submitted_review_past_its_date_is_escalated_to_the_managers(make_site, actors, manager, sweep, at,
                                                                       addresses):
    site = make_site("under_review")
    review_site(site, actors, approve=False)
    Review.objects.filter(site=site).update(due_on=DUE)
    with time_machine.travel(at(DUE + datetime.timedelta(days=3)), tick=False):
        assert sweep().marked_overdue == 1
    assert kinds(manager) == ["review_escalated"]


# --- idempotence --------------------------------------------------------------------------------


def test_running_the_sweep_twice_in_a_day_sends_nothing_twice(site, officer, manager, sweep, at):
    # Day 1: the review opens (60 days ahead); another site's review is overdue.
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        first = sweep()
        notices, emails = Notice.objects.count(), len(mail.outbox)
        second = sweep()
    assert (first.reviews_opened, first.notices) == (1, 1)
    assert (second.reviews_opened, second.reminders, second.marked_overdue, second.notices) == (0, 0, 0, 0)
    assert (Notice.objects.count(), len(mail.outbox)) == (notices, emails) == (1, 1)
    for days_before in (30, -1):  # a reminder day, then the first overdue day: each run twice
        with time_machine.travel(at(DUE - datetime.timedelta(days=days_before)), tick=False):
            sweep()
            notices, emails = Notice.objects.count(), len(mail.outbox)
            assert sweep().notices == 0
            assert (Notice.objects.count(), len(mail.outbox)) == (notices, emails)
    assert site.reviews.count() == 1
    assert site.reviews.get().history.filter(history_change_reason="review.marked_overdue").count() == 1


def test_the_sweep_keeps_a_log_of_its_runs(site, sweep, at):
    day = DUE - datetime.timedelta(days=60)
    with time_machine.travel(at(day), tick=False):
        sweep()
        sweep()
    run = SweepRun.objects.get(day=day)
    assert (run.runs, run.reviews_opened, run.notices) == (2, 1, 1)
    assert run.last_finished_at is not None


# --- the next due date --------------------------------------------------------------------------


def test_the_next_review_is_due_one_interval_after_the_last_completed_review(make_site, actors, sweep, at, due_on,
                                                                            addresses):
    site = make_site("live")
    Site.objects.filter(pk=site.pk).update(review_interval_months=6)
    completed = datetime.date(2027, 1, 20)
    with time_machine.travel(at(completed, 10), tick=False):
        review_site(site, actors)  # scheduled, started, submitted and approved to continue
    site.refresh_from_db()
    assert site.status == Status.LIVE
    assert site.next_review_due == completed + relativedelta(months=6) == datetime.date(2027, 7, 20)
    with time_machine.travel(at(site.next_review_due - datetime.timedelta(days=61)), tick=False):
        assert sweep().reviews_opened == 0
    with time_machine.travel(at(site.next_review_due - datetime.timedelta(days=60)), tick=False):
        assert sweep().reviews_opened == 1
    assert site.reviews.get(state=Review.State.SCHEDULED).due_on == datetime.date(2027, 7, 20)


def test_a_live_site_without_a_review_date_gets_one_from_its_last_completed_review(make_site, actors, sweep, at,
                                                                                  addresses):
    site = make_site("live")
    with time_machine.travel(at(datetime.date(2027, 2, 1), 10), tick=False):
        review_site(site, actors)
    Site.objects.filter(pk=site.pk).update(next_review_due=None)
    with time_machine.travel(at(datetime.date(2027, 3, 1)), tick=False):
        assert sweep().due_dates_set == 1
    site.refresh_from_db()
    assert site.next_review_due == datetime.date(2028, 2, 1)
    assert site.history.first().history_change_reason == "review.next_review_computed"


# --- scale --------------------------------------------------------------------------------------


def make_calendar(area, officer, count, start):
    """`count` live sites of each kind: one whose review falls due within the lead time, one
    with an open review due in a week (a reminder), one whose review is past due (overdue)."""
    today = timezone.localdate()
    for number in range(start, start + count):
        for offset, open_review in ((50, False), (7, True), (-3, True)):
            site = Site.objects.create(
                reference=f"QRY-{number}{'ABC'[[50, 7, -3].index(offset)]}"[:20], name="Query site",
                policing_area=area, location_type="la_major_road", status=Status.LIVE,
                governance_officer=officer, next_review_due=today + datetime.timedelta(days=offset),
            )
            if open_review:
                Review.objects.create(site=site, due_on=site.next_review_due, reviewer=officer)


def test_the_sweeps_query_count_does_not_grow_with_the_number_of_sites(area, addresses, sweep):
    """Bulk queries whatever the number of sites. (Kept below SQLite's 999-parameter batches,
    where Django splits large inserts; on PostgreSQL the count is the same at any size, see
    bench/review_sweep.py.)"""
    officer = addresses[0]
    make_calendar(area, officer, 3, start=100)
    with CaptureQueriesContext(connection) as few:
        report = sweep()
    assert (report.reviews_opened, report.reminders, report.marked_overdue) == (3, 3, 3)
    Notice.objects.all().delete()
    SweepRun.objects.all().delete()
    make_calendar(area, officer, 12, start=200)
    with CaptureQueriesContext(connection) as many:
        report = sweep()
    assert (report.reviews_opened, report.reminders, report.marked_overdue) == (12, 12 + 3, 12)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- e-mail -------------------------------------------------------------------------------------


def test_each_person_gets_one_email_listing_their_notices(make_site, due_on, officer, sweep, at, addresses):
    for reference in ("STS-101", "STS-102"):
        due_on(make_site("live", reference=reference), DUE)
    with time_machine.travel(at(DUE - datetime.timedelta(days=20)), tick=False):
        sweep()
    [email] = [m for m in mail.outbox if m.to == ["officer@police.example"]]
    assert email.subject == "ANPR Governance: 4 notices about site reviews"
    assert "STS-101" in email.body and "STS-102" in email.body
    assert email.body.count("20 days left") == 2


def test_notices_for_people_without_an_address_stay_in_the_app(site, officer, sweep, at):
    officer.email = ""
    officer.save()
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
    assert Notice.objects.filter(recipient=officer).count() == 1
    assert mail.outbox == []


def test_a_second_sender_finds_nothing_left_to_send(site, sweep, at):
    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        sweep()
    assert len(mail.outbox) == 1
    assert notice_services.notice_emails_send() == 0
    assert len(mail.outbox) == 1


def test_notices_claimed_by_a_sender_that_stopped_are_sent_an_hour_later(site, officer, at):
    from anpr_governance.reviews.sweep import review_sweep

    with time_machine.travel(at(DUE - datetime.timedelta(days=60)), tick=False):
        review_sweep()  # its e-mail task is not run: as if the worker died after claiming
        Notice.objects.update(email_claim="00000000-0000-0000-0000-000000000001", email_claimed_at=timezone.now())
        assert notice_services.notice_emails_send() == 0
    with time_machine.travel(at(DUE - datetime.timedelta(days=60), 8), tick=False):
        assert notice_services.notice_emails_send() == 1
    assert Notice.objects.get(recipient=officer).emailed_at is not None
