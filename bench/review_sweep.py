"""Benchmark: the daily review sweep over 1,000, 10,000 and 100,000 camera sites.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anpr .venv/bin/python bench/review_sweep.py
    .venv/bin/python bench/review_sweep.py --sizes 1000 10000     # SQLite (a temporary file)

It creates a throwaway database (PostgreSQL: `bench_<name>`, dropped afterwards; SQLite: a
temporary file), migrates it, and for each size builds that many sites with bulk_create in
a realistic mix (mostly live, with reviews falling due over the coming year, some already
open, some overdue, some under review, ceased or decommissioned, some not yet live), 200
governance officers and 12 approving managers. Then it runs:

  * the sweep as on its first day (opening every review due within the lead time,
    reminders, marking and escalating overdue reviews): time and number of queries;
  * the sweep again the same day (must do nothing): time and queries;
  * the e-mail sender (one e-mail per recipient, locmem backend): time and queries;
  * the sweep of the next day (an ordinary day: the reviews whose lead time starts that day,
    reminders crossing 30/7/1 days, reviews newly overdue): time and queries.

Each size is built inside a transaction that is rolled back afterwards, so every size starts
from the same empty database. The figures are recorded in docs/benchmarks.md.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SEED = 20260415
OFFICERS, MANAGERS = 200, 12
# (status, share of sites)
MIX = [
    ("live", 0.72), ("under_review", 0.08), ("collection_ceased", 0.03), ("decommissioned", 0.07),
    ("approved", 0.02), ("proposed", 0.02), ("assessment", 0.02), ("privacy_review", 0.02),
    ("consultation", 0.01), ("awaiting_approval", 0.01),
]


def create_database():
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    old_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return old_name


def people():
    from anpr_governance.accounts.models import User
    from anpr_governance.accounts.roles import Role

    officers = User.objects.bulk_create(
        [User(username=f"officer{n}", email=f"officer{n}@police.example") for n in range(OFFICERS)]
    )
    managers = User.objects.bulk_create(
        [User(username=f"manager{n}", email=f"manager{n}@police.example") for n in range(MANAGERS)]
    )
    membership = User.groups.through
    officer_role, manager_role = (Group.objects.get(name=role) for role in (Role.GOVERNANCE_OFFICER,
                                                                             Role.APPROVING_MANAGER))
    membership.objects.bulk_create([membership(user=u, group=officer_role) for u in officers]
                                   + [membership(user=u, group=manager_role) for u in managers])
    return officers, managers


def build(count: int, areas, officers, today: datetime.date) -> dict:
    """`count` sites in the mix, with their open and past reviews and some notices already sent."""
    from anpr_governance.reviews.models import Notice, Review
    from anpr_governance.sites.models import Site

    rng = random.Random(SEED)
    statuses = rng.choices([s for s, _ in MIX], weights=[w for _, w in MIX], k=count)
    sites = []
    for n, status in enumerate(statuses):
        due = None
        if status in ("live", "under_review"):
            due = today + datetime.timedelta(days=rng.randint(-60, 365))
            if status == "live" and rng.random() < 0.005:
                due = None  # imported without a date: the sweep computes it
        sites.append(Site(
            reference=f"BEN-{n:06d}"[:20], name=f"Benchmark site {n}", policing_area=areas[n % len(areas)],
            location_type="la_major_road", status=status, governance_officer=officers[n % len(officers)],
            next_review_due=due, approved_at=timezone.now() - datetime.timedelta(days=400),
        ))
    sites = Site.objects.bulk_create(sites, batch_size=5000)
    reviews, done = [], []
    for site in sites:
        due = site.next_review_due
        if site.status == "under_review":
            reviews.append(Review(site=site, due_on=due, reviewer=site.governance_officer, state="in_progress"))
        elif site.status == "live" and due is not None and due <= today + datetime.timedelta(days=60) \
                and rng.random() < 0.5:  # opened by an earlier sweep (or a manager)
            reviews.append(Review(site=site, due_on=due, reviewer=site.governance_officer))
        if site.status in ("live", "under_review", "collection_ceased", "decommissioned") and rng.random() < 0.6:
            completed = today - datetime.timedelta(days=rng.randint(30, 700))
            done.append(Review(site=site, due_on=completed, reviewer=site.governance_officer, state="approved",
                               outcome="continue", policing_challenge_continues=True, completed_on=completed))
    Review.objects.bulk_create(reviews + done, batch_size=5000)
    # Earlier sweeps already sent the "opened" notices for half of the open reviews.
    notices = [Notice(recipient=r.reviewer, site=r.site, review=r, kind="review_opened", message="Opened.")
               for r in reviews[::2]]
    Notice.objects.bulk_create(notices, batch_size=5000)
    return {"open_reviews": len(reviews), "past_reviews": len(done)}


def measure(fn):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    from anpr_governance.accounts.models import PolicingArea
    from anpr_governance.reviews.notices import notice_emails_send
    from anpr_governance.reviews.sweep import review_sweep

    old_name = create_database()
    vendor = f"{connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info))}" \
        if connection.vendor == "sqlite" else f"{connection.vendor} {connection.pg_version // 10000}"
    print(f"Review sweep benchmark on {vendor}; lead {settings.ANPR_REVIEW_LEAD_DAYS} days, "
          f"reminders {settings.ANPR_REVIEW_REMINDER_DAYS}, {OFFICERS} officers, {MANAGERS} managers")
    print(f"{'sites':>8} | {'1st sweep':>9} {'queries':>7} {'opened':>7} {'remind':>7} {'overdue':>7} {'notices':>8}"
          f" | {'2nd sweep':>9} {'queries':>7} {'notices':>7} | {'e-mail':>7} {'queries':>7} {'sent':>5}"
          f" | {'next day':>8} {'queries':>7} {'notices':>7}")
    try:
        for size in args.sizes:
            with transaction.atomic():
                areas = PolicingArea.objects.bulk_create(
                    [PolicingArea(name=f"Area {n}", code=f"area-{n}") for n in range(9)])
                officers, _ = people()
                today = timezone.localdate()
                build(size, areas, officers, today)
                mail.outbox = []
                first, t1, q1 = measure(review_sweep)
                second, t2, q2 = measure(review_sweep)
                sent, t3, q3 = measure(notice_emails_send)
                tomorrow = today + datetime.timedelta(days=1)
                third, t4, q4 = measure(lambda day=tomorrow: review_sweep(today=day))
                print(f"{size:>8,} | {t1:>8.2f}s {q1:>7} {first.reviews_opened:>7,} {first.reminders:>7,} "
                      f"{first.marked_overdue:>7,} {first.notices:>8,} | {t2:>8.2f}s {q2:>7} {second.notices:>7} "
                      f"| {t3:>6.2f}s {q3:>7} {sent:>5} | {t4:>7.2f}s {q4:>7} {third.notices:>7,}", flush=True)
                transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
