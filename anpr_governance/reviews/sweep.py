"""The daily review sweep: reviews must not depend on someone remembering a date.

Once a day (Celery beat, task `reviews.sweep`) the sweep, as the system:
  1. gives a live site without a next review date one, from its last completed review (or
     its approval) and its review interval;
  2. opens the next review of each live site `ANPR_REVIEW_LEAD_DAYS` before it is due and
     assigns it to the site's governance officer;
  3. reminds the reviewer `ANPR_REVIEW_REMINDER_DAYS` (30, 7, 1) days before the due date;
  4. marks reviews open past their due date overdue and escalates them to every approving
     manager;
  5. writes every collecting site's decommissioning-flag verdict (standing_flags.py).
Each opening, reminder and escalation is a Notice (shown on the dashboard) and an e-mail,
sent after the sweep commits by the `reviews.send_notice_emails` task.

Running it twice in a day sends nothing twice: what was sent is recorded (a notice is
unique per review, kind and recipient), reviews are opened only for sites without an open
one (a partial unique index guards that too), and a review is marked overdue once. Runs
are serialised by the day's SweepRun row (see its docstring).

Every step is a fixed number of bulk queries, whatever the number of sites; history is
kept with simple-history's bulk helpers. The system is the actor: history rows have no
user and a reason such as "review.opened_by_sweep".
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import dateformat, timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from anpr_governance.accounts.models import User
from anpr_governance.accounts.roles import Role
from anpr_governance.core.enqueue import enqueue_on_commit
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import next_review_date

from . import standing_flags
from .models import Notice, Review, SweepRun

# Reviews whose reviewer still has work to do (a submitted one waits for a manager).
REMINDABLE = (Review.State.SCHEDULED, Review.State.IN_PROGRESS, Review.State.RETURNED)

OPENED_BY_SWEEP = "review.opened_by_sweep"
MARKED_OVERDUE = "review.marked_overdue"
DUE_DATE_SET = "review.next_review_computed"


@dataclass
class SweepReport:
    day: datetime.date
    due_dates_set: int = 0
    reviews_opened: int = 0
    reminders: int = 0
    marked_overdue: int = 0
    notices: int = 0
    flags_evaluated: int = 0

    def as_dict(self) -> dict:
        return {**asdict(self), "day": self.day.isoformat()}


def review_sweep(*, today: datetime.date | None = None) -> SweepReport:
    """Run the sweep for `today` (default: today in Europe/London). Idempotent."""
    today = today or timezone.localdate()
    run, _ = SweepRun.objects.get_or_create(day=today)
    with transaction.atomic():
        # First statement: take the write lock on the day's row (a row lock on PostgreSQL,
        # the database write lock on SQLite). A concurrent run waits here until this one
        # commits, then reads what this one did and finds nothing left to do.
        SweepRun.objects.filter(pk=run.pk).update(runs=F("runs") + 1, last_started_at=timezone.now())
        report = SweepReport(day=today)
        report.due_dates_set = _set_missing_due_dates(today)
        opened = _open_reviews(today)
        report.reviews_opened = len(opened)
        notices = [_notice(review, review.site.governance_officer, Notice.Kind.REVIEW_OPENED, today)
                   for review in opened]
        reminders = _reminders(today)
        report.reminders = len(reminders)
        overdue = _mark_overdue(today)
        report.marked_overdue = len(overdue)
        managers = list(User.objects.filter(groups__name=Role.APPROVING_MANAGER, is_active=True).distinct())
        for review in overdue:
            notices.append(_notice(review, _reviewer(review), Notice.Kind.REVIEW_OVERDUE, today))
            notices.extend(_notice(review, manager, Notice.Kind.REVIEW_ESCALATED, today) for manager in managers)
        notices = [n for n in notices if n is not None] + reminders
        Notice.objects.bulk_create(notices)
        report.notices = len(notices)
        SweepRun.objects.filter(pk=run.pk).update(
            last_finished_at=timezone.now(),
            reviews_opened=F("reviews_opened") + report.reviews_opened,
            due_dates_set=F("due_dates_set") + report.due_dates_set,
            reminders=F("reminders") + report.reminders,
            marked_overdue=F("marked_overdue") + report.marked_overdue,
            notices=F("notices") + report.notices,
        )
        if any(n.email_to for n in notices):
            from .tasks import send_notice_emails  # tasks import this module

            # If the broker is down, the sweep's work stands and the 15-minute
            # "reviews.send_notice_emails" beat entry sends the e-mails later.
            enqueue_on_commit(send_notice_emails)
    # 5. keeps every collecting site's flag verdict current (standing_flags.py): the date-driven
    # rules change with time alone, and reviews opened in bulk above passed no hook. After the
    # commit: its own transactions, in chunks, so record edits wait for a chunk, not the sweep.
    report.flags_evaluated = standing_flags.refresh(today=today)
    return report


# --- the steps -------------------------------------------------------------------------------


def _set_missing_due_dates(today: datetime.date) -> int:
    """Live sites without a next review date get one: last completed review (or approval) + interval."""
    last_completed = (
        Review.objects.filter(site=OuterRef("pk"), state=Review.State.APPROVED, completed_on__isnull=False)
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    sites = list(
        Site.objects.filter(status=Status.LIVE, next_review_due__isnull=True).annotate(
            last_completed_on=Subquery(last_completed)
        )
    )
    for site in sites:
        base = site.last_completed_on or (timezone.localdate(site.approved_at) if site.approved_at else today)
        site.next_review_due = next_review_date(site, after=base)
    if sites:
        bulk_update_with_history(sites, Site, ["next_review_due"], default_change_reason=DUE_DATE_SET)
    return len(sites)


def _open_reviews(today: datetime.date) -> list[Review]:
    lead = datetime.timedelta(days=settings.ANPR_REVIEW_LEAD_DAYS)
    sites = (
        Site.objects.filter(status=Status.LIVE, next_review_due__lte=today + lead)
        .exclude(Exists(Review.objects.filter(site=OuterRef("pk"), state__in=Review.OPEN_STATES)))
        .select_related("governance_officer")
        .only("id", "reference", "name", "next_review_due", "governance_officer")
        .order_by("next_review_due", "id")
    )
    reviews = []
    for site in sites:
        review = Review(site=site, due_on=site.next_review_due, reviewer=site.governance_officer)
        reviews.append(review)
    if not reviews:
        return []
    created = bulk_create_with_history(reviews, Review, default_change_reason=OPENED_BY_SWEEP)
    for review, original in zip(created, reviews, strict=True):
        review.site = original.site
    return created


def _reminders(today: datetime.date) -> list[Notice]:
    """Reminder notices due today and not sent before: the smallest reminder day at or
    above the days left (so a sweep missed on day 30 reminds on day 29)."""
    days = sorted(settings.ANPR_REVIEW_REMINDER_DAYS or [])
    if not days:
        return []
    window = Review.objects.filter(
        state__in=REMINDABLE, site__status__in=COLLECTING, due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=days[-1]),
    )
    sent = set(
        Notice.objects.filter(review__in=window, kind__startswith="reminder_").values_list(
            "review_id", "kind", "recipient_id"
        )
    )
    notices = []
    for review in window.select_related("site", "reviewer", "site__governance_officer"):
        left = (review.due_on - today).days
        threshold = next(d for d in days if d >= left)
        recipient = _reviewer(review)
        kind = f"{Notice.Kind.REMINDER}_{threshold}"
        if recipient is None or (review.pk, kind, recipient.pk) in sent:
            continue
        notices.append(_notice(review, recipient, kind, today))
    return notices


def _mark_overdue(today: datetime.date) -> list[Review]:
    """Open reviews past their due date, marked overdue once (a conditional UPDATE), with history."""
    overdue = Review.objects.filter(
        state__in=Review.OPEN_STATES, site__status__in=COLLECTING, due_on__lt=today, marked_overdue_on__isnull=True
    )
    reviews = list(overdue.select_related("site", "reviewer", "site__governance_officer"))
    if not reviews:
        return []
    overdue.update(marked_overdue_on=today)
    for review in reviews:
        review.marked_overdue_on = today
    # The rows are updated above in one statement; this writes their history rows in bulk.
    bulk_update_with_history(reviews, Review, [], default_change_reason=MARKED_OVERDUE)
    return reviews


# --- notices ---------------------------------------------------------------------------------


def _reviewer(review: Review):
    person = review.reviewer or review.site.governance_officer
    return person if person is not None and person.is_active else None


def _day(value: datetime.date) -> str:
    return dateformat.format(value, "j F Y")


def _notice(review: Review, recipient, kind: str, today: datetime.date) -> Notice | None:
    if recipient is None or not recipient.is_active:
        return None
    site, due = review.site, review.due_on
    subject = f"The review of {site.reference} {site.name}"
    if kind == Notice.Kind.REVIEW_OPENED:
        message = f"{subject} is due on {_day(due)}: it has been opened and assigned to you."
    elif kind == Notice.Kind.REVIEW_OVERDUE:
        message = f"{subject} was due on {_day(due)} and is overdue: complete it and submit it for approval."
    elif kind == Notice.Kind.REVIEW_ESCALATED:
        who = _reviewer(review)
        message = (f"{subject} was due on {_day(due)} and is overdue ({review.get_state_display().lower()}, "
                   f"{'with ' + str(who) if who else 'with no officer assigned'}).")
    else:
        left = (due - today).days
        message = f"{subject} is due on {_day(due)}: {left} day{'' if left == 1 else 's'} left."
    return Notice(recipient=recipient, site=site, review=review, kind=kind, message=message,
                  email_to=recipient.email or "")
