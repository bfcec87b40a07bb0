"""Ingestion: a feed's batch of reads, validated as a whole and stored in one statement.

Every read is accounted for: accepted (new), duplicate (already stored, or repeated in the
batch) or rejected with its index and a reason. accepted + duplicates + len(rejected) is
always the number of reads sent. No query is made per read: the feed's site and cameras
are read once, the valid reads are inserted together (reads.store.insert). Each request
is one `reads.collected` entry in the access log, with its counts.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.text import clip
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Camera, Site

from .. import store
from ..models import Feed
from ..rules import VRM_HINT, VRM_PATTERN, normalise_vrm

LONDON = timezone.get_default_timezone()


class MalformedBatch(DomainError):
    """The body is not a batch of reads at all (answered with 400)."""


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def _not_collecting(site: Site) -> str:
    if site.status == Status.COLLECTION_CEASED:
        return f"Collection has ceased at site {site.reference}: it accepts no reads."
    if site.status == Status.DECOMMISSIONED:
        return f"Site {site.reference} is decommissioned: it accepts no reads."
    return f"Site {site.reference} is not live (it is {Status(site.status).label.lower()}): it accepts no reads yet."


def _site_status(site_id: int) -> str:
    """The site's status, share-locked on PostgreSQL so that a cessation waits for this batch
    to commit and no read is accepted after collection has ceased."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM sites_site WHERE id = %s FOR SHARE", [site_id])
            return cursor.fetchone()[0]
    return Site.objects.values_list("status", flat=True).get(pk=site_id)


def _cameras(site: Site) -> dict[str, tuple[int, datetime.datetime | None, str]]:
    """identifier → (id, first moment no longer in place or None, removal date text)."""
    cameras = {}
    for pk, identifier, removed_on in Camera.objects.filter(site=site).values_list("pk", "identifier", "removed_on"):
        gone = None
        if removed_on is not None:
            gone = datetime.datetime.combine(removed_on + datetime.timedelta(days=1), datetime.time.min, LONDON)
        cameras[identifier] = (pk, gone, f"{removed_on:%d %B %Y}" if removed_on else "")
    return cameras


def check_batch(body) -> list:
    """The list of reads in a request body, or MalformedBatch saying what is wrong."""
    limit = settings.ANPR_INGEST_MAX_READS
    if not isinstance(body, dict):
        raise MalformedBatch('The body must be a JSON object: {"reads": [...]}.')
    if "reads" not in body:
        raise MalformedBatch('The body has no "reads": send {"reads": [...]}.')
    reads = body["reads"]
    if not isinstance(reads, list):
        raise MalformedBatch('"reads" must be a list of reads.')
    if len(reads) > limit:
        raise MalformedBatch(f"A request may carry at most {limit:,} reads; this one has {len(reads):,}: split it.")
    return reads


def reads_ingest(*, feed: Feed, body, now: datetime.datetime | None = None) -> IngestResult:
    """Store a batch of reads from `feed` (body: {"reads": [...]}) by the rules of the issue:
    a read is rejected when its camera is not on the feed's site (or was removed before the
    read), its VRM is malformed, its time has no zone, is in the future or older than
    retention, or the site is not collecting. Resending a batch stores nothing twice."""
    reads = check_batch(body)
    if feed.revoked_at is not None:
        raise MalformedBatch(f"Feed “{feed.name}” is revoked.")
    now = now or timezone.now()
    result = IngestResult()
    with transaction.atomic():
        site = feed.site
        site.status = _site_status(site.pk)
        if site.status not in COLLECTING:
            reason = _not_collecting(site)
            result.rejected = [{"index": i, "reason": reason} for i in range(len(reads))]
        else:
            batch, rejected = _validate(reads, site, _cameras(site), now)
            inserted = store.insert(batch)
            result.accepted, result.duplicates, result.rejected = inserted, len(batch) - inserted, rejected
            if inserted:
                Feed.objects.filter(pk=feed.pk).update(
                    last_received_at=now, reads_accepted=F("reads_accepted") + inserted
                )
        _log_collection(feed, site, result)
    return result


def _log_collection(feed: Feed, site: Site, result: IngestResult) -> None:
    """One access log entry per ingestion request (DPA 2018 s.62 logs collection too), last in
    its transaction so that the log's head is held only for the commit. Counts, never VRMs."""
    access_log_append(
        actor=None, action=Action.COLLECTED, result_count=result.accepted, subject=f"feed:{feed.pk}",
        details={"feed": feed.name, "site": site.reference, "accepted": result.accepted,
                 "duplicates": result.duplicates, "rejected": len(result.rejected)},
        sites={site.pk: result.accepted} if result.accepted else None,
    )


def _validate(reads: list, site: Site, cameras: dict, now: datetime.datetime) -> tuple[store.Batch, list[dict]]:
    """Split the reads into a batch of valid ones and the rejected, with reasons. One pass, no queries."""
    retention = settings.ANPR_RETENTION_DAYS
    oldest = now - datetime.timedelta(days=retention)
    latest = now + datetime.timedelta(seconds=settings.ANPR_READ_CLOCK_TOLERANCE_SECONDS)
    utc = datetime.UTC
    parse = datetime.datetime.fromisoformat
    vrm_ok = VRM_PATTERN.match
    batch = store.Batch(site.pk, [], [], [], [])
    vrms, times, camera_ids, confidences = batch.vrms, batch.times, batch.cameras, batch.confidences
    rejected = []
    reject = rejected.append
    for index, read in enumerate(reads):
        if not isinstance(read, dict):
            reject({"index": index, "reason": "A read must be a JSON object with camera, vrm, read_at and confidence."})
            continue
        identifier = read.get("camera")
        camera = cameras.get(identifier) if isinstance(identifier, str) else None
        if camera is None:
            reason = "camera is missing." if identifier in (None, "") else (
                f"Camera {identifier!r} is not at site {site.reference}."
            )
            reject({"index": index, "reason": reason})
            continue
        vrm = normalise_vrm(read.get("vrm"))
        if not vrm_ok(vrm):
            reject({"index": index, "reason": f"VRM {clip(repr(read.get('vrm')), 40)} is malformed: {VRM_HINT}."})
            continue
        raw = read.get("read_at")
        try:
            moment = parse(raw)
        except (TypeError, ValueError):
            reason = "read_at is missing." if raw in (None, "") else (
                f"read_at {raw!r} is not an ISO 8601 date and time."
            )
            reject({"index": index, "reason": reason})
            continue
        if moment.tzinfo is None:
            reject({"index": index, "reason": f"read_at {raw!r} has no time zone: add one, such as Z or +01:00."})
            continue
        if moment > latest:
            reject({"index": index, "reason": f"read_at {raw} is in the future."})
            continue
        if moment < oldest:
            reject({"index": index, "reason": f"read_at {raw} is older than the {retention}-day retention period."})
            continue
        camera_id, gone, removed = camera
        if gone is not None and moment >= gone:
            reject({"index": index, "reason": f"Camera {identifier} was removed on {removed}, before read_at {raw}."})
            continue
        confidence = read.get("confidence")
        if confidence is not None:
            if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
                reject({"index": index, "reason": f"confidence {confidence!r} must be a number from 0 to 1."})
                continue
            confidence = float(confidence)
        vrms.append(vrm)
        times.append(moment.astimezone(utc))
        camera_ids.append(camera_id)
        confidences.append(confidence)
    return batch, rejected
