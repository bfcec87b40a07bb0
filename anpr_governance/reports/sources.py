"""What the packs read from apps that other work delivers: decommissioning flags and
access statistics. Each is one small function, so that wiring them is one change here.

LEAD, AT MERGE:
- `access_statistics`: replace the body with the reads/audit selectors (searches by
  purpose, authorisations granted and refused, per site, within the period). Keep the
  return shape; set "recorded" to True. Counts only, never a VRM.
- `flags_at_generation`: nothing to do if issue 4 fills `sites.selectors.site_flags`;
  if `sites_for_user` gains prefetches or annotations for the rules, mirror them in
  `_sites_loaded_for_flags` (used by command-line builds, which have no user).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from anpr_governance.sites.models import Camera, Site
from anpr_governance.sites.selectors import site_flags, sites_for_user

READ_DATA_NOT_RECORDED = "Read data not yet recorded"


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day, inclusive
    end: datetime.date  # last day (the "as at" date), inclusive


def access_statistics(site_ids: list[int], period: Period) -> dict[int, dict]:
    """Per site: searches of its reads by purpose, authorisations granted and refused in
    the period. Counts only, never a VRM.

    Until the reads and audit apps record searches, every count is zero and "recorded"
    is False, with the note READ_DATA_NOT_RECORDED; the pack marks that as a gap."""
    return {
        site_id: {
            "recorded": False,
            "note": READ_DATA_NOT_RECORDED,
            "searches_by_purpose": [],  # [{"purpose": str, "count": int}], most frequent first
            "searches_total": 0,
            "authorisations_granted": 0,
            "authorisations_refused": 0,
        }
        for site_id in site_ids
    }


def flags_at_generation(site_ids: list[int], *, actor) -> dict[int, list[dict]]:
    """The decommissioning and governance flags of each site as computed now (the rules
    read the current records, so a pack "as at" an earlier date prints them with that
    caveat). One set of queries for all the sites, as site_flags requires."""
    sites = sites_for_user(actor) if actor is not None else _sites_loaded_for_flags()
    return {site.pk: [dict(flag) for flag in site_flags(site)] for site in sites.filter(pk__in=site_ids)}


def _sites_loaded_for_flags():
    """What sites_for_user loads, for builds without a user (the command line)."""
    return Site.objects.select_related("policing_area").prefetch_related(
        Prefetch(
            "cameras",
            queryset=Camera.objects.filter(removed_on__isnull=True).order_by("identifier"),
            to_attr="active_cameras",
        )
    )
