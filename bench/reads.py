"""Benchmark of the read store on PostgreSQL (issue 5, point 8).

Builds a year of reads (default 10,000,000 over 12 months at 64 sites with 109 cameras),
loaded with COPY, then measures:

1. ingestion through the HTTP endpoint (a real gunicorn server on 127.0.0.1, batches of
   10,000 reads) in reads/s, against a raw COPY of the same rows into the same table in
   the same run (the COPY is rolled back so that the HTTP requests store them);
2. search latency, median and 95th percentile, for one VRM over the last 90 days: through
   the search service (checks, query, access-log write, commit), through the HTTP API,
   and the bare indexed SELECT alone;
3. retention of one month: the retention service dropping the month's partition, against
   a DELETE of the same rows (rolled back).

Usage, on a new empty database that the script migrates and fills (drop it afterwards):

    createdb -h 127.0.0.1 -U postgres bench5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench5 .venv/bin/python bench/reads.py [READS]
    dropdb -h 127.0.0.1 -U postgres bench5

READS defaults to 10,000,000. See --help for the other knobs. Not part of the test suite.
"""

import argparse
import bisect
import datetime
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")
# The WSGI entry point refuses the public development key; the benchmark's server is not DEBUG.
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "k" * 48)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from anpr_governance.accounts.models import PolicingArea, User  # noqa: E402
from anpr_governance.accounts.roles import Role  # noqa: E402
from anpr_governance.audit.chain import verify_chain  # noqa: E402
from anpr_governance.reads import services, store  # noqa: E402
from anpr_governance.sites.models import Camera, Site  # noqa: E402

SITES = 64
CAMERAS = 109  # the founding force's 64 sites cover 109 lanes
BATCH = 10_000
REGULARS = 50_000  # vehicles using the roads most days
OCCASIONAL = 2_000_000  # vehicles seen a few times a year
REGULAR_SHARE = 0.3
TARGET = "BN51TGT"  # a commuter seen about twice a day
UTC = datetime.UTC
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def say(message: str) -> None:
    print(message, flush=True)


def vrm_of(number: int) -> str:
    """A UK-style mark (two letters, two digits, three letters) for each vehicle number."""
    n, letters = number, []
    for _ in range(5):
        n, r = divmod(n, len(LETTERS))
        letters.append(LETTERS[r])
    n, digits = divmod(n, 100)
    return f"{letters[0]}{letters[1]}{digits:02d}{letters[2]}{letters[3]}{letters[4]}"


class Traffic:
    """Who passes which camera: a weighted choice of cameras, a mix of regular and occasional vehicles."""

    def __init__(self, rng: random.Random, cameras: list[tuple[int, int, str]]):
        self.rng = rng
        self.cameras = cameras  # (camera_id, site_id, identifier)
        weights = [1 + (site_id % 5) for _, site_id, _ in cameras]  # some sites are much busier
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for w in weights:
            running += w / total
            self.cumulative.append(running)
        self.regular = [vrm_of(n) for n in range(REGULARS)]

    def camera(self):
        return self.cameras[min(bisect.bisect(self.cumulative, self.rng.random()), len(self.cameras) - 1)]

    def vrm(self) -> str:
        if self.rng.random() < REGULAR_SHARE:
            return self.regular[int(self.rng.random() * REGULARS)]
        return vrm_of(REGULARS + int(self.rng.random() * OCCASIONAL))


def copy_text(rows) -> str:
    return "".join(f"{v}\t{t.isoformat()}\t{c}\t{s}\t{conf}\n" for v, t, c, s, conf in rows)


def raw_connection():
    connection.ensure_connection()
    return connection.connection


# --- building ----------------------------------------------------------------------------------


def build_force() -> dict:
    area = PolicingArea.objects.create(name="Benchmark area", code="bench")
    sites = Site.objects.bulk_create([
        Site(reference=f"BCH-{n:03d}", name=f"Benchmark site {n}", policing_area=area, location_type="la_major_road",
             status="live", lanes=2 if n <= CAMERAS - SITES else 1)
        for n in range(1, SITES + 1)
    ])
    Camera.objects.bulk_create([
        Camera(site=site, identifier=f"{site.reference}-C{lane}", lane=lane)
        for site in sites for lane in range(1, site.lanes + 1)
    ])
    investigator = User.objects.create_user("bench-investigator", password="bench-password-123")
    investigator.groups.add(Group.objects.get(name=Role.INVESTIGATOR))
    # Two people, as the service requires: an administrator proposes, an authorising officer approves.
    proposer = User.objects.create_user("bench-sysadmin", password="bench-password-123")
    proposer.groups.add(Group.objects.get(name=Role.SYSTEM_ADMINISTRATOR))
    approver = User.objects.create_user("bench-authoriser", password="bench-password-123")
    approver.groups.add(Group.objects.get(name=Role.AUTHORISING_OFFICER))
    proposal = services.search_grant_propose(actor=proposer, user=investigator, area=area)
    services.search_grant_decide(actor=approver, grant=proposal, decision="approve")
    _, token = AuthToken.objects.create(user=investigator)
    feeds = []
    for site in sites[:8]:
        feed, feed_token = services.feed_create(actor=None, site=site, name=f"{site.reference} bench feed")
        feeds.append((feed, feed_token))
    cameras = list(Camera.objects.order_by("pk").values_list("pk", "site_id", "identifier"))
    return {"investigator": investigator, "api_token": token, "feeds": feeds, "cameras": cameras, "sites": sites}


def load_year(total: int, traffic: Traffic, rng: random.Random, now: datetime.datetime) -> tuple[int, float]:
    """COPY `total` reads spread over the last 365 days, day by day in time order; return how many and seconds."""
    target_cameras = traffic.cameras[:3]
    start = now - datetime.timedelta(days=365) + datetime.timedelta(hours=1)
    per_day, extra = divmod(total, 365)
    raw = raw_connection()
    elapsed = 0.0
    loaded = 0
    for day in range(365):
        count = per_day + (1 if day < extra else 0)
        day_start = start + datetime.timedelta(days=day)
        offsets = sorted(rng.random() * 86_400 for _ in range(count))
        rows = []
        seen = set()
        for offset in offsets:
            camera_id, site_id, _ = traffic.camera()
            vrm = traffic.vrm()
            at = day_start + datetime.timedelta(seconds=offset)
            if (vrm, at, camera_id) in seen:
                continue
            seen.add((vrm, at, camera_id))
            rows.append((vrm, at.astimezone(UTC), camera_id, site_id, round(0.8 + rng.random() * 0.2, 2)))
        for hour in (8, 18):  # the commuter, twice a day
            camera_id, site_id, _ = target_cameras[day % 3]
            rows.append((TARGET, (day_start + datetime.timedelta(hours=hour, seconds=day)).astimezone(UTC),
                         camera_id, site_id, 0.95))
        text = copy_text(rows)
        began = time.perf_counter()
        with raw.cursor() as cursor, cursor.copy(
            "COPY reads_read (vrm, read_at, camera_id, site_id, confidence) FROM STDIN"
        ) as copy:
            copy.write(text)
        elapsed += time.perf_counter() - began
        loaded += len(rows)
        if day % 30 == 29:
            say(f"  loaded {loaded:,} reads ({day + 1} days), COPY {loaded / elapsed:,.0f} reads/s")
    return loaded, elapsed


# --- measuring --------------------------------------------------------------------------------------


def fresh_batches(count: int, traffic: Traffic, rng: random.Random, feeds, now: datetime.datetime):
    """`count` batches of new reads from the last hour, each for one feed's site: (feed token, reads, rows)."""
    batches = []
    for index in range(count):
        feed, token = feeds[index % len(feeds)]
        site_cameras = [c for c in traffic.cameras if c[1] == feed.site_id]
        reads, rows = [], []
        for n in range(BATCH):
            camera_id, site_id, identifier = site_cameras[n % len(site_cameras)]
            at = now - datetime.timedelta(seconds=rng.random() * 3600)
            vrm = traffic.vrm()
            reads.append({"camera": identifier, "vrm": vrm, "read_at": at.isoformat(), "confidence": 0.93})
            rows.append((vrm, at.astimezone(UTC), camera_id, site_id, 0.93))
        batches.append((token, json.dumps({"reads": reads}).encode(), rows))
    return batches


def raw_copy_seconds(batches) -> float:
    """COPY every batch's rows into reads_read in one transaction, timed, then roll it back."""
    raw = raw_connection()
    texts = [copy_text(rows) for _, _, rows in batches]
    raw.autocommit = False
    try:
        began = time.perf_counter()
        for text in texts:
            with raw.cursor() as cursor, cursor.copy(
                "COPY reads_read (vrm, read_at, camera_id, site_id, confidence) FROM STDIN"
            ) as copy:
                copy.write(text)
        elapsed = time.perf_counter() - began
    finally:
        raw.rollback()
        raw.autocommit = True
    return elapsed


class Server:
    def __init__(self, port: int, workers: int):
        self.port, self.workers = port, workers
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def __enter__(self):
        env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
               "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
               "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60")}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "anpr_governance.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "300", "--chdir", str(ROOT)],
            env=env, stdout=self.log, stderr=self.log,
        )
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz/")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def post(port: int, path: str, body: bytes, authorization: str) -> tuple[int, dict, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    began = time.perf_counter()
    conn.request("POST", path, body=body, headers={"Content-Type": "application/json", "Authorization": authorization,
                                                   "Host": "127.0.0.1"})
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    elapsed = time.perf_counter() - began
    conn.close()
    return response.status, data, elapsed


def http_ingest(port: int, batches, clients: int) -> tuple[float, list[float], int]:
    queue = list(range(len(batches)))
    lock = threading.Lock()
    latencies, accepted, problems = [], [0], []

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                index = queue.pop(0)
            token, body, rows = batches[index]
            status, data, elapsed = post(port, "/api/v1/reads/ingest/", body, f"Bearer {token}")
            with lock:
                latencies.append(elapsed)
                if status != 200 or data["accepted"] + data["duplicates"] + len(data["rejected"]) != len(rows):
                    problems.append((status, str(data)[:300]))
                accepted[0] += data.get("accepted", 0)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if problems:
        raise RuntimeError(f"ingestion failed: {problems[:3]}")
    return wall, latencies, accepted[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def search_vrms(count: int, traffic: Traffic, rng: random.Random) -> list[str]:
    """What investigators look for: a mix of regular vehicles, occasional ones and the commuter."""
    picks = []
    for n in range(count):
        if n % 5 == 0:
            picks.append(TARGET)
        elif n % 5 in (1, 2):
            picks.append(traffic.regular[rng.randrange(REGULARS)])
        else:
            picks.append(vrm_of(REGULARS + rng.randrange(OCCASIONAL)))
    return picks


def bare_select(vrm, start, end, site_ids) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT site_id, camera_id, read_at FROM reads_read WHERE vrm = %s AND read_at >= %s AND read_at <= %s "
            "AND site_id = ANY(%s) ORDER BY read_at, camera_id",
            [vrm, start, end, site_ids],
        )
        return len(cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reads", nargs="?", type=int, default=10_000_000, help="reads over 12 months (10,000,000)")
    parser.add_argument("--batches", type=int, default=30, help="HTTP ingestion batches of 10,000 (30)")
    parser.add_argument("--searches", type=int, default=200, help="searches timed per way (200)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients for ingestion (2)")
    parser.add_argument("--port", type=int, default=8015)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL to a new, empty database.")
    rng = random.Random(args.seed)
    results: dict[str, str] = {}
    now = datetime.datetime.now(tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    say(f"PostgreSQL {pg_version}, {os.cpu_count()} CPUs, Python {platform.python_version()}")

    say("Migrating …")
    call_command("migrate", verbosity=0)
    if Site.objects.exists():
        sys.exit("The database is not empty: give the benchmark a new database.")
    force = build_force()
    traffic = Traffic(rng, force["cameras"])
    site_ids = [site.pk for site in force["sites"]]

    say(f"Loading {args.reads:,} reads over 12 months with COPY …")
    loaded, copy_seconds = load_year(args.reads, traffic, rng, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reads_read")
        cursor.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits "
                       "WHERE inhparent = 'reads_read'::regclass")
        size = cursor.fetchone()[0]
    results["Reads stored"] = f"{loaded:,} over 12 months, {SITES} sites, {CAMERAS} cameras ({size} with indexes)"
    results["Initial load (COPY)"] = f"{loaded / copy_seconds:,.0f} reads/s"
    say(f"  {loaded:,} reads in {copy_seconds:.0f} s of COPY; {size}")

    say(f"Ingestion: {args.batches} batches of {BATCH:,} through HTTP vs COPY of the same rows …")
    batches = fresh_batches(args.batches, traffic, rng, force["feeds"], now)
    total = args.batches * BATCH
    copy_same = raw_copy_seconds(batches)
    with Server(args.port, args.workers):
        wall, latencies, accepted = http_ingest(args.port, batches, args.clients)
        if accepted != total:
            raise RuntimeError(f"{accepted} of {total} reads accepted")
        # Resending a batch stores nothing twice.
        status, again, _ = post(args.port, "/api/v1/reads/ingest/", batches[0][1], f"Bearer {batches[0][0]}")
        assert status == 200 and again["duplicates"] == BATCH, again

        say(f"Search latency over 90 days, {args.searches} searches per way …")
        # The last 90 days (less a few minutes, so that the window is still within it when searched).
        end = datetime.datetime.now(tz=UTC)
        start = end - datetime.timedelta(days=90) + datetime.timedelta(minutes=10)
        vrms = search_vrms(args.searches, traffic, rng)
        for vrm in vrms[:20]:  # warm up
            bare_select(vrm, start, end, site_ids)
        http_times, found = [], []
        body_for = {
            vrm: json.dumps({"vrm": vrm, "from": start.isoformat(), "to": end.isoformat(),
                             "purpose": "serious_organised_crime", "reference": "CRI/12345/25"}).encode()
            for vrm in set(vrms)
        }
        for vrm in vrms:
            status, data, elapsed = post(args.port, "/api/v1/reads/searches/", body_for[vrm],
                                         f"Token {force['api_token']}")
            assert status == 201, data
            http_times.append(elapsed)
    http_rate = accepted / wall
    copy_rate = total / copy_same
    results["Ingestion through HTTP"] = (
        f"{http_rate:,.0f} reads/s ({args.batches} requests of {BATCH:,}, {args.clients} clients, "
        f"{args.workers} gunicorn workers; request median {ms(statistics.median(latencies))})"
    )
    results["COPY of the same rows"] = f"{copy_rate:,.0f} reads/s"
    results["HTTP ingestion / COPY"] = f"{http_rate / copy_rate:.2f}"
    say(f"  HTTP {http_rate:,.0f} reads/s, COPY {copy_rate:,.0f} reads/s")

    service_times, bare_times = [], []
    investigator = force["investigator"]
    for vrm in vrms:
        began = time.perf_counter()
        result = services.read_search(actor=investigator, vrm=vrm, date_from=start, date_to=end,
                                      purpose="serious_organised_crime", reference="CRI/12345/25")
        service_times.append(time.perf_counter() - began)
        found.append(len(result.results))
        began = time.perf_counter()
        bare_select(vrm, start, end, site_ids)
        bare_times.append(time.perf_counter() - began)
    target_hits = found[0]
    results["Search, service incl. log write"] = (
        f"median {ms(statistics.median(service_times))}, p95 {ms(percentile(service_times, 0.95))}"
    )
    results["Search, HTTP API incl. log write"] = (
        f"median {ms(statistics.median(http_times))}, p95 {ms(percentile(http_times, 0.95))}"
    )
    results["Search, bare indexed SELECT"] = (
        f"median {ms(statistics.median(bare_times))}, p95 {ms(percentile(bare_times, 0.95))}"
    )
    ratio = percentile(service_times, 0.95) / percentile(bare_times, 0.95)
    results["Search service / bare SELECT (p95)"] = f"{ratio:.1f}"
    results["Reads found per search"] = (
        f"mean {statistics.mean(found):.1f}, max {max(found)} (the commuter {TARGET}: {target_hits})"
    )

    say("Retention of one month: DROP of its partition vs DELETE of the same rows …")
    months = store.partitions()
    first_full = store.next_month(*store.month_of(now - datetime.timedelta(days=365)))
    m_start, m_end = store.month_start(*first_full), store.month_start(*store.next_month(*first_full))
    days = settings.ANPR_RETENTION_DAYS
    # Erase what lies before the month first (the partial oldest month), untimed.
    services.reads_apply_retention(now=m_start + datetime.timedelta(days=days))
    raw = raw_connection()
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            began = time.perf_counter()
            cursor.execute("DELETE FROM reads_read WHERE read_at >= %s AND read_at < %s", [m_start, m_end])
            deleted = cursor.rowcount
            delete_seconds = time.perf_counter() - began
    finally:
        raw.rollback()
        raw.autocommit = True
    began = time.perf_counter()
    entry = services.reads_apply_retention(now=m_end + datetime.timedelta(days=days))
    drop_seconds = time.perf_counter() - began
    assert entry.result_count == deleted, (entry.result_count, deleted)
    assert entry.details["partitions_dropped"] == [store.partition_name(*first_full)], entry.details
    next_month = store.next_month(*first_full)
    with raw.cursor() as cursor:
        began = time.perf_counter()
        cursor.execute(f"DROP TABLE {store.partition_name(*next_month)}")
        bare_drop = time.perf_counter() - began
    results["Retention, one month"] = (
        f"{deleted:,} reads: retention service {drop_seconds:.2f} s (count per site, DROP, log) vs DELETE "
        f"{delete_seconds:.2f} s ({delete_seconds / drop_seconds:.0f}×); bare DROP of the next month {ms(bare_drop)}"
    )
    say(f"  {months[0]}…: service {drop_seconds:.2f} s, DELETE {delete_seconds:.2f} s")

    began = time.perf_counter()
    verified = verify_chain()
    results["Access log"] = (
        f"{verified.entries:,} entries verified in {time.perf_counter() - began:.2f} s: "
        f"{'intact' if verified.intact else verified.problem}"
    )

    say("")
    say(f"Results ({now:%Y-%m-%d}, PostgreSQL {pg_version}, {os.cpu_count()} CPUs shared):")
    say("")
    say("| Measure | Result |")
    say("|---|---|")
    for name, value in results.items():
        say(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
