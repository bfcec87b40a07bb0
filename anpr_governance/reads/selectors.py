"""Reads of read data, filtered by what the reader may see.

For other apps (reviews' "no use" rule, reports' compliance packs):
`last_search_hit_at_by_site(site_ids)` — when a search last returned reads of each site;
`feeds_by_site(site_ids)` — each site's feeds with when they last delivered reads.
Both give counts and times only, never VRMs.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from guardian.models import UserObjectPermission
from guardian.shortcuts import get_objects_for_user, get_user_perms

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.permissions import can_decide_authorisations, can_manage_feeds, can_search_reads
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.selectors import access_statistics_by_site
from anpr_governance.sites.models import Site, SiteUserObjectPermission

from .models import SEARCH_READS, Authorisation, Feed, SearchGrant


def sites_searchable_by(user) -> QuerySet[Site]:
    """The sites whose reads `user` may search: those granted to them (or a group of
    theirs) directly, and every site of the policing areas granted. None unless the user is
    an active investigator; superuser status grants nothing."""
    if not can_search_reads(user):
        return Site.objects.none()
    options = {"with_superuser": False, "accept_global_perms": False}
    sites = get_objects_for_user(user, f"sites.{SEARCH_READS}", klass=Site, **options)
    areas = get_objects_for_user(user, f"accounts.{SEARCH_READS}", klass=PolicingArea, **options)
    return Site.objects.filter(Q(pk__in=sites.values("pk")) | Q(policing_area__in=areas.values("pk")))


def has_search_grant(user, target: Site | PolicingArea) -> bool:
    """Whether `user` holds a grant on exactly this site or area (not through its area or a group)."""
    return SEARCH_READS in get_user_perms(user, target)


@dataclass
class Grants:
    user: User
    areas: list[str]
    sites: list[str]


def search_grants() -> list[Grants]:
    """Every active investigator with the policing areas and sites granted to them directly."""
    investigators = list(
        User.objects.filter(is_active=True, groups__name=Role.INVESTIGATOR).order_by("username").distinct()
    )
    areas: dict[int, list[str]] = {}
    area_names = dict(PolicingArea.objects.values_list("pk", "name"))
    for user_id, object_pk in UserObjectPermission.objects.filter(
        permission__codename=SEARCH_READS, content_type=ContentType.objects.get_for_model(PolicingArea)
    ).values_list("user_id", "object_pk"):
        areas.setdefault(user_id, []).append(area_names.get(int(object_pk), object_pk))
    sites: dict[int, list[str]] = {}
    for user_id, reference in SiteUserObjectPermission.objects.filter(permission__codename=SEARCH_READS).values_list(
        "user_id", "content_object__reference"
    ):
        sites.setdefault(user_id, []).append(reference)
    return [Grants(u, sorted(areas.get(u.pk, [])), sorted(sites.get(u.pk, []))) for u in investigators]


def pending_search_grants() -> QuerySet[SearchGrant]:
    """Proposed grants and withdrawals waiting for an authorising officer, oldest first."""
    return SearchGrant.objects.filter(status=SearchGrant.Status.PENDING).select_related(
        "user", "area", "site", "proposed_by").order_by("proposed_at")


def feeds_for(user) -> QuerySet[Feed]:
    """Every feed, for system administrators; none for anyone else."""
    feeds = Feed.objects.select_related("site", "created_by", "revoked_by").order_by("site__reference", "name")
    return feeds if can_manage_feeds(user) else feeds.none()


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough to keep them unusable if read."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_for_token(token: str) -> Feed | None:
    """The feed with this token, revoked or not (compare `is_active`)."""
    return Feed.objects.select_related("site").filter(token_hash=hash_token(token)).first()


def authorisations_for(user, *, status: str | None = None) -> QuerySet[Authorisation]:
    """Authorising officers see every request (pending first); investigators their own; others none."""
    authorisations = Authorisation.objects.select_related("requested_by", "decided_by")
    if can_decide_authorisations(user):
        pass
    elif can_search_reads(user):
        authorisations = authorisations.filter(requested_by=user)
    else:
        return authorisations.none()
    if status:
        authorisations = authorisations.filter(status=status)
    pending_first = Case(
        When(status=Authorisation.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return authorisations.order_by(pending_first, "-requested_at")


def last_search_hit_at_by_site(site_ids) -> dict[int, datetime.datetime | None]:
    """For each site id, the latest time a search (an allowed one, from the access log)
    returned reads of that site, or None if none ever did. A site whose reads nobody has
    needed for a long time may no longer meet a pressing need (issue 4's "no use" rule).
    Three queries whatever the number of sites."""
    return {site_id: stats.last_search_hit_at for site_id, stats in access_statistics_by_site(site_ids).items()}


@dataclass
class FeedSummary:
    name: str
    active: bool
    last_received_at: datetime.datetime | None
    reads_accepted: int


def feeds_by_site(site_ids) -> dict[int, list[FeedSummary]]:
    """For each site id, its feeds: whether active, when each last delivered reads, how many
    it has delivered in all (evidence for decommissioning's "feed stopped")."""
    result: dict[int, list[FeedSummary]] = {site_id: [] for site_id in site_ids}
    for feed in Feed.objects.filter(site_id__in=list(result)).order_by("name"):
        result[feed.site_id].append(
            FeedSummary(feed.name, feed.is_active, feed.last_received_at, feed.reads_accepted)
        )
    return result


@dataclass(frozen=True)
class AccessRules:
    """The rules of keeping and searching reads, as settings give them (for the public page)."""

    retention_days: int
    standard_access_days: int
    authorisation_validity_days: int


def access_rules() -> AccessRules:
    return AccessRules(retention_days=settings.ANPR_RETENTION_DAYS,
                       standard_access_days=settings.ANPR_STANDARD_ACCESS_DAYS,
                       authorisation_validity_days=settings.ANPR_AUTHORISATION_VALIDITY_DAYS)


def feed_names(keys: list[str]) -> dict[str, str]:
    """Feeds by primary key (as text) -> "name, site reference", for the access log's subjects."""
    ids = [int(key) for key in keys if key.isdigit()]
    return {
        str(pk): f"{name}, {reference}"
        for pk, name, reference in Feed.objects.filter(pk__in=ids).values_list("pk", "name", "site__reference")
    }
