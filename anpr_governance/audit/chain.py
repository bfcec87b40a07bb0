"""The hash chain of the access log: canonical form, hashing and verification.

An entry's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of
every field of the entry, its site rows and the previous entry's hash. The first entry
follows GENESIS. Verification walks the chain in order and reports the first entry
whose content, position or link does not hold.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from .models import AccessLogEntry, AccessLogHead, AccessLogSite

GENESIS = "0" * 64
CHUNK = 2000


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def entry_fields(entry, sites: list[tuple[int, int]]) -> dict:
    """Everything an entry says, in the form that is hashed. `sites` is [(site_id, reads), ...]."""
    return {
        "sequence": entry.sequence,
        "at": _utc(entry.at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "outcome": entry.outcome,
        "vrm": entry.vrm,
        "purpose": entry.purpose,
        "reference": entry.reference,
        "justification": entry.justification,
        "result_count": entry.result_count,
        "subject": entry.subject,
        "details": entry.details,
        "sites": sorted([int(site), int(reads)] for site, reads in sites),
        "previous_hash": entry.previous_hash,
    }


def entry_hash(entry, sites: list[tuple[int, int]]) -> str:
    return hashlib.sha256(canonical_json(entry_fields(entry, sites)).encode("utf-8")).hexdigest()


@dataclass
class Verification:
    entries: int
    last_hash: str
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain() -> Verification:
    """Walk the whole log in order; stop at the first entry that was altered, removed or moved."""
    expected, previous, count = 1, GENESIS, 0
    while True:
        chunk = list(AccessLogEntry.objects.filter(sequence__gte=expected).order_by("sequence")[:CHUNK])
        if not chunk:
            break
        links: dict[int, list[tuple[int, int]]] = {}
        for entry_id, site_id, reads in AccessLogSite.objects.filter(entry__in=chunk).values_list(
            "entry_id", "site_id", "reads"
        ):
            links.setdefault(entry_id, []).append((site_id, reads))
        for entry in chunk:
            if entry.sequence != expected:
                return Verification(
                    count, previous,
                    problem=f"Entry {expected} is missing: the log goes from entry {expected - 1} to {entry.sequence}.",
                )
            if entry_hash(entry, links.get(entry.pk, [])) != entry.hash:
                return Verification(
                    count, previous,
                    problem=f"Entry {entry.sequence} was altered: its content does not match its hash.",
                )
            if entry.previous_hash != previous:
                return Verification(
                    count, previous,
                    problem=(
                        f"Entry {entry.sequence} does not follow entry {entry.sequence - 1}: the hash it carries of "
                        "the entry before it does not match, so an earlier entry was altered or replaced."
                    ),
                )
            previous, expected, count = entry.hash, expected + 1, count + 1

    head = AccessLogHead.objects.filter(pk=1).first()
    recorded = head.sequence if head else 0
    if recorded < count:
        return Verification(
            count, previous,
            problem=(
                f"Entry {recorded + 1} was not appended through the log: the log's head records {recorded} entries."
            ),
        )
    if recorded > count:
        return Verification(
            count, previous,
            problem=(
                f"Entry {count + 1} is missing: the log's head records {recorded} entries but only {count} "
                "follow one another from the first."
            ),
        )
    if head and count and head.last_hash != previous:
        return Verification(
            count, previous,
            problem=f"Entry {count} is not the entry the log's head records as its last.",
        )
    return Verification(count, previous)


def anchor_holds(last_hash: str, entries: int) -> tuple[bool, str]:
    """Whether the log still holds, at position `entries`, the entry whose hash is `last_hash`
    (a head published earlier, e.g. in a compliance pack), and the chain up to it is intact."""
    if entries < 0 or len(last_hash) != 64:
        return False, "An anchor is the head hash (64 hexadecimal characters) and the entry count, HASH:COUNT."
    if entries == 0:
        return last_hash == GENESIS, "" if last_hash == GENESIS else "An empty log's anchor is the genesis hash."
    entry = AccessLogEntry.objects.filter(sequence=entries).first()
    if entry is None:
        return False, f"Entry {entries} is no longer in the log: the anchor's entry was removed."
    if entry.hash != last_hash.lower():
        return False, f"Entry {entries} no longer has the anchored hash: the log was rewritten up to or past it."
    return True, ""
