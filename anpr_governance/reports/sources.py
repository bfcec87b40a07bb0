"""What the packs read from other apps: decommissioning flags (reviews) and access
statistics (audit). Counts only, never a VRM.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from anpr_governance.audit.selectors import access_statistics as force_statistics
from anpr_governance.audit.selectors import access_statistics_by_site, sampling_finding_counts
from anpr_governance.reviews.flags import with_flag_data
from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites.models import Site

READ_DATA_NOT_RECORDED = "Read data not yet recorded"


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day, inclusive
    end: datetime.date  # last day (the "as at" date), inclusive


def _bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    since = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return since, until


def access_statistics(site_ids: list[int], period: Period) -> dict[int, dict]:
    """Per site, from the access log: the searches in the period whose results included the
    site's reads, by purpose, and how many of them reached older data under a senior officer's
    authorisation. (Authorisations are granted per vehicle, not per site: their counts are
    force-wide, in `force_access_statistics`.)"""
    since, until = _bounds(period)
    stats = access_statistics_by_site(site_ids, since=since, until=until)
    return {
        site_id: {
            "recorded": True,
            "note": "",
            "searches_by_purpose": [
                {"purpose": purpose, "count": count}
                for purpose, count in sorted(stats[site_id].searches_by_purpose.items(), key=lambda kv: -kv[1])
            ],
            "searches_total": stats[site_id].searches,
            "authorised_searches": stats[site_id].authorised_searches,
        }
        for site_id in site_ids
    }


def force_access_statistics(period: Period) -> dict:
    """Force-wide counts for the period: searches allowed and refused, authorisations
    granted and refused, exports and disclosures."""
    since, until = _bounds(period)
    stats = force_statistics(since=since, until=until)
    return {
        "searches_total": stats.searches,
        "searches_refused": stats.searches_refused,
        "authorisations_granted": stats.authorisations_approved,
        "authorisations_refused": stats.authorisations_refused,
        "exports": stats.exports,
        "disclosures": stats.disclosures,
    }


def flags_at_generation(site_ids: list[int], *, actor) -> dict[int, list[dict]]:
    """The decommissioning and governance flags of each site as computed now (the rules
    read the current records, so a pack "as at" an earlier date prints them with that
    caveat). One set of queries for all the sites, as site_flags requires; a build without a
    user (the command line) sees every site."""
    sites = sites_with_flags(actor) if actor is not None else with_flag_data(Site.objects.all())
    return {site.pk: [dict(flag) for flag in site_flags(site)] for site in sites.filter(pk__in=site_ids)}


def sampling_findings(period: Period) -> dict:
    """Force-wide: the auditors' dip-sampling findings on searches made in the period (counts)."""
    since, until = _bounds(period)
    return sampling_finding_counts(since=since, until=until)
