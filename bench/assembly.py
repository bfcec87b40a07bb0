"""Benchmark: the memory of a pack's assembly (reports.assembly) as the pack grows.

    .venv/bin/python bench/assembly.py [--repeat 1,10,20] [--keep DIR]

The assembly is the one step of a pack in parts that no number of workers shares, and it
reads every page. This lays out the demo force's pack (64 sites) in parts once, in a throwaway
SQLite database, keeping what the assembly is given (the front matter, the register's and the
sites' parts, the closing notes); then, each time in a fresh process so that its peak resident
memory (ru_maxrss: qpdf's memory is C++, which tracemalloc does not see) is its own, assembles
them with the parts repeated 1, 10 and 20 times: the pages of 64, 640 and 1,280 sites without
laying out 1,280 sites. It prints the pages, the PDF's size, wall and CPU seconds, the process's
memory before the assembly (Django, pikepdf, WeasyPrint's fonts) and its peak, and checks the
PDF with qpdf. `--keep DIR` keeps the inputs in DIR, and reuses them when DIR holds them.
"""

import argparse
import json
import multiprocessing
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def keep_inputs(keep: Path) -> None:
    """Lay out the demo's pack in parts, keeping what assembly.assemble is given."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-assembly-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from anpr_governance.accounts.models import User
    from anpr_governance.reports import assembly, parts, services

    real = assembly.assemble

    def keeping(front, others, *, outline, total, into):
        others = list(others)
        (keep / "front.pdf").write_bytes(front.getvalue())
        for index, source in enumerate(others):
            (keep / f"part-{index:04d}.pdf").write_bytes(source.read())
            source.seek(0)
        (keep / "given.json").write_text(json.dumps({"outline": outline, "total": total}))
        return real(front, others, outline=outline, total=total, into=into)

    assembly.assemble = keeping
    quiet = open(os.devnull, "w")  # noqa: SIM115
    try:
        with override_settings(MEDIA_ROOT=str(scratch / "media"),
                               PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            start = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("seed_demo", password="bench-password-123", stdout=quiet)
            pack = services.pack_request(actor=User.objects.get(username="auditor"), scope="force", enqueue=False)
            parts.build_here(services.claim(pack.pk))
            print(f"(laid out the demo's pack in parts in {time.perf_counter() - start:.0f} s; inputs in {keep})",
                  flush=True)
    finally:
        assembly.assemble = real
        shutil.rmtree(scratch, ignore_errors=True)


def _child(keep: str, repeat: int) -> dict:
    """One assembly with the parts repeated `repeat` times, in this (fresh) process."""
    import django

    django.setup()
    import pikepdf

    from anpr_governance.reports import assembly

    keep = Path(keep)
    given = json.loads((keep / "given.json").read_text())
    names = sorted(keep.glob("part-*.pdf"))
    pages = {name: len(pikepdf.open(name).pages) for name in names}
    front_pages = given["total"] - sum(pages.values())
    total = front_pages + repeat * sum(pages.values())
    with assembly.PageNumbers(total):  # WeasyPrint's fonts loaded: counted in the base, not the assembly
        pass
    base = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out, (keep / "front.pdf").open("rb") as front:
        others = ((name.open("rb")) for _ in range(repeat) for name in names)
        assembled = assembly.assemble(front, others, outline=[tuple(item) for item in given["outline"]],
                                      total=total, into=out)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = _peak_mb()
        size = out.tell()
        out.seek(0)
        with pikepdf.open(out) as pdf:
            problems = pdf.check_pdf_syntax()
            read = len(pdf.pages)
    return {"repeat": repeat, "pages": assembled, "read": read, "problems": problems, "mb": size / 1e6,
            "seconds": seconds, "cpu": cpu, "base": base, "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", default="1,10,20", help="comma-separated: how many times the parts are repeated")
    parser.add_argument("--keep", help="a folder for the inputs, reused when it holds them")
    args = parser.parse_args()
    keep = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-assembly-inputs-"))
    keep.mkdir(parents=True, exist_ok=True)
    try:
        if not (keep / "given.json").exists():
            context = multiprocessing.get_context("spawn")
            with context.Pool(1) as pool:  # Django set up there, so that the measuring processes start clean
                pool.apply(keep_inputs, (keep,))
        print(f"{'parts':>6} {'pages':>6} {'PDF':>8} {'wall':>8} {'CPU':>8} {'base':>8} {'peak':>8} {'growth':>8}")
        for repeat in (int(r) for r in args.repeat.split(",")):
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                r = pool.apply(_child, (str(keep), repeat))
            if r["problems"] or r["read"] != r["pages"]:
                raise SystemExit(f"The assembled PDF does not read back whole: {r['problems']}, {r['read']} pages")
            print(f"{'x' + str(r['repeat']):>6} {r['pages']:>6} {r['mb']:>5.1f} MB {r['seconds']:>6.1f} s "
                  f"{r['cpu']:>6.1f} s {r['base']:>5.0f} MB {r['peak']:>5.0f} MB {r['peak'] - r['base']:>5.0f} MB",
                  flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(keep, ignore_errors=True)


if __name__ == "__main__":
    main()
