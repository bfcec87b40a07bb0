"""Search grants: which sites and policing areas an investigator may search.

A grant is a guardian object permission, `search_reads`, given to the user on a site
(`sites.search_reads`) or a policing area (`accounts.search_reads`, covering every site in
the area, including sites added later). Granting and revoking are recorded in the access log.
"""

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.sites.models import Site

from ..models import SEARCH_READS
from ..selectors import has_search_grant
from .feeds import _check_actor


def _scope(area: PolicingArea | None, site: Site | None) -> tuple[str, object, str, dict]:
    if (area is None) == (site is None):
        raise DomainError("Choose either a policing area or a site.")
    if area is not None:
        return f"accounts.{SEARCH_READS}", area, f"the {area.name} policing area", {"area": area.name}
    return f"sites.{SEARCH_READS}", site, f"site {site.reference}", {"site": site.reference}


@transaction.atomic
def search_grant(*, actor, user, area: PolicingArea | None = None, site: Site | None = None) -> None:
    """Let investigator `user` search the reads of `area` (all its sites) or of `site`."""
    _check_actor(actor, "grant searches of reads")
    perm, target, described, details = _scope(area, site)
    if not user.is_active or not user.has_role(Role.INVESTIGATOR):
        raise DomainError(f"{user.get_username()} is not an active investigator: only investigators search reads.")
    if has_search_grant(user, target):
        raise DomainError(f"{user.get_username()} may already search {described}.")
    assign_perm(perm, user, target)
    access_log_append(
        actor=actor, action=Action.GRANT_ADDED, subject=f"user:{user.get_username()}",
        details={"user": user.get_username(), **details},
    )


@transaction.atomic
def search_revoke(*, actor, user, area: PolicingArea | None = None, site: Site | None = None) -> None:
    """Withdraw a grant given with search_grant."""
    _check_actor(actor, "revoke searches of reads")
    perm, target, described, details = _scope(area, site)
    if not has_search_grant(user, target):
        raise DomainError(f"{user.get_username()} has no grant to search {described}.")
    remove_perm(perm, user, target)
    access_log_append(
        actor=actor, action=Action.GRANT_REVOKED, subject=f"user:{user.get_username()}",
        details={"user": user.get_username(), **details},
    )
