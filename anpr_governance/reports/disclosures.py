"""The disclosure log of compliance packs: each build and each download, who, when, to whom.

`record_disclosure` is the only function that records pack disclosures; services call it
inside their transaction. It appends an entry to the audit app's append-only, hash-chained
access log (actor, time, recipient, the pack's reference and scope) and keeps a
PackDisclosure row, which the pack page lists.
"""

from django.utils import timezone

from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append

from .models import Pack, PackDisclosure

ACCESS_LOG_ACTIONS = {PackDisclosure.Action.BUILT: Action.PACK_BUILT,
                      PackDisclosure.Action.DOWNLOADED: Action.PACK_DOWNLOADED}

COMMAND_LINE = "manage.py build_pack (server operator)"


def actor_name(actor) -> str:
    if actor is None:
        return COMMAND_LINE
    full = actor.get_full_name()
    return f"{full} ({actor.username})" if full else actor.username


def record_disclosure(*, actor, pack: Pack, recipient: str, action: str) -> PackDisclosure:
    """Append one disclosure: `action` is PackDisclosure.Action (built, downloaded)."""
    action = PackDisclosure.Action(action)
    recipient = (recipient or actor_name(actor))[:200]
    reference = f"{'FORCE' if pack.scope == Pack.Scope.FORCE else pack.scope_key}/v{pack.version}"
    access_log_append(
        actor=actor, action=ACCESS_LOG_ACTIONS[action], subject=f"pack:{reference}"[:80],
        justification=f"Compliance pack {reference} as at {pack.as_at:%Y-%m-%d} {action.label.lower()} for {recipient}",
        details={"pack": reference, "scope": pack.scope, "as_at": pack.as_at.isoformat(), "recipient": recipient},
    )
    return PackDisclosure.objects.create(
        pack=pack,
        action=action,
        actor=actor,
        actor_name=actor_name(actor)[:200],
        recipient=recipient,
        at=timezone.now(),
    )
