"""Time the staff pages with many sites, and count their queries.

    .venv/bin/python bench/pages.py [--sites 100 1000 5000] [--repeat 5]

Builds a throwaway test database (test_<name> for PostgreSQL, in memory for SQLite) with
the role groups from migrations, one site walked through its whole lifecycle by the real
services (so its page and history are realistic) and then batches of plain sites in every
status with cameras, then runs the sweep's flag refresh (reviews/standing_flags.py); for
each size it prints, per page, the median time of `--repeat`
requests through Django's test client (wall clock, and in brackets the CPU time of this
process), and the number of queries. On SQLite (in memory, in this process) the CPU time is
all the work a request costs and hardly moves with the machine's load, so it is the figure to
compare on a shared machine; on PostgreSQL it leaves out the server's own work. The database is dropped
at the end. DATABASE_URL picks the database engine, as for the app.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

PAGES = {
    "dashboard": "/",
    "register": "/sites/",
    "register, filtered and sorted": "/sites/?status=live&sort=review&order=desc",
    "register, flagged only": "/sites/?flagged=on",
    "CSV export (all sites)": "/sites/export.csv",
    "site page": "/sites/{ref}/",
    "site history": "/sites/{ref}/history/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        run(args)
    finally:
        teardown_databases(config, verbosity=0)


def run(args) -> None:
    from anpr_governance.accounts.models import PolicingArea, User
    from anpr_governance.accounts.roles import Role
    from anpr_governance.demo.walkthrough import Actors, advance
    from anpr_governance.reviews import standing_flags
    from anpr_governance.sites import services
    from anpr_governance.sites.lifecycle import Status
    from anpr_governance.sites.models import Camera, Site

    def user(name, role):
        person = User.objects.create_user(username=name)
        person.groups.add(Group.objects.get(name=role))
        return person

    officer, manager = user("officer", Role.GOVERNANCE_OFFICER), user("manager", Role.APPROVING_MANAGER)
    dpo = user("dpo", Role.DATA_PROTECTION_OFFICER)
    area = PolicingArea.objects.create(name="Stafford", code="stafford")
    site = services.site_create(actor=manager, reference="STS-001", name="A34 corridor", policing_area=area,
                                location_type="la_major_road", lanes=2, governance_officer=officer)
    advance(site, Status.LIVE, Actors(officer=officer, manager=manager, dpo=dpo))

    client = Client()
    client.force_login(manager)
    today = timezone.localdate()
    statuses = list(Status.values)
    made = 0
    print(f"Database: {connection.vendor}; {args.repeat} requests per page; the manager's view.")
    print()
    print(f"| Sites | {' | '.join(PAGES)} |")
    print(f"|---:|{'---:|' * len(PAGES)}")
    for size in sorted(args.sites):
        batch = [Site(reference=f"BLK-{n:05d}", name=f"Bench site {n}", policing_area=area,
                      location_type="la_major_road", status=statuses[n % len(statuses)],
                      next_review_due=today + datetime.timedelta(days=n % 400 - 60))
                 for n in range(made + 1, size)]
        Site.objects.bulk_create(batch, batch_size=1000)
        Camera.objects.bulk_create([Camera(site=s, identifier=f"{s.reference}-C1") for s in batch], batch_size=1000)
        made = size - 1
        # The daily sweep's last step, which keeps every collecting site's flag verdict
        # (sites made with bulk_create passed no hook); without it the pages judge them live.
        standing_flags.refresh()
        cells = []
        for url in PAGES.values():
            url = url.format(ref=site.reference)
            client.get(url)  # warm up
            times, cpu_times = [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start, cpu_start = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu_times.append((time.process_time() - cpu_start) * 1000)
                assert response.status_code == 200, url
            cells.append(f"{statistics.median(times):.0f} ms ({statistics.median(cpu_times):.0f} ms CPU), "
                         f"{len(queries)} q")
        print(f"| {Site.objects.count()} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
