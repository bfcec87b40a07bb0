"""Where the `no_use` decommissioning flag gets its data: how a site's reads are used.

Two facts per site, from the reads and audit apps:
  * when the site started delivering reads: the creation of its earliest feed that has
    delivered any (reads.Feed; cheap, unlike scanning the partitioned read table);
  * when a read search last returned one of its reads: the newest allowed search in the
    access log linked to the site with reads returned (audit.AccessLogSite).
`annotate_read_activity` adds both to a queryset of sites as annotations (one SQL query for
the whole list, whatever its length); `read_activity` reads them back, or queries them for a
single site loaded without them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from anpr_governance.audit.models import AccessLogSite, Action, Outcome
from anpr_governance.reads.models import Feed
from anpr_governance.sites.models import Site

FIRST = "read_first_feed_at"
LAST = "read_last_search_hit_at"
_FIRST, _LAST = FIRST, LAST


@dataclass(frozen=True)
class ReadActivity:
    # The day the site's first read arrived; None if none has yet (the rule waits for reads).
    first_read_on: datetime.date | None
    # When a read search last returned one of the site's reads; None if never.
    last_search_with_results_at: datetime.datetime | None


def subqueries() -> dict:
    first = Feed.objects.filter(site=OuterRef("pk"), reads_accepted__gt=0).order_by("created_at")
    last = AccessLogSite.objects.filter(
        site=OuterRef("pk"), reads__gt=0, entry__action=Action.SEARCH, entry__outcome=Outcome.ALLOWED
    ).order_by("-entry__at")
    return {
        _FIRST: Subquery(first.values("created_at")[:1]),
        _LAST: Subquery(last.values("entry__at")[:1]),
    }


def annotate_read_activity(sites: QuerySet) -> QuerySet:
    """The bulk variant: annotate a queryset of sites with their read activity."""
    return sites.annotate(**subqueries())


def read_activity(site) -> ReadActivity:
    """The site's read activity (from its annotations when loaded through annotate_read_activity)."""
    if not hasattr(site, _FIRST):
        values = Site.objects.filter(pk=site.pk).annotate(**subqueries()).values(_FIRST, _LAST).get()
        first, last = values[_FIRST], values[_LAST]
    else:
        first, last = getattr(site, _FIRST), getattr(site, _LAST)
    return ReadActivity(
        first_read_on=timezone.localdate(first) if first is not None else None,
        last_search_with_results_at=last,
    )
