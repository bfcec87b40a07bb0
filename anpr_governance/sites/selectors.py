"""Reads of camera sites, filtered by what the reader may see."""

from typing import TypedDict

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from anpr_governance.accounts.permissions import can_view_sites

from .models import Camera, Site


class SiteFlag(TypedDict):
    rule: str  # the rule's name, e.g. "review_overdue"
    reason: str  # in words, for the person reading it


def sites_for_user(user, *, status: str | None = None, policing_area: str | None = None) -> QuerySet[Site]:
    """The sites `user` may see: all of them for holders of sites.view_site, none otherwise;
    optionally only those in a status or in the policing area with the given code.

    Each site comes with its policing area, as `active_cameras` its cameras still in place,
    and what the decommissioning flag rules read (`reviews.flags.with_flag_data`), so listing
    sites with their flags costs the same number of queries however many there are.
    Locations are not filtered here (they are columns, not rows): callers show
    `RESTRICTED_LOCATION_FIELDS` only where `accounts.permissions.can_view_location` says so.
    """
    sites = Site.objects.select_related("policing_area").prefetch_related(
        Prefetch(
            "cameras",
            queryset=Camera.objects.filter(removed_on__isnull=True).order_by("identifier"),
            to_attr="active_cameras",
        )
    )
    from anpr_governance.reviews.flags import with_flag_data

    sites = with_flag_data(sites, cameras=False)
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


def site_or_404(user, reference: str) -> Site:
    """One site by its reference for a page: a 404 when `user` may not see it or it does not exist."""
    site = site_for_user(user, reference)
    if site is None:
        raise Http404(f"There is no site with the reference {reference}.")
    return site


def site_flags(site: Site) -> list[SiteFlag]:
    """The decommissioning flags a site raises, each {"rule": ..., "reason": ...}: the rules
    of `reviews.flags` (review overdue, assessment or DPIA expired, material change, no
    continuing policing challenge, no use), less those a manager overruled for the same cause.

    Rules read only what `sites_for_user` loads with the site (`reviews.flags.with_flag_data`),
    never query per site, so that a list of sites keeps a constant number of queries. A
    site loaded otherwise has that data loaded on first use.
    """
    from anpr_governance.reviews.flags import flags_for

    return [SiteFlag(rule=flag.rule, reason=flag.reason) for flag in flags_for(site)]
