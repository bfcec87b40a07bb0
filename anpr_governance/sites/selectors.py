"""Reads of camera sites, filtered by what the reader may see. Sites know nothing of the
apps above them: a page that shows flags asks `reviews.selectors.sites_with_flags`."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.accounts.permissions import can_view_sites

from .lifecycle import COLLECTING, Status
from .models import Camera, Site


def sites_for_user(user, *, status: str | None = None, policing_area: str | None = None) -> QuerySet[Site]:
    """The sites `user` may see: all of them for holders of sites.view_site, none otherwise;
    optionally only those in a status or in the policing area with the given code.

    Each site comes with its policing area and, as `active_cameras`, its cameras still in
    place, so a list costs the same number of queries however many sites it has.
    Locations are not filtered here (they are columns, not rows): callers show
    `RESTRICTED_LOCATION_FIELDS` only where `accounts.permissions.can_view_location` says so.
    """
    if not can_view_sites(user):
        return Site.objects.none()
    sites = Site.objects.select_related("policing_area").prefetch_related(
        Prefetch(
            "cameras",
            queryset=Camera.objects.filter(removed_on__isnull=True).order_by("identifier"),
            to_attr="active_cameras",
        )
    )
    if status:
        sites = sites.filter(status=status)
    if policing_area:
        sites = sites.filter(policing_area__code=policing_area)
    return sites


def site_or_404(user, reference: str, *, sites: QuerySet[Site] | None = None) -> Site:
    """One site by its reference for a page, with its governance officer: a 404 when it does
    not exist or `user` may not see it. `sites` is a queryset of `sites_for_user` that loads
    more (e.g. `reviews.selectors.sites_with_flags`)."""
    sites = sites_for_user(user) if sites is None else sites
    site = sites.select_related("governance_officer").filter(reference=reference).first()
    if site is None:
        raise Http404(f"There is no site with the reference {reference}.")
    return site


# --- Public figures (the transparency page): counts only, for no particular reader -------


def site_counts_by_status() -> dict[str, int]:
    """How many sites are in each lifecycle status (every status, zero included), in lifecycle order."""
    counts = dict(Site.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status.value: counts.get(status.value, 0) for status in Status}


def collecting_site_counts_by_area() -> dict[str, int]:
    """How many sites collect reads in each policing area, by area name (areas with none: zero).
    Counts only: never which sites, nor where."""
    areas = PolicingArea.objects.annotate(
        n=Count("sites", filter=Q(sites__status__in=COLLECTING))).order_by("name")
    return {area.name: area.n for area in areas}
