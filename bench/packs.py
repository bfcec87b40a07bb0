"""Benchmark: force-wide compliance packs for the 64 demo sites and for 640 sites.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/packs.py \
        [--sizes 64,640] [--workers 2,1,4] [--skip single,weasyprint] [--verbose]

Makes a throwaway test database (test_<name>, dropped at the end; PostgreSQL, since other
processes must see it), loads the demo force through the services (seed_demo: 64 sites with
their full history), then for each size, each measurement in fresh processes so that each
process's peak resident memory (ru_maxrss) is its own:

- the pack in parts with 1, 2 and 4 worker processes (a pool of spawned processes running
  the very functions the Celery tasks run: reports.parts.start, lay_out_part for every part,
  assemble), wall-clock seconds from request to stored PDF, pages, the peak memory of the
  largest process and how many parts each process laid out;
- the single-document build (`pack_build(one_document=True)`, the build before parts) in
  one process: seconds, pages, peak memory;
- WeasyPrint alone on the same finished HTML the single-document build rendered;
- gathering the data alone (`pack_data`) in this process: seconds and queries.

Beside each wall-clock time it prints CPU seconds, which other work on a shared machine hardly
moves: for a build in parts, the CPU of the critical path (preparing the parts, the laying out
done by the busiest process, and the assembly), which is what the wall clock would be on a
quiet machine with a core for each process; for the others, the CPU of the one process.

640 sites are the 64 demo sites replicated nine times: every record and every row of its
history copied with new primary keys and references (STS-065 to STS-640), in bulk
(simple-history records nothing on bulk_create, so the historical rows are copied too).
"""

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from anpr_governance.accounts.models import User  # noqa: E402
from anpr_governance.assessments.models import Assessment, PrivacyImpactAssessment, Risk  # noqa: E402
from anpr_governance.consultations.models import (  # noqa: E402
    Consultation,
    ConsultationExemption,
    ConsultationResponse,
    Consultee,
)
from anpr_governance.reports import rendering, services  # noqa: E402
from anpr_governance.reports.models import Pack  # noqa: E402
from anpr_governance.reviews.models import DecommissionChecklist, Review  # noqa: E402
from anpr_governance.sites.models import Camera, Site  # noqa: E402

DEMO_SITES = 64

# Every governance model of a site, parents first, with the foreign keys that point at
# another replicated model (attname → model).
REPLICATED = [
    (Site, {}),
    (Camera, {"site_id": Site}),
    (Assessment, {"site_id": Site}),
    (PrivacyImpactAssessment, {"site_id": Site}),
    (Risk, {"dpia_id": PrivacyImpactAssessment}),
    (Consultation, {"site_id": Site}),
    (Consultee, {"consultation_id": Consultation}),
    (ConsultationResponse, {"consultation_id": Consultation, "consultee_id": Consultee}),
    (ConsultationExemption, {"site_id": Site}),
    (Review, {"site_id": Site}),
    (DecommissionChecklist, {"site_id": Site}),
]


class Replicator:
    """Copies of the demo's 64 sites: copy k gets ids shifted by k spans and STS-(n + 64k)."""

    def __init__(self):
        self.spans = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
                      for model, _ in REPLICATED}
        self.references = dict(Site.objects.values_list("pk", "reference"))
        self.made = 0

    def grow_to(self, sites: int) -> None:
        wanted = sites // DEMO_SITES - 1
        if wanted > self.made:
            replicate(self, range(self.made + 1, wanted + 1))
            self.made = wanted


def replicate(rep: Replicator, copies: range) -> None:
    spans, references = rep.spans, rep.references
    number = {pk: int(ref.split("-")[1]) for pk, ref in references.items()}

    def new_reference(site_id: int, k: int) -> str:
        return f"STS-{number[site_id] + DEMO_SITES * k:03d}"

    def remap(model, fks, row: dict, k: int) -> dict:
        row = dict(row)
        old_site = row["id"] if model is Site else row.get("site_id")
        row["id"] += k * spans[model]
        for attname, target in fks.items():
            if row.get(attname) is not None:
                row[attname] += k * spans[target]
        if model is Site:
            row["reference"] = new_reference(old_site, k)
        elif model is Camera:
            row["identifier"] = row["identifier"].replace(references[old_site], new_reference(old_site, k), 1)
        elif model is PrivacyImpactAssessment and row.get("cameras_at_approval"):
            old_ref, new_ref = references[old_site], new_reference(old_site, k)
            row["cameras_at_approval"] = [c.replace(old_ref, new_ref, 1) for c in row["cameras_at_approval"]]
        return row

    with transaction.atomic():
        for model, fks in REPLICATED:
            rows = list(model.objects.filter(pk__lt=spans[model]).values())  # the demo's own records
            history_model = model.history.model
            history = list(history_model.objects.filter(id__lt=spans[model]).values())
            for row in history:
                row.pop("history_id")
            for k in copies:
                model.objects.bulk_create([model(**remap(model, fks, row, k)) for row in rows], batch_size=500)
                history_model.objects.bulk_create(
                    [history_model(**remap(model, fks, row, k)) for row in history], batch_size=500
                )
        with connection.cursor() as cursor:  # explicit ids were inserted: move the sequences on
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in REPLICATED]):
                cursor.execute(sql)



# --- work done in the pool's processes (spawned: each process's ru_maxrss is its own) ----------


def _peak_mb(_job=None) -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_init(db_name: str, media: str) -> None:
    from django.conf import settings
    from django.db import connections

    settings.DATABASES["default"]["NAME"] = db_name
    connections["default"].settings_dict["NAME"] = db_name
    settings.MEDIA_ROOT = media
    connections.close_all()


def _cpu() -> float:
    """CPU seconds this process has used (user and system): unlike the wall clock, hardly
    moved by other work on the machine."""
    return time.process_time()


def _child_start(pack_id: int):
    from anpr_governance.reports import parts

    cpu = _cpu()
    return parts.start(pack_id=pack_id), os.getpid(), _peak_mb(), _cpu() - cpu


def _child_part(job: tuple[int, int]):
    from anpr_governance.reports import parts

    pack_id, index = job
    cpu = _cpu()
    parts.lay_out_part(pack_id=pack_id, index=index)
    return index, os.getpid(), _peak_mb(), _cpu() - cpu


def _child_assemble(pack_id: int):
    from anpr_governance.reports import parts

    cpu = _cpu()
    pack = parts.assemble(pack_id=pack_id)
    return pack.state, pack.error, os.getpid(), _peak_mb(), _cpu() - cpu


def _child_single(pack_id: int, keep: str):
    """The single-document build; keeps its HTML and attachment for WeasyPrint alone."""
    from anpr_governance.reports.contents import canonical_json

    real_render = rendering.render_pack

    def keeping(data, **kwargs):
        result = real_render(data, **kwargs)
        Path(keep, "pack.html").write_text(result.html)
        Path(keep, "pack-data.json").write_bytes(canonical_json(data))
        return result

    rendering.render_pack = keeping
    start, cpu = time.perf_counter(), _cpu()
    connection.queries_log.clear()  # a full log (9,000 queries) would count none
    with CaptureQueriesContext(connection) as queries:
        pack = services.pack_build(pack_id=pack_id, one_document=True)
    seconds = time.perf_counter() - start
    return (pack.state, pack.error, pack.page_count, seconds, len(queries), pack.file_size, _peak_mb(),
            _cpu() - cpu)


def _child_weasyprint(keep: str):
    html = Path(keep, "pack.html").read_text()
    attachment = Path(keep, "pack-data.json").read_bytes()
    start, cpu = time.perf_counter(), _cpu()
    _pdf, pages = rendering.html_to_pdf(html, attachment=attachment)
    return pages, time.perf_counter() - start, _peak_mb(), _cpu() - cpu


# --- the measurements ---------------------------------------------------------------------------


def _pool(workers: int, media: str) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_child_init, initargs=(connection.settings_dict["NAME"], media))


def parts_build(auditor, workers: int, media: str, verbose: bool) -> dict:
    pack = services.pack_request(actor=auditor, scope=Pack.Scope.FORCE, enqueue=False)
    with _pool(workers, media) as pool:
        list(pool.map(_peak_mb, range(workers)))  # the processes started and Django set up: not timed
        start = time.perf_counter()
        indices, pid, peak, cpu = pool.submit(_child_start, pack.pk).result()
        peaks, laid_out, part_cpu, path_cpu = {pid: peak}, {}, {}, cpu
        print(f"        (prepared {len(indices)} parts in {time.perf_counter() - start:.1f} s, peak {peak:.0f} MB)",
              flush=True)
        jobs = [pool.submit(_child_part, (pack.pk, i)) for i in indices]
        for job in as_completed(jobs):
            index, pid, peak, cpu = job.result()
            peaks[pid] = max(peaks.get(pid, 0), peak)
            laid_out[pid] = laid_out.get(pid, 0) + 1
            part_cpu[pid] = part_cpu.get(pid, 0) + cpu
            if verbose:  # what has finished is known even if the run is stopped
                print(f"        (part {index} laid out by process {pid} at {time.perf_counter() - start:.1f} s; "
                      f"{sum(laid_out.values())} of {len(indices)} parts; peak of that process {peak:.0f} MB)",
                      flush=True)
        assembling = time.perf_counter()
        state, error, pid, peak, cpu = pool.submit(_child_assemble, pack.pk).result()
        path_cpu += max(part_cpu.values()) + cpu
        if verbose:
            print(f"        (assembled in {time.perf_counter() - assembling:.1f} s, peak {peak:.0f} MB)",
                  flush=True)
        seconds = time.perf_counter() - start
        peaks[pid] = max(peaks.get(pid, 0), peak)
    if state != Pack.State.READY:
        raise SystemExit(f"The build in parts failed: {error}")
    pack.refresh_from_db()
    return {"seconds": seconds, "pages": pack.page_count, "parts": len(indices), "peak": max(peaks.values()),
            "mb": pack.file_size / 1e6, "spread": sorted(laid_out.values(), reverse=True), "cpu": path_cpu}


def single_build(auditor, media: str, keep: str) -> dict:
    pack = services.pack_request(actor=auditor, scope=Pack.Scope.FORCE, enqueue=False)
    with _pool(1, media) as pool:
        state, error, pages, seconds, queries, size, peak, cpu = pool.submit(_child_single, pack.pk, keep).result()
    if state != Pack.State.READY:
        raise SystemExit(f"The single-document build failed: {error}")
    return {"seconds": seconds, "pages": pages, "queries": queries, "peak": peak, "mb": size / 1e6, "cpu": cpu}


def weasyprint_alone(media: str, keep: str) -> dict:
    with _pool(1, media) as pool:
        pages, seconds, peak, cpu = pool.submit(_child_weasyprint, keep).result()
    return {"seconds": seconds, "pages": pages, "peak": peak, "cpu": cpu}


def gathering(auditor) -> dict:
    pack = services.pack_request(actor=auditor, scope=Pack.Scope.FORCE, enqueue=False)
    pack = Pack.objects.select_related("requested_by").get(pk=pack.pk)
    start = time.perf_counter()
    connection.queries_log.clear()  # a full log (9,000 queries) would count none
    with CaptureQueriesContext(connection) as queries:
        services.pack_data(pack)
    return {"seconds": time.perf_counter() - start, "queries": len(queries)}


def line(size: int, what: str, r: dict) -> None:
    extra = ""
    if "spread" in r:
        extra = f"  {r['parts']} parts, laid out per process: {r['spread']}"
    if "queries" in r and "pages" not in r:
        print(f"{size:>6}  {what:<28} {r['seconds']:>8.2f} s  {r['queries']} queries", flush=True)
        return
    if "queries" in r:
        extra = f"  {r['queries']} queries"
    mb = f"{r['mb']:>6.1f} MB PDF" if "mb" in r else " " * 13
    print(f"{size:>6}  {what:<28} {r['pages']:>6} pages {r['seconds']:>8.1f} s  {r['cpu']:>7.1f} s CPU  "
          f"peak {r['peak']:>6.0f} MB/process"
          f"  {mb}{extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="64,640", help="comma-separated site counts, multiples of 64")
    parser.add_argument("--workers", default="2,1,4", help="worker processes for the builds in parts, in order")
    parser.add_argument("--verbose", action="store_true", help="a line for every part as it is laid out")
    parser.add_argument("--skip", default="", help="comma-separated: single, weasyprint (to save time)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",") if w]
    skip = set(args.skip.split(","))
    if any(size % DEMO_SITES for size in sizes):
        raise SystemExit("Sizes must be multiples of 64 (the demo is replicated whole).")
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: the worker processes share it.")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    media = tempfile.mkdtemp(prefix="bench-packs-")
    fast = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    try:
        with fast:
            start = time.perf_counter()
            call_command("seed_demo", password="bench-password-123", stdout=open(os.devnull, "w"))  # noqa: SIM115
            print(f"seed_demo: {time.perf_counter() - start:.1f} s  ({connection.vendor}, "
                  f"{os.cpu_count()} CPUs, ANPR_PACK_SITES_PER_PART={settings.ANPR_PACK_SITES_PER_PART})", flush=True)
            auditor = User.objects.get(username="auditor")
            replicator = Replicator()
            for size in sorted(sizes):
                if size > Site.objects.count():
                    start = time.perf_counter()
                    replicator.grow_to(size)
                    print(f"(replicated to {Site.objects.count()} sites in {time.perf_counter() - start:.1f} s)",
                          flush=True)
                auditor = User.objects.get(pk=auditor.pk)
                line(size, "gathering the data alone", gathering(auditor))
                for n in workers:
                    line(size, f"in parts, {n} worker process{'es' if n > 1 else ''}",
                         parts_build(auditor, n, media, args.verbose))
                keep = tempfile.mkdtemp(prefix="bench-packs-html-")
                try:
                    if "single" not in skip:
                        line(size, "single document", single_build(auditor, media, keep))
                        if "weasyprint" not in skip:
                            line(size, "WeasyPrint alone, same HTML", weasyprint_alone(media, keep))
                finally:
                    shutil.rmtree(keep, ignore_errors=True)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
