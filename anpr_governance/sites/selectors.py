"""Reads of camera sites, filtered by what the reader may see."""

from typing import TypedDict

from django.db.models import Prefetch, QuerySet

from anpr_governance.core.permissions import can_view_sites

from .models import Camera, Site


class SiteFlag(TypedDict):
    rule: str  # the rule's name, e.g. "review_overdue"
    reason: str  # in words, for the person reading it


def sites_for_user(user, *, status: str | None = None, policing_area: str | None = None) -> QuerySet[Site]:
    """The sites `user` may see: all of them for holders of sites.view_site, none otherwise;
    optionally only those in a status or in the policing area with the given code.

    Each site comes with its policing area and, as `active_cameras`, its cameras still in
    place, so listing sites costs the same number of queries however many there are.
    Locations are not filtered here (they are columns, not rows): callers show
    `RESTRICTED_LOCATION_FIELDS` only where `core.permissions.can_view_location` says so.
    """
    sites = Site.objects.select_related("policing_area").prefetch_related(
        Prefetch(
            "cameras",
            queryset=Camera.objects.filter(removed_on__isnull=True).order_by("identifier"),
            to_attr="active_cameras",
        )
    )
    if not can_view_sites(user):
        return sites.none()
    if status:
        sites = sites.filter(status=status)
    if policing_area:
        sites = sites.filter(policing_area__code=policing_area)
    return sites


def site_for_user(user, reference: str) -> Site | None:
    """One site by its reference, if `user` may see it (None otherwise: the page is a 404)."""
    return sites_for_user(user).select_related("governance_officer").filter(reference=reference).first()


def site_flags(site: Site) -> list[SiteFlag]:
    """The warnings a site raises, each {"rule": ..., "reason": ...}. None yet: a later
    issue adds the rules (a review overdue, a DPIA not covering the cameras, ...).

    Rules must read only what `sites_for_user` loads with the site (add a prefetch or an
    annotation there when a rule needs more), never query per site, so that a list of
    sites keeps a constant number of queries.
    """
    return []
