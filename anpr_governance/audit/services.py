"""Writes to the access log: appending an entry, and exporting the log (itself logged).

`access_log_append` is the only way an entry is written. The services that search,
authorise, disclose, export and erase call it inside their own transaction, so the
entry exists if and only if the action happened (or, for a refused search, the refusal).
"""

import json

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import ACCESS_LOG_READERS, AUDITORS
from anpr_governance.core.text import clip, clip_all, storable

from .chain import GENESIS, entry_hash, verify_chain
from .models import AccessLogEntry, AccessLogHead, AccessLogSite, Action, ChainCheck, Outcome
from .selectors import access_log_for
from .signals import chain_broken

SYSTEM = "system"
# Input copied into an entry is bounded (a refused 2 MB VRM must not become a 2 MB entry).
DETAIL_LIMIT = 200
JUSTIFICATION_LIMIT = 1000


def _claim_head() -> tuple[int, str]:
    """Advance the head by one under its lock and return (its new sequence, the last hash):
    concurrent appends wait here, one at a time. One statement (UPDATE … RETURNING)."""
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_accessloghead SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, last_hash"
            )
            row = cursor.fetchone()
        if row is not None:
            return row[0], row[1]
        # A fresh or flushed database: create the head (racing creators do nothing), then claim it.
        AccessLogHead.objects.bulk_create([AccessLogHead(pk=1, sequence=0, last_hash=GENESIS)], ignore_conflicts=True)
    raise RuntimeError("The access log's head row cannot be claimed.")


@transaction.atomic
def access_log_append(
    *,
    actor,
    action: Action | str,
    outcome: Outcome | str = Outcome.ALLOWED,
    vrm: str = "",
    purpose: str = "",
    reference: str = "",
    justification: str = "",
    result_count: int | None = None,
    subject: str = "",
    details: dict | None = None,
    sites: dict[int, int] | None = None,
) -> AccessLogEntry:
    """Append one entry to the chain. `actor` None means the system (a task or a server command);
    `sites` maps site ids to how many reads of each the action concerned."""
    sequence, last_hash = _claim_head()
    entry = AccessLogEntry(
        sequence=sequence,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else SYSTEM,
        action=Action(action),
        outcome=Outcome(outcome),
        vrm=storable(vrm)[:20],
        purpose=storable(purpose)[:40],
        reference=storable(reference)[:60],
        justification=clip(justification, JUSTIFICATION_LIMIT),
        result_count=result_count,
        subject=storable(subject)[:80],
        # Stored as it is hashed: JSON values only (tuples become lists, keys strings).
        details=clip_all(json.loads(json.dumps(details or {})), DETAIL_LIMIT),
        previous_hash=last_hash,
    )
    site_rows = sorted((sites or {}).items())
    entry.hash = entry_hash(entry, site_rows)
    entry.save()
    if site_rows:
        AccessLogSite.objects.bulk_create(
            [AccessLogSite(entry=entry, site_id=site_id, reads=reads) for site_id, reads in site_rows]
        )
    AccessLogHead.objects.filter(pk=1).update(last_hash=entry.hash)
    return entry


@transaction.atomic
def access_log_export(*, actor, filters: dict) -> tuple[AccessLogEntry, QuerySet[AccessLogEntry]]:
    """Record that `actor` exports the entries matching `filters`; return the record and the entries.

    The export's own entry is written first, so the export it records is not in it."""
    require_named_role(actor, ACCESS_LOG_READERS, doing="export the access log")
    entries = access_log_for(actor, **filters).order_by("sequence")
    count = entries.count()
    described = {name: str(value) for name, value in filters.items() if value not in (None, "")}
    record = access_log_append(
        actor=actor, action=Action.LOG_EXPORTED, result_count=count, details={"filters": described},
        justification="Access log exported as CSV.",
    )
    return record, entries.filter(sequence__lt=record.sequence)


def chain_check_run(*, actor=None) -> ChainCheck:
    """Verify the whole chain and record the result and the head found (the log's anchor).
    `actor` None is the daily task; otherwise an auditor. A broken chain is announced
    (`signals.chain_broken`) in the same transaction: the notices stand with the record."""
    if actor is not None:
        require_named_role(actor, AUDITORS, doing="verify the access log")
    result = verify_chain()
    with transaction.atomic():
        check = ChainCheck.objects.create(
            run_by=actor, intact=result.intact, entries=result.entries, last_hash=result.last_hash,
            problem=result.problem,
        )
        if not result.intact:
            chain_broken.send(sender=ChainCheck, check=check)
    return check
