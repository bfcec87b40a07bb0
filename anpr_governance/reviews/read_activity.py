"""Where the `no_use` decommissioning flag gets its data: how a site's reads are used.

MERGE POINT (issue 5, the reads and audit apps). The rule needs, per site, the day its
first read arrived and when a read search last returned one of its reads. That data lives
in the reads/audit apps, which do not exist in this branch: until they are wired in here,
`read_activity` answers None ("no read data yet") and the rule raises nothing.

To wire it (keeping a list of sites at a constant number of queries):
  * `annotate_read_activity(sites)` adds two annotations to the queryset, e.g.
        first_read_at=Subquery(Read.objects.filter(camera__site=OuterRef("pk"))
                               .order_by("read_at").values("read_at")[:1]),
        last_search_with_results_at=Subquery(<the access log's searches whose results
                               included a read of this site, newest first>.values("at")[:1]),
    (one SQL query for the whole list, whatever its length);
  * `read_activity(site)` builds ReadActivity from those attributes when present, or
    queries the same two values for a single site loaded without them.
Nothing else changes: the rule in `flags.py` already handles every case below.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ReadActivity:
    # The day the site's first read arrived; None if none has yet (the rule waits for reads).
    first_read_on: datetime.date | None
    # When a read search last returned one of the site's reads; None if never.
    last_search_with_results_at: datetime.datetime | None


def annotate_read_activity(sites: QuerySet) -> QuerySet:
    """The bulk variant: annotate a queryset of sites with their read activity.

    No read data yet: the queryset is returned as it is (see the module docstring)."""
    return sites


def read_activity(site) -> ReadActivity | None:
    """The site's read activity, or None while no read data exists (the rule does not flag).

    No read data yet: always None (see the module docstring)."""
    return None


def last_search_with_results_at(site) -> datetime.datetime | None:
    """When a read search last returned one of the site's reads (None: never, or no data yet)."""
    activity = read_activity(site)
    return activity.last_search_with_results_at if activity else None
