"""The one module of permission helpers. Services call these; views never call guardian."""

from anpr_governance.accounts.roles import Role
from anpr_governance.core.exceptions import NotPermitted

LOCATION_PERMISSION = "sites.view_site_location"
SITE_VIEW_PERMISSION = "sites.view_site"
PACK_PERMISSION = "reports.build_pack"


def require_role(actor, roles, *, doing: str) -> None:
    """Refuse unless the actor holds one of `roles` (a role is a group of that name)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotPermitted(f"You must be signed in to {doing}.")
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


def can_view_reviews(user) -> bool:
    """Governance roles (officer, manager, auditor, DPO) read reviews and decommissioning."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("reviews.view_review"))


# --- What a page may offer (display only: the services check again when the action comes) ---


def can_view_governance(user) -> bool:
    """Roles that read governance records (assessments, DPIAs, consultations, reviews, history)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("assessments.view_assessment"))


def can_prepare(user, site) -> bool:
    """The governance officer assigned to the site: prepares its documents and reviews."""
    return bool(
        user and user.is_authenticated and user.has_role(Role.GOVERNANCE_OFFICER)
        and user.has_perm("sites.change_site", site)
    )


def can_decide(user) -> bool:
    """Approving managers: approve or return (never their own work; the services check that)."""
    return bool(user and user.is_authenticated and user.has_role(Role.APPROVING_MANAGER))


def can_advise(user) -> bool:
    """The data protection officer: gives DPO advice on submitted DPIAs."""
    return bool(user and user.is_authenticated and user.has_role(Role.DATA_PROTECTION_OFFICER))


# --- Evidence files ------------------------------------------------------------------------


def can_add_evidence(user, site) -> bool:
    """The officer assigned to the site, approving managers and the DPO attach evidence
    (signed documents, letters, ICO advice); auditors read it and change nothing."""
    return can_prepare(user, site) or can_decide(user) or can_advise(user)


def require_evidence_upload(actor, site) -> None:
    if not can_add_evidence(actor, site):
        raise NotPermitted(f"Only the governance officer assigned to {site.reference}, an approving manager "
                           "or the data protection officer may add evidence files.")


def can_read_evidence(user, *, restricted: bool) -> bool:
    """Governance roles read evidence files; one that shows a camera's position follows the
    location permission, as restricted camera positions do."""
    return can_view_governance(user) and (not restricted or can_view_location(user))


def require_evidence_read(actor, *, restricted: bool) -> None:
    if not can_view_governance(actor):
        raise NotPermitted("Only governance roles (officers, approving managers, auditors and the data "
                           "protection officer) may read evidence files.")
    if restricted and not can_view_location(actor):
        raise NotPermitted("This file shows a restricted camera location: only staff who may see camera "
                           "locations may read it.")


# --- Read data and the access log (reads, audit) -----------------------------------------
# Access to reads follows named roles only: superuser status grants none of it, so a
# system administrator who is a superuser still cannot search reads (domain.md, Roles).


def holds_role(user, *roles) -> bool:
    """The user is signed in, active and holds one of `roles` as a group; superuser status does not count."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and any(user.has_role(r) for r in roles)
    )


def require_named_role(actor, roles, *, doing: str) -> None:
    """As require_role, without the superuser exception."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotPermitted(f"You must be signed in to {doing}.")
    if not holds_role(actor, *roles):
        names = " or ".join(Role(r).value.lower() for r in sorted(roles))
        article = "an" if names[0] in "aeiou" else "a"
        raise NotPermitted(f"Only {article} {names} may {doing}.")


def can_search_reads(user) -> bool:
    return holds_role(user, Role.INVESTIGATOR)


def can_decide_authorisations(user) -> bool:
    return holds_role(user, Role.AUTHORISING_OFFICER)


def can_read_access_log(user) -> bool:
    return holds_role(user, Role.AUDITOR, Role.DATA_PROTECTION_OFFICER)


def can_dip_sample(user) -> bool:
    return holds_role(user, Role.AUDITOR)


def can_answer_subject_access(user) -> bool:
    return holds_role(user, Role.DATA_PROTECTION_OFFICER)


def can_manage_feeds(user) -> bool:
    """Feeds and search grants are the system administrator's."""
    return holds_role(user, Role.SYSTEM_ADMINISTRATOR)


def can_build_packs(user) -> bool:
    """Auditors, approving managers and the DPO build and download compliance packs."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PACK_PERMISSION))
