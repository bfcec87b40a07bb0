"""The disclosure log of compliance packs: each build and each download, who, when, to whom.

LEAD, AT MERGE: route `record_disclosure` into the audit app's append-only, hash-chained
access log (a "disclosure" entry with actor, time, recipients and the pack's reference and
SHA-256), keeping the PackDisclosure row as well: the pack page lists it. This is the only
function that records pack disclosures; services call it inside their transaction.
"""

from django.utils import timezone

from .models import Pack, PackDisclosure

COMMAND_LINE = "manage.py build_pack (server operator)"


def actor_name(actor) -> str:
    if actor is None:
        return COMMAND_LINE
    full = actor.get_full_name()
    return f"{full} ({actor.username})" if full else actor.username


def record_disclosure(*, actor, pack: Pack, recipient: str, action: str) -> PackDisclosure:
    """Append one disclosure: `action` is PackDisclosure.Action (built, downloaded)."""
    return PackDisclosure.objects.create(
        pack=pack,
        action=PackDisclosure.Action(action),
        actor=actor,
        actor_name=actor_name(actor)[:200],
        recipient=(recipient or actor_name(actor))[:200],
        at=timezone.now(),
    )
