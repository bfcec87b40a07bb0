"""Writes for compliance packs: asking for one, building it (in the background), downloading it.

A pack is requested (`pack_request`: checks, version number, queued; the Celery task is
enqueued when the transaction commits), then built by `pack_build`, which claims the
pack with a conditional UPDATE so that a redelivered task does nothing twice, reads the
records as they stood (asat), makes the data (contents) and the PDF (rendering), stores
the file with its SHA-256 and records the build as a disclosure. Each download is a
disclosure too (`pack_download`).
"""

import datetime
import hashlib
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from anpr_governance.accounts.permissions import PACK_PERMISSION, can_view_location, require_permission, require_role
from anpr_governance.accounts.roles import PACK_BUILDERS
from anpr_governance.audit.selectors import access_log_head
from anpr_governance.core.enqueue import enqueue_on_commit
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.sites.models import Site

from . import asat, contents, rendering, sources
from .disclosures import actor_name, record_disclosure
from .models import Pack, PackDisclosure

logger = logging.getLogger(__name__)

# A build still "building" after this long was lost with its worker: it may be claimed again.
STALE_AFTER = datetime.timedelta(hours=2)
# For the progress bar only: roughly how many pages a site takes.
PAGES_PER_SITE = 6


def require_pack_access(actor, *, doing: str) -> None:
    require_role(actor, PACK_BUILDERS, doing=doing)
    require_permission(actor, PACK_PERMISSION, doing=doing)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the service's time zone."""
    midnight = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return midnight - datetime.timedelta(microseconds=1)


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period_start(as_at: datetime.date) -> datetime.date:
    return as_at - relativedelta(months=settings.ANPR_PACK_PERIOD_MONTHS) + datetime.timedelta(days=1)


def check_as_at(as_at: datetime.date, *, site: Site | None) -> None:
    """Refuse an as-at date in the future or before the first record (of the site, or of the register)."""
    if as_at > timezone.localdate():
        raise DomainError("The as-at date cannot be in the future: choose today or an earlier date.",
                          field_errors={"as_at": ["The as-at date must be today or in the past."]})
    first = asat.first_record_date(site)
    what = site.reference if site else "The register of sites"
    if first is None:
        raise DomainError(f"{what} has no records yet: there is nothing to put in a pack.",
                          field_errors={"as_at": ["There are no records yet."]})
    first_day = timezone.localtime(first).date()
    if as_at < first_day:
        raise DomainError(
            f"{what} has no record before {first_day:%-d %B %Y}: choose an as-at date on or after it.",
            field_errors={"as_at": [f"The as-at date must be on or after {first_day:%-d %B %Y}."]},
        )


@transaction.atomic
def pack_request(*, actor, scope: str, site_reference: str = "", as_at: datetime.date | None = None,
                 recipient: str = "", via: str = Pack.Via.WEB, enqueue: bool = True,
                 redact_locations: bool = False) -> Pack:
    """Check the request and queue the pack with its version number; the build runs in the
    background once this transaction commits (unless `enqueue` is False: the command line
    builds at once). `actor` None is the server operator, allowed only from the command line.
    `redact_locations` withholds restricted locations whoever builds it (an outside recipient)."""
    if actor is None:
        if via != Pack.Via.COMMAND:
            raise NotPermitted("You must be signed in to build compliance packs.")
    else:
        require_pack_access(actor, doing="build compliance packs")
    if scope not in Pack.Scope.values:
        raise DomainError("Choose a site pack or a force-wide pack.",
                          field_errors={"scope": ["Choose a site pack or a force-wide pack."]})
    site = None
    if scope == Pack.Scope.SITE:
        reference = site_reference.strip().upper()
        if not reference:
            raise DomainError("Enter the reference of the site, such as STS-017.",
                              field_errors={"site_reference": ["Enter the site's reference, such as STS-017."]})
        site = Site.objects.filter(reference=reference).first()
        if site is None:
            raise DomainError(f"There is no site with reference {reference}: check the reference on the register.",
                              field_errors={"site_reference": [f"There is no site {reference}."]})
    as_at = as_at or timezone.localdate()
    check_as_at(as_at, site=site)
    recipient = recipient.strip()
    if len(recipient) > 200:
        raise DomainError("Say who the pack is for in 200 characters or fewer.",
                          field_errors={"recipient": ["Use 200 characters or fewer."]})

    scope_key = site.reference if site else "force"
    pack = None
    for _attempt in range(5):  # two requests at once may both take the next number: one retries
        version = (Pack.objects.filter(scope_key=scope_key).aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                pack = Pack.objects.create(
                    scope=scope, site=site, scope_key=scope_key, version=version, as_at=as_at,
                    recipient=recipient, requested_by=actor, via=via,
                    includes_locations=not redact_locations and actor is not None and can_view_location(actor),
                    locations_redacted=redact_locations,
                    progress_message="Waiting for a worker",
                )
            break
        except IntegrityError:
            continue
    if pack is None:
        raise DomainError("Another pack of the same scope was being requested at the same moment: try again.")
    if enqueue:
        from .tasks import build_pack  # tasks import this module

        enqueue_on_commit(build_pack, pack.pk, on_failure=lambda: _mark_unreachable(pack.pk))
    return pack


BROKER_UNREACHABLE = ("The background worker could not be reached, so the pack was not built: try again later, "
                      "or ask a system administrator to check the Celery broker.")


def _mark_unreachable(pack_id: int) -> None:
    """The build could not be sent: say so on the pack instead of leaving it queued."""
    Pack.objects.filter(pk=pack_id, state=Pack.State.QUEUED).update(
        state=Pack.State.FAILED, finished_at=timezone.now(), error=BROKER_UNREACHABLE, progress_message="Failed"
    )


def pack_build(*, pack_id: int, one_document: bool = False) -> Pack:
    """Claim and build a queued pack; returns it ready, or failed with the reason in `error`.

    Idempotent: a pack already claimed (and not stale) or finished is returned unchanged.
    Not one transaction: progress is written as the build goes, so the page can show it.
    A force-wide pack is laid out in parts one after another in this process (reports.parts),
    so that memory stays that of one part whatever the number of sites (`one_document`: laid
    out whole, as before parts existed; bench/packs.py compares the two)."""
    pack = claim(pack_id)
    if pack is None:
        return Pack.objects.select_related("requested_by").get(pk=pack_id)
    try:
        if pack.scope == Pack.Scope.FORCE and not one_document:
            from . import parts  # parts builds on this module

            parts.build_here(pack)
        else:
            _build(pack)
    except Exception as error:
        mark_failed(pack_id, error)
    pack.refresh_from_db()
    return pack


def claim(pack_id: int) -> Pack | None:
    """Move a queued (or stale) pack to building; None if another build has it or it is finished."""
    now = timezone.now()
    claimable = Q(state=Pack.State.QUEUED) | Q(state=Pack.State.BUILDING, started_at__lt=now - STALE_AFTER)
    claimed = Pack.objects.filter(claimable, pk=pack_id).update(
        state=Pack.State.BUILDING, started_at=now, progress=1, progress_message="Reading the records as they stood",
        parts_total=0, parts_done=0,
    )
    return Pack.objects.select_related("requested_by").get(pk=pack_id) if claimed else None


def mark_failed(pack_id: int, error: Exception) -> None:
    reason = error.message if isinstance(error, DomainError) else f"The build failed: {error}"
    if not isinstance(error, DomainError):
        logger.error("Compliance pack %s failed", pack_id, exc_info=error)
    Pack.objects.filter(pk=pack_id).exclude(state=Pack.State.READY).update(
        state=Pack.State.FAILED, finished_at=timezone.now(), error=reason[:2000], progress_message="Failed"
    )


def _progress(pack: Pack, percent: int, message: str) -> None:
    Pack.objects.filter(pk=pack.pk).update(progress=max(1, min(99, percent)), progress_message=message[:200])


def pack_reference(pack: Pack) -> str:
    return f"{'FORCE' if pack.scope == Pack.Scope.FORCE else pack.scope_key}/v{pack.version}"


def pack_data(pack: Pack, *, generated_at: datetime.datetime | None = None) -> dict:
    """The pack's data (what it prints and attaches): the records as they stood at the end
    of the as-at date (or now, if earlier), read with a fixed number of queries."""
    actor = pack.requested_by
    generated_at = generated_at or timezone.now()
    cutoff = min(end_of_day(pack.as_at), generated_at)
    first_day = period_start(pack.as_at)
    snap = asat.take(cutoff=cutoff, period_start=start_of_day(first_day),
                     site_ids=[pack.site_id] if pack.site_id else None)
    if not snap.sites:
        raise DomainError(f"No site was on the register on {pack.as_at:%-d %B %Y}: there is nothing to put in a pack.")
    ids = [site.pk for site in snap.sites]
    head = access_log_head()
    ctx = contents.Context(
        reference=pack_reference(pack), scope=pack.scope, version=pack.version, as_at=pack.as_at, cutoff=cutoff,
        period_start=first_day, generated_at=generated_at, generated_by=actor_name(actor),
        generated_by_roles=sorted(actor.role_names) if actor is not None else [],
        recipient=pack.recipient, includes_locations=pack.includes_locations,
        locations_redacted=pack.locations_redacted,
        access_log={"entries": head.entries, "head_hash": head.last_hash},
        sampling=sources.sampling_findings(sources.Period(start=first_day, end=pack.as_at)),
        flags=sources.flags_at_generation(ids, actor=actor),
        access=sources.access_statistics(ids, sources.Period(start=first_day, end=pack.as_at)),
        force_access=sources.force_access_statistics(sources.Period(start=first_day, end=pack.as_at)),
    )
    return contents.build(snap, ctx)


def _build(pack: Pack) -> None:
    data = pack_data(pack)
    ids = data["pack"]["site_references"]
    _progress(pack, 25, f"Laying out the pages of {len(ids)} site(s)")

    expected = 4 + PAGES_PER_SITE * len(ids)
    reported = {"percent": 25}

    def on_progress(stage: str, page: int) -> None:
        if stage == "writing":
            _progress(pack, 92, f"Writing the PDF ({page} pages)")
            return
        # One UPDATE per percent at most (65 for the layout, whatever the number of pages).
        percent = 25 + int(65 * min(page, expected) / expected)
        if percent > reported["percent"]:
            reported["percent"] = percent
            _progress(pack, percent, f"Laying out page {page}")

    rendered = rendering.render_pack(data, on_progress=on_progress)
    store(pack, pdf=ContentFile(rendered.pdf), pages=rendered.pages, fingerprint=rendered.fingerprint,
          site_count=len(ids), access_log=data["pack"]["access_log"])


def store(pack: Pack, *, pdf: File, pages: int, fingerprint: str, site_count: int, access_log: dict) -> bool:
    """Store the finished PDF (read in chunks: a force's pack may be tens of MB), mark the pack
    ready and record the build as a disclosure, once: False (and the file removed again) if
    the pack was no longer building."""
    digest = hashlib.sha256()
    for chunk in pdf.chunks():
        digest.update(chunk)
    size = pdf.size
    with transaction.atomic():
        pack.file.save(pack.download_name(), pdf, save=False)
        done = Pack.objects.filter(pk=pack.pk, state=Pack.State.BUILDING).update(
            state=Pack.State.READY, progress=100, progress_message="Ready", finished_at=timezone.now(),
            file=pack.file.name, file_sha256=digest.hexdigest(), data_sha256=fingerprint,
            file_size=size, page_count=pages, site_count=site_count,
            log_entries=access_log["entries"], log_head_hash=access_log["head_hash"],
        )
        if done:
            record_disclosure(actor=pack.requested_by, pack=pack,
                              recipient=pack.recipient or actor_name(pack.requested_by),
                              action=PackDisclosure.Action.BUILT)
    if not done:
        pack.file.delete(save=False)
    return bool(done)


@transaction.atomic
def pack_download(*, actor, pack: Pack) -> Pack:
    """Check that `actor` may have the pack's file, and record the download as a disclosure."""
    require_pack_access(actor, doing="download compliance packs")
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if pack.state != Pack.State.READY or not pack.file:
        raise DomainError(f"{pack.label} is {pack.get_state_display().lower()}: it can be downloaded once ready.")
    if pack.includes_locations and not can_view_location(actor):
        raise NotPermitted(f"{pack.label} includes restricted camera locations, which your role may not see.")
    recipient = actor_name(actor) + (f", for {pack.recipient}" if pack.recipient else "")
    record_disclosure(actor=actor, pack=pack, recipient=recipient, action=PackDisclosure.Action.DOWNLOADED)
    return pack
