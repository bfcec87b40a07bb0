"""Force-wide packs laid out in parts, so that no process holds more than one part's pages.

`prepare` (after the pack is claimed) gathers the data once, as one snapshot, and writes
it: the whole pack-data.json, the front matter's input, and one input per part (a group
of ANPR_PACK_SITES_PER_PART sites, after the parts of the register of sites, a part per
REGISTER_ROWS_PER_PART sites, the last with the aggregate figures), each a file under
packs/parts/<pack>/. `lay_out_part` lays out one part
from its input (any worker; a redelivered or retried task is safe: the part's output is
recorded once, by a conditional UPDATE, and a second copy is deleted). When the last part is
done, `assemble` lays out the front matter (the cover and the contents, which now knows every
section's page) and the closing notes, joins everything into one PDF/A-3b, stamps the page
numbers, and stores it as any pack: the work no number of workers shares, kept small.
`build_here` does all of it in this process, one part after another (`build_pack --all`,
tests, `pack_build`).
"""

import hashlib
import io
import itertools
import json
import logging
import math
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import assembly, rendering, services
from .contents import canonical_json
from .models import Pack, PackPart

logger = logging.getLogger(__name__)

# In-process builds try a part this many times, as the Celery task does (tasks.build_pack_part).
ATTEMPTS = 3

# Rows of the register of sites laid out by one part (about 8 pages): no part lists every site.
REGISTER_ROWS_PER_PART = 200


def folder(pack_id: int) -> str:
    return f"packs/parts/{pack_id}"


def _write(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def _read_json(name: str) -> dict:
    with default_storage.open(name, "rb") as handle:
        return json.load(handle)


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def start(*, pack_id: int) -> list[int] | None:
    """For the Celery task: claim a force-wide pack and prepare its parts; returns the parts'
    indices to lay out ([] if another build has it or it failed), or None if the pack is not
    built in parts (a site pack: the caller builds it as one document)."""
    if Pack.objects.filter(pk=pack_id).values_list("scope", flat=True).first() != Pack.Scope.FORCE:
        return None
    pack = services.claim(pack_id)
    if pack is None:
        return []
    try:
        return prepare(pack)
    except Exception as error:
        services.mark_failed(pack_id, error)
        return []


def prepare(pack: Pack) -> list[int]:
    data = services.pack_data(pack)
    whole = canonical_json(data)
    fingerprint = hashlib.sha256(whole).hexdigest()
    base = folder(pack.pk)
    for name in _listing(base):  # left by an earlier, lost build of this pack
        default_storage.delete(name)
    header = {"pack": data["pack"], "fingerprint": fingerprint}
    size = max(1, settings.ANPR_PACK_SITES_PER_PART)
    groups = [data["sites"][i:i + size] for i in range(0, len(data["sites"]), size)]
    front = header | {
        "sites": [{"reference": s["reference"], "name": s["name"]} for s in data["sites"]],
        "notes": data["notes"], "data_file": _write(f"{base}/pack-data.json", whole),
    }
    _write(f"{base}/front.json", json.dumps(front).encode())
    # The register, a part per REGISTER_ROWS_PER_PART rows (the last with the aggregate figures), then the sites.
    register = data["register"]
    inputs = [{"register": register[i:i + REGISTER_ROWS_PER_PART], "continued": i > 0, "sites": []}
              for i in range(0, len(register), REGISTER_ROWS_PER_PART)]
    inputs[-1] |= {"aggregates": data["aggregates"], "sampling": data["sampling"]}
    inputs += [{"sites": group} for group in groups]
    rows = [
        PackPart(pack=pack, index=index, site_references=[s["reference"] for s in given["sites"]],
                 data_file=_write(f"{base}/part-{index:04d}.json", json.dumps(header | given).encode()))
        for index, given in enumerate(inputs)
    ]
    del data, whole, groups, register, inputs  # the parts read their own inputs
    with transaction.atomic():
        PackPart.objects.filter(pack=pack).delete()
        PackPart.objects.bulk_create(rows)
        Pack.objects.filter(pk=pack.pk).update(
            parts_total=len(rows), parts_done=0, progress=25,
            progress_message=f"Laying out {len(front['sites'])} site(s) in {len(rows)} parts",
        )
    return [row.index for row in rows]


def _listing(base: str) -> list[str]:
    try:
        return [f"{base}/{name}" for name in default_storage.listdir(base)[1]]
    except FileNotFoundError:
        return []


def lay_out_part(*, pack_id: int, index: int) -> bool:
    """Lay out one part unless it is already laid out; True when every part of the pack is."""
    part = PackPart.objects.select_related("pack").get(pack_id=pack_id, index=index)
    if part.pack.state != Pack.State.BUILDING:
        return False
    if part.state == PackPart.State.PENDING:
        given = _read_json(part.data_file)
        laid_out = rendering.render_part({"part": "sites", "force": True} | given)
        name = _write(f"{folder(pack_id)}/part-{index:04d}.pdf", laid_out.pdf)
        with transaction.atomic():
            recorded = PackPart.objects.filter(pk=part.pk, state=PackPart.State.PENDING).update(
                state=PackPart.State.DONE, file=name, pages=laid_out.pages, starts=laid_out.starts,
                finished_at=timezone.now(),
            )
            if recorded:
                Pack.objects.filter(pk=pack_id).update(parts_done=F("parts_done") + 1)
                done, total = Pack.objects.filter(pk=pack_id).values_list("parts_done", "parts_total").get()
                Pack.objects.filter(pk=pack_id, state=Pack.State.BUILDING).update(
                    progress=25 + int(65 * done / total), progress_message=f"Laid out {done} of {total} parts"
                )
        if not recorded:  # another delivery of this task recorded its copy first
            default_storage.delete(name)
    return Pack.objects.filter(pk=pack_id, state=Pack.State.BUILDING, parts_done=F("parts_total")).exists()


def assemble(*, pack_id: int) -> Pack:
    """Lay out the cover and contents and the closing notes, join the parts, number the pages, store.
    Does nothing unless the pack is building and every part is laid out; if two assemblies
    run, the first to finish stores its file and the other's is removed (services.store)."""
    pack = Pack.objects.select_related("requested_by").get(pk=pack_id)
    if pack.state != Pack.State.BUILDING or not pack.parts_total or pack.parts_done < pack.parts_total:
        return pack
    Pack.objects.filter(pk=pack_id).update(progress=92, progress_message="Assembling the pack")
    parts = list(PackPart.objects.filter(pack=pack).order_by("index"))
    front = _read_json(f"{folder(pack_id)}/front.json")
    first_page, before = {}, 0  # each section's first page, counted from the first page after the front matter
    for part in parts:
        for anchor, page in part.starts.items():
            first_page[anchor] = before + page + 1
        before += part.pages
    whole = _read(front["data_file"])
    context = {"part": "front", "pack": front["pack"], "fingerprint": front["fingerprint"], "force": True}
    # A guess (the cover, then 47 lines of contents a page, a line a site); laid out again if wrong.
    front_pages = 1 + math.ceil((len(front["sites"]) + 3) / 47)
    for _attempt in range(4):
        sites = [s | {"page": front_pages + first_page[f"site-{s['reference']}"]} for s in front["sites"]]
        pages = {f"{anchor}_page": front_pages + first_page[anchor] for anchor in rendering.CONTENTS_SECTIONS}
        laid_out = rendering.render_part(context | pages | {"sites": sites, "about_page": front_pages + before + 1},
                                         attachment=whole)
        if laid_out.pages == front_pages:
            break
        logger.info("Pack %s: the front matter has %s pages, not %s; laying it out again", pack_id, laid_out.pages,
                    front_pages)
        front_pages = laid_out.pages
    else:
        raise RuntimeError("The front matter's length did not settle.")
    about = rendering.render_part({"part": "about", "pack": front["pack"], "notes": front["notes"],
                                   "fingerprint": front["fingerprint"], "force": True})
    outline = [(f"{s['reference']} {s['name']}", s["page"] - 1) for s in sites]
    outline.append(("About this pack", front_pages + before))
    # The parts are opened as they are joined and the pack written to a temporary file: never
    # the whole pack in memory (bench/packs.py measures the peak).
    others = itertools.chain((default_storage.open(p.file, "rb") for p in parts), [io.BytesIO(about.pdf)])
    with tempfile.TemporaryFile() as out:
        pages = assembly.assemble(io.BytesIO(laid_out.pdf), others, outline=outline,
                                  total=front_pages + before + about.pages, into=out)
        stored = services.store(pack, pdf=File(out), pages=pages, fingerprint=front["fingerprint"],
                                site_count=len(front["sites"]), access_log=front["pack"]["access_log"])
    if stored:
        for name in _listing(folder(pack_id)):
            default_storage.delete(name)
    pack.refresh_from_db()
    return pack


def build_here(pack: Pack) -> None:
    """Every step in this process, one part after another (the pack is already claimed)."""
    for index in prepare(pack):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                lay_out_part(pack_id=pack.pk, index=index)
                break
            except Exception:
                if attempt == ATTEMPTS:
                    raise
                logger.warning("Part %s of pack %s failed (attempt %s); trying again", index, pack.pk, attempt,
                               exc_info=True)
    assemble(pack_id=pack.pk)
