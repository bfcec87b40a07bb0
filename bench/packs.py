"""Benchmark: force-wide compliance packs for the 64 demo sites and for 640 sites.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/packs.py [--sizes 64,640]

Makes a throwaway test database (test_<name>, dropped at the end), loads the demo force
through the services (seed_demo: 64 sites with their full history), then for each size:

- builds the force-wide pack with the real service (`pack_build`: gather the records as
  at today, lay out, write the PDF/A-3b, store, hash, record the disclosure), counting
  seconds and queries;
- gathers the data again alone (`pack_data`), counting seconds and queries;
- gives WeasyPrint alone the same finished HTML the build rendered, and times it;
- prints pages, seconds, queries and the ratio build / WeasyPrint alone, so the cost of
  gathering data is visible.

640 sites are the 64 demo sites replicated nine times: every record and every row of its
history copied with new primary keys and references (STS-065 to STS-640), in bulk
(simple-history records nothing on bulk_create, so the historical rows are copied too).
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

import django  # noqa: E402

django.setup()

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


def measure(auditor) -> dict:
    pack = services.pack_request(actor=auditor, scope=Pack.Scope.FORCE, enqueue=False)
    captured = {}
    real_render = rendering.render_pack

    def keep(data, **kwargs):
        result = real_render(data, **kwargs)
        captured["html"], captured["data"] = result.html, data
        return result

    rendering.render_pack = keep
    try:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as build_queries:
            pack = services.pack_build(pack_id=pack.pk)
        build_seconds = time.perf_counter() - start
    finally:
        rendering.render_pack = real_render
    if pack.state != Pack.State.READY:
        raise SystemExit(f"The build failed: {pack.error}")

    fresh = Pack.objects.select_related("requested_by").get(pk=pack.pk)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as gather_queries:
        services.pack_data(fresh)
    gather_seconds = time.perf_counter() - start

    from anpr_governance.reports.contents import canonical_json

    start = time.perf_counter()
    rendering.render_html(captured["data"])
    template_seconds = time.perf_counter() - start

    start = time.perf_counter()
    _pdf, pages = rendering.html_to_pdf(captured["html"], attachment=canonical_json(captured["data"]))
    weasy_seconds = time.perf_counter() - start
    return {
        "sites": pack.site_count, "pages": pack.page_count, "build_s": build_seconds,
        "build_queries": len(build_queries), "gather_s": gather_seconds, "gather_queries": len(gather_queries),
        "template_s": template_seconds, "weasy_s": weasy_seconds, "ratio": build_seconds / weasy_seconds,
        "mb": pack.file_size / 1e6, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "history_rows": sum(m.history.count() for m, _ in REPLICATED),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="64,640", help="comma-separated site counts, multiples of 64")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    if any(size % DEMO_SITES for size in sizes):
        raise SystemExit("Sizes must be multiples of 64 (the demo is replicated whole).")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    media = tempfile.mkdtemp(prefix="bench-packs-")
    fast = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    try:
        with fast:
            start = time.perf_counter()
            call_command("seed_demo", password="bench-password-123", stdout=open(os.devnull, "w"))  # noqa: SIM115
            print(f"seed_demo: {time.perf_counter() - start:.1f} s  ({connection.vendor})", flush=True)
            auditor = User.objects.get(username="auditor")
            print(f"{'sites':>6} {'pages':>6} {'build s':>8} {'queries':>8} {'gather s':>9} {'queries':>8} "
                  f"{'template s':>11} {'WeasyPrint s':>13} {'build/WP':>9} {'PDF MB':>7} {'history rows':>13} "
                  f"{'peak RSS MB':>12}", flush=True)
            replicator = Replicator()
            for size in sorted(sizes):
                if size > Site.objects.count():
                    start = time.perf_counter()
                    replicator.grow_to(size)
                    print(f"(replicated to {Site.objects.count()} sites in {time.perf_counter() - start:.1f} s)",
                          flush=True)
                auditor = User.objects.get(pk=auditor.pk)
                r = measure(auditor)
                print(f"{r['sites']:>6} {r['pages']:>6} {r['build_s']:>8.1f} {r['build_queries']:>8} "
                      f"{r['gather_s']:>9.2f} {r['gather_queries']:>8} {r['template_s']:>11.2f} "
                      f"{r['weasy_s']:>13.1f} {r['ratio']:>9.2f} {r['mb']:>7.1f} {r['history_rows']:>13} "
                      f"{r['peak_rss_mb']:>12.0f}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
