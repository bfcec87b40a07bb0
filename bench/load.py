"""Load bench (issue 16, point 7): the service under 50 concurrent users for 60 s.

    createdb -h 127.0.0.1 -U postgres anpr_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anpr_load .venv/bin/python bench/load.py
    dropdb -h 127.0.0.1 -U postgres anpr_load

On a new, empty PostgreSQL database (one it built before is reused) it migrates and builds
a realistic force: the demo force (`seed_demo`: 64 sites walked through their lifecycle,
reviews, consultations), plus bench/reads.py's 64 live benchmark sites with an investigator
holding a search grant over their area, feeds, and `--reads` reads over 12 months loaded
with COPY; then the daily sweep's flag refresh. It starts gunicorn on 127.0.0.1
(bench/reads.py's Server: not DEBUG, no HTTPS redirect; bench/load_settings.py: no static
manifest) and runs locust headless (bench/locustfile.py) on loopback for `--time` seconds
with `--users` users: the dashboard, the register (all, and flagged only) and a site page
as a governance officer (one session per user), searches (purpose and reference, through
the API, with the investigator's token), a plain authenticated
`GET /api/v1/sites/<reference>/` with the same token, and ingestion of small batches with
feed tokens. It prints per endpoint: requests, throughput, p50/p95/p99 and failures
(which must be none), and the search's p95 beside that GET's. Exits 1 on any failure.
"""

import argparse
import csv
import importlib.util
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_reads", ROOT / "bench" / "reads.py")
bench_reads = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_reads)  # sets up Django as bench/reads.py does

import datetime  # noqa: E402

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from anpr_governance.accounts.models import User  # noqa: E402
from anpr_governance.reads import services as read_services  # noqa: E402
from anpr_governance.reviews import standing_flags  # noqa: E402
from anpr_governance.sites.models import Camera, Site  # noqa: E402

SEARCH = "search (API)"
PLAIN_GET = "GET /api/v1/sites/<reference>/"


def build(reads: int, rng: random.Random) -> None:
    """The force's data, once: a database already built is reused as it is."""
    bench_reads.say("Building the demo force (seed_demo) …")
    call_command("seed_demo", password="load-bench-password-1", stdout=open(os.devnull, "w"))  # noqa: SIM115
    force = bench_reads.build_force()
    bench_reads.say(f"Loading {reads:,} reads over 12 months with COPY …")
    bench_reads.load_year(reads, bench_reads.Traffic(rng, force["cameras"]), rng,
                          datetime.datetime.now(tz=datetime.UTC))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def credentials(rng: random.Random) -> dict:
    """Sessions and tokens for this run (tokens are stored hashed, so each run makes its own)."""
    officer = User.objects.get(username="officer")
    sessions = []
    for _ in range(64):  # one per simulated user: every request saves its session (idle timeout)
        session = SessionStore()
        session[SESSION_KEY] = str(officer.pk)
        session[BACKEND_SESSION_KEY] = "anpr_governance.accounts.backends.RoleBackend"
        session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    _, api_token = AuthToken.objects.create(user=User.objects.get(username="bench-investigator"))
    bench_sites = list(Site.objects.filter(reference__startswith="BCH-").order_by("reference"))
    cameras = list(Camera.objects.filter(site__in=bench_sites).order_by("pk")
                   .values_list("pk", "site_id", "identifier"))
    feeds = []
    run = secrets.token_hex(3)
    for site in bench_sites[:8]:
        _, token = read_services.feed_create(actor=None, site=site, name=f"{site.reference} load feed {run}")
        feeds.append({"token": token, "cameras": [c[2] for c in cameras if c[1] == site.pk]})
    return {
        "sessions": sessions,
        "api_token": api_token,
        "feeds": feeds,
        "sites": list(Site.objects.order_by("reference").values_list("reference", flat=True)),
        "api_sites": [site.reference for site in bench_sites],
        "vrms": bench_reads.search_vrms(500, bench_reads.Traffic(rng, cameras), rng),
        "ingest_batch": 50,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reads", type=int, default=1_000_000, help="reads over 12 months (1,000,000)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--time", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--port", type=int, default=8016)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The load bench needs PostgreSQL: set DATABASE_URL to a new, empty database.")

    rng = random.Random(16)
    call_command("migrate", verbosity=0)
    if not Site.objects.filter(reference__startswith="BCH-").exists():
        build(args.reads, rng)
    bench_reads.say(f"Flag verdicts of {standing_flags.refresh()} collecting sites written (the sweep's last step)")
    config = credentials(rng)
    work = Path(tempfile.mkdtemp(prefix="anpr-load-"))
    (work / "config.json").write_text(json.dumps(config))
    connection.close()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_settings"  # for gunicorn: no static manifest
    with bench_reads.Server(args.port, args.workers):
        bench_reads.say(f"locust: {args.users} users for {args.time} s against gunicorn ({args.workers} workers) …")
        subprocess.run(  # noqa: S603 (our own locust, loopback only)
            [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{args.time}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", str(work / "load"), "--only-summary",
             "--stop-timeout", "10", "--loglevel", "WARNING"],
            env={**os.environ, "ANPR_LOAD_CONFIG": str(work / "config.json")}, check=False,
        )
    report(work / "load_stats.csv", args)


def report(path: Path, args) -> None:
    rows = {row["Name"]: row for row in csv.DictReader(path.open())}
    print()
    print(f"{args.users} users, {args.time} s, gunicorn {args.workers} sync workers, PostgreSQL, "
          f"{args.reads:,} reads; locust on the same machine (loopback).")
    print()
    print("| Endpoint | requests | per second | p50 | p95 | p99 | failures |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failures = 0
    for name, row in rows.items():
        failures += int(row["Failure Count"]) if name != "Aggregated" else 0
        print(f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.1f} | {row['50%']} ms | "
              f"{row['95%']} ms | {row['99%']} ms | {row['Failure Count']} |")
    search, plain = float(rows[SEARCH]["95%"]), float(rows[PLAIN_GET]["95%"])
    print()
    print(f"Search p95 {search:.0f} ms against {plain:.0f} ms for the plain GET of a site: {search / plain:.2f} times "
          "(aim: within 2)")
    if failures:
        print(f"{failures} failures (see {path.parent}/load_failures.csv)")
        sys.exit(1)


if __name__ == "__main__":
    main()
