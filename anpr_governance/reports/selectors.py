"""Reads of compliance packs, filtered by what the reader may see."""

from django.db.models import QuerySet

from anpr_governance.accounts.permissions import can_build_packs

from .models import Pack, PackDisclosure


def packs_for_user(user) -> QuerySet[Pack]:
    """Every pack for those who may build and download packs; none for anyone else."""
    packs = Pack.objects.select_related("requested_by", "site")
    return packs if can_build_packs(user) else packs.none()


def pack_for_user(user, pack_id: int) -> Pack | None:
    return packs_for_user(user).filter(pk=pack_id).first()


def pack_disclosures(pack: Pack) -> QuerySet[PackDisclosure]:
    return pack.disclosures.select_related("actor")


def last_self_assessment_on():
    """The "as at" date of the latest force-wide compliance pack, whose principles section is
    the force's self-assessment against the Surveillance Camera Code; None before the first."""
    pack = Pack.objects.filter(scope=Pack.Scope.FORCE, state=Pack.State.READY).order_by("-as_at", "-id").first()
    return pack.as_at if pack else None
