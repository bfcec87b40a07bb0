"""The one module of permission helpers. Services call these; views never call guardian."""

from anpr_governance.accounts.roles import Role

from .exceptions import NotPermitted

LOCATION_PERMISSION = "sites.view_site_location"
SITE_VIEW_PERMISSION = "sites.view_site"
PACK_PERMISSION = "reports.build_pack"


def require_role(actor, roles, *, doing: str) -> None:
    """Refuse unless the actor holds one of `roles` (a role is a group of that name)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotPermitted(f"You must be signed in to {doing}.")
    if actor.is_superuser:
        return
    if not any(actor.has_role(role) for role in roles):
        names = " or ".join(Role(r).value.lower() for r in sorted(roles))
        article = "an" if names[0] in "aeiou" else "a"
        raise NotPermitted(f"Only {article} {names} may {doing}.")


def require_permission(actor, perm: str, obj=None, *, doing: str) -> None:
    if not actor.has_perm(perm, obj):
        what = f" for {obj}" if obj is not None else ""
        raise NotPermitted(f"You do not have permission to {doing}{what}.")


def require_site_assignment(actor, site, *, doing: str) -> None:
    """Governance officers change only the sites assigned to them (guardian object permission)."""
    if not actor.has_perm("sites.change_site", site):
        raise NotPermitted(f"Only the governance officer assigned to {site.reference} may {doing}.")


def require_not_same_person(actor, other, *, doing: str, their: str) -> None:
    """Separation of duties: nobody decides on their own work."""
    if other is not None and actor.pk == other.pk:
        raise NotPermitted(f"You cannot {doing} because you {their}; another person must do it.")


def can_view_location(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(LOCATION_PERMISSION))


def can_view_sites(user) -> bool:
    """Staff who may see the register of sites (every role; not a user without one)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(SITE_VIEW_PERMISSION))


def can_build_packs(user) -> bool:
    """Auditors, approving managers and the DPO build and download compliance packs."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PACK_PERMISSION))
