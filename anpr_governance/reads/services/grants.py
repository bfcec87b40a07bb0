"""Search grants: which sites and policing areas an investigator may search.

No single person opens access to reads. A system administrator proposes a grant (or its
withdrawal); it takes effect only when an authorising officer approves it, and neither of
them may be the investigator concerned, nor the approver the proposer. An approved grant
expires ANPR_SEARCH_GRANT_MONTHS after approval. The right itself is a guardian object
permission, `search_reads`, on a site (`sites.search_reads`) or a policing area
(`accounts.search_reads`, covering every site in the area, including sites added later); it
exists only while an approved, unexpired SearchGrant backs it (`search_grants_expire` removes
any other, and runs before every search and daily). Proposals, decisions and expiries are in
the access log.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.accounts.permissions import require_named_role, require_not_same_person
from anpr_governance.accounts.roles import ADMINISTRATOR, AUTHORISING_OFFICER, Role
from anpr_governance.accounts.two_people import REFUSE, second_person_decision
from anpr_governance.audit.models import Action, Outcome
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.core.text import text_or_refuse
from anpr_governance.sites.models import Site, SiteUserObjectPermission

from ..models import SEARCH_READS, SearchGrant
from ..selectors import has_search_grant


def _scope(area: PolicingArea | None, site: Site | None) -> tuple[str, object, str, dict]:
    if (area is None) == (site is None):
        raise DomainError("Choose either a policing area or a site.")
    if area is not None:
        return f"accounts.{SEARCH_READS}", area, f"the {area.name} policing area", {"area": area.name}
    return f"sites.{SEARCH_READS}", site, f"site {site.reference}", {"site": site.reference}


def _log(actor, action, grant: SearchGrant, *, outcome=Outcome.ALLOWED, justification: str = "", **extra):
    _, _, _, details = _scope(grant.area, grant.site)
    access_log_append(
        actor=actor, action=action, outcome=outcome, subject=f"grant:{grant.pk}", justification=justification,
        details={"user": grant.user.get_username(), **details, "change": grant.change, **extra},
    )


@transaction.atomic
def search_grant_propose(*, actor, user, area: PolicingArea | None = None, site: Site | None = None,
                         revoke: bool = False, reason="") -> SearchGrant:
    """A system administrator proposes that investigator `user` may search `area` (all its sites)
    or `site`, or with `revoke` no longer may. Nothing changes until another person approves."""
    doing = "propose the withdrawal of a search grant" if revoke else "propose a search grant"
    require_named_role(actor, ADMINISTRATOR, doing=doing)
    require_not_same_person(actor, user, doing=doing, their="are the person it concerns")
    _, target, described, _ = _scope(area, site)
    reason = text_or_refuse(reason, "reason", "The reason").strip()
    if revoke:
        if not has_search_grant(user, target):
            raise DomainError(f"{user.get_username()} has no grant to search {described}.")
    else:
        if not user.is_active or not user.has_role(Role.INVESTIGATOR):
            raise DomainError(f"{user.get_username()} is not an active investigator: only investigators search reads.")
        if has_search_grant(user, target):
            raise DomainError(f"{user.get_username()} may already search {described}.")
    if SearchGrant.objects.filter(user=user, area=area, site=site, status=SearchGrant.Status.PENDING).exists():
        raise DomainError(f"A proposal about {user.get_username()} and {described} is already waiting for a decision.")
    grant = SearchGrant(user=user, area=area, site=site, proposed_by=actor, reason=reason,
                        change=SearchGrant.Change.REVOKE if revoke else SearchGrant.Change.GRANT)
    save_with_history(grant, actor=actor, reason="reads.grant.requested")
    _log(actor, Action.GRANT_REQUESTED, grant, justification=reason)
    return grant


@transaction.atomic
def search_grant_decide(*, actor, grant: SearchGrant, decision, comment="",
                        now: datetime.datetime | None = None) -> SearchGrant:
    """An authorising officer, neither the proposer nor the investigator, approves or refuses."""
    require_named_role(actor, AUTHORISING_OFFICER, doing="decide search grants")
    grant = SearchGrant.objects.select_for_update().get(pk=grant.pk)
    comment = second_person_decision(actor, grant, name=f"Search grant {grant.pk}", decision=decision,
                                     comment=comment, refused="proposal")
    now = now or timezone.now()
    perm, target, described, _ = _scope(grant.area, grant.site)
    grant.decided_by, grant.decided_at, grant.decision_comment = actor, now, comment
    if decision == REFUSE:
        grant.status = SearchGrant.Status.REFUSED
        save_with_history(grant, actor=actor, reason="reads.grant.refused")
        _log(actor, Action.GRANT_REFUSED, grant, outcome=Outcome.REFUSED, justification=comment)
        return grant
    grant.status = SearchGrant.Status.APPROVED
    if grant.change == SearchGrant.Change.GRANT:
        if not grant.user.is_active or not grant.user.has_role(Role.INVESTIGATOR):
            raise DomainError(f"{grant.user.get_username()} is no longer an active investigator.")
        grant.expires_at = now + relativedelta(months=settings.ANPR_SEARCH_GRANT_MONTHS)
        assign_perm(perm, grant.user, target)
        save_with_history(grant, actor=actor, reason="reads.grant.added")
        _log(actor, Action.GRANT_ADDED, grant, justification=comment, proposed_by=grant.proposed_by.get_username(),
             expires_at=grant.expires_at.astimezone(datetime.UTC).isoformat())
    else:
        grant.ended_at = now
        remove_perm(perm, grant.user, target)
        _end_approved(grant.user, grant.area, grant.site, now, actor)
        save_with_history(grant, actor=actor, reason="reads.grant.revoked")
        _log(actor, Action.GRANT_REVOKED, grant, justification=comment, proposed_by=grant.proposed_by.get_username())
    return grant


def _end_approved(user, area, site, now, actor) -> None:
    for approved in SearchGrant.objects.filter(user=user, area=area, site=site, change=SearchGrant.Change.GRANT,
                                               status=SearchGrant.Status.APPROVED):
        approved.status, approved.ended_at = SearchGrant.Status.ENDED, now
        save_with_history(approved, actor=actor, reason="reads.grant.ended")


@transaction.atomic
def search_grants_expire(*, user=None, now: datetime.datetime | None = None) -> int:
    """Remove every search permission (of `user`, or everyone's) not backed by an approved,
    unexpired grant, logging each as expired; return how many. Run before each search and daily."""
    now = now or timezone.now()
    live = SearchGrant.objects.filter(status=SearchGrant.Status.APPROVED, change=SearchGrant.Change.GRANT,
                                      expires_at__gt=now)
    if user is not None:
        live = live.filter(user=user)
    backed_areas = set(live.exclude(area=None).values_list("user_id", "area_id"))
    backed_sites = set(live.exclude(site=None).values_list("user_id", "site_id"))
    area_perms = UserObjectPermission.objects.filter(
        permission__codename=SEARCH_READS, content_type=ContentType.objects.get_for_model(PolicingArea))
    site_perms = SiteUserObjectPermission.objects.filter(permission__codename=SEARCH_READS)
    if user is not None:
        area_perms, site_perms = area_perms.filter(user=user), site_perms.filter(user=user)
    ended = 0
    for row in area_perms.select_related("user"):
        if (row.user_id, int(row.object_pk)) not in backed_areas:
            ended += _expire(row.user, area=PolicingArea.objects.get(pk=int(row.object_pk)), now=now)
    for row in site_perms.select_related("user", "content_object"):
        if (row.user_id, row.content_object_id) not in backed_sites:
            ended += _expire(row.user, site=row.content_object, now=now)
    return ended


def _expire(user, *, area=None, site=None, now) -> int:
    perm, target, _, details = _scope(area, site)
    remove_perm(perm, user, target)
    grant = SearchGrant.objects.filter(user=user, area=area, site=site, change=SearchGrant.Change.GRANT,
                                       status=SearchGrant.Status.APPROVED).order_by("-decided_at").first()
    if grant is not None:
        _end_approved(user, area, site, now, None)
    access_log_append(
        actor=None, action=Action.GRANT_EXPIRED, subject=f"grant:{grant.pk}" if grant else "",
        justification="The grant expired: a new one must be proposed and approved." if grant
        else "No approved grant backed this permission.",
        details={"user": user.get_username(), **details},
    )
    return 1
