"""Reads of the access log: the filtered log for its readers, and access statistics.

The log itself (with VRMs) is for auditors and the data protection officer only
(`access_log_for`). The statistics (`access_statistics`, `access_statistics_by_site`)
are counts only, never VRMs, references or names, so that reports and rules may use them
(e.g. a site's "no use" flag, the compliance pack's access figures).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from anpr_governance.accounts.permissions import can_read_access_log, holds_role
from anpr_governance.accounts.roles import AUDITORS

from .chain import GENESIS
from .models import (
    AccessLogEntry,
    AccessLogHead,
    AccessLogSite,
    Action,
    ChainCheck,
    Finding,
    Outcome,
    Sample,
    SampledSearch,
)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log_for(
    user,
    *,
    action: str | None = None,
    outcome: str | None = None,
    actor: str | None = None,
    vrm: str | None = None,
    purpose: str | None = None,
    reference: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The entries `user` may read, newest first: all of them for auditors and the data
    protection officer, none for anyone else. Filters: action (exact, or a prefix ending in
    "." such as "reads.authorisation."), outcome, actor (username), VRM (spaces ignored),
    purpose, reference (case-insensitive, contained), and days `since`/`until` inclusive
    (Europe/London)."""
    entries = AccessLogEntry.objects.order_by("-sequence")
    if not can_read_access_log(user):
        return entries.none()
    if action:
        entries = entries.filter(action__startswith=action) if action.endswith(".") else entries.filter(action=action)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if actor:
        entries = entries.filter(actor_name__iexact=actor.strip())
    if vrm:
        entries = entries.filter(vrm=vrm.replace(" ", "").upper())
    if purpose:
        entries = entries.filter(purpose=purpose)
    if reference:
        entries = entries.filter(reference__icontains=reference.strip())
    if since:
        entries = entries.filter(at__gte=_day_start(since))
    if until:
        entries = entries.filter(at__lt=_day_start(until + datetime.timedelta(days=1)))
    return entries


@dataclass(frozen=True)
class ChainHead:
    entries: int
    last_hash: str


def access_log_head() -> ChainHead:
    """How many entries the log holds and the hash of the last one. Publishing this figure
    (e.g. in a compliance pack) anchors the chain: a later rewrite of the whole tail would
    no longer end in the published hash."""
    head = AccessLogHead.objects.filter(pk=1).first()
    return ChainHead(head.sequence, head.last_hash) if head else ChainHead(0, GENESIS)


def chain_checks(limit: int = 20) -> list[ChainCheck]:
    """The latest verifications of the chain, newest first."""
    return list(ChainCheck.objects.select_related("run_by").order_by("-at", "-id")[:limit])


@dataclass
class SiteAccessStatistics:
    """Counts for one site over a period: searches that returned reads of the site."""

    searches: int = 0  # searches whose results included reads of the site
    reads_returned: int = 0  # reads of the site those searches returned, in total
    searches_by_purpose: dict[str, int] = field(default_factory=dict)
    authorised_searches: int = 0  # of those searches, how many reached older data under an authorisation
    last_search_hit_at: datetime.datetime | None = None


def _period(queryset: QuerySet, prefix: str, since: datetime.datetime | None, until: datetime.datetime | None):
    if since is not None:
        queryset = queryset.filter(**{f"{prefix}at__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{prefix}at__lt": until})
    return queryset


def access_statistics_by_site(
    site_ids, *, since: datetime.datetime | None = None, until: datetime.datetime | None = None
) -> dict[int, SiteAccessStatistics]:
    """Per site id in `site_ids`, the searches (allowed ones; a refused search returns
    nothing) whose results included reads of that site in [since, until): how many, by
    purpose, how many under a senior officer's authorisation, the reads returned and the
    latest such search. Sites without any have zero counts. Counts only, never VRMs.

    Three queries whatever the number of sites."""
    site_ids = list(site_ids)
    stats = {site_id: SiteAccessStatistics() for site_id in site_ids}
    links = _period(
        AccessLogSite.objects.filter(
            site_id__in=site_ids, entry__action=Action.SEARCH, entry__outcome=Outcome.ALLOWED
        ),
        "entry__",
        since,
        until,
    )
    for row in links.values("site_id").annotate(
        searches=Count("entry_id"),
        reads=Sum("reads"),
        last=Max("entry__at"),
        authorised=Count("entry_id", filter=~Q(entry__subject="")),
    ):
        site = stats[row["site_id"]]
        site.searches, site.reads_returned = row["searches"], row["reads"] or 0
        site.last_search_hit_at, site.authorised_searches = row["last"], row["authorised"]
    for row in links.values("site_id", "entry__purpose").annotate(n=Count("entry_id")):
        stats[row["site_id"]].searches_by_purpose[row["entry__purpose"]] = row["n"]
    return stats


@dataclass
class AccessStatistics:
    """Force-wide counts over a period."""

    searches: int = 0
    searches_refused: int = 0
    searches_by_purpose: dict[str, int] = field(default_factory=dict)
    authorised_searches: int = 0
    authorisations_requested: int = 0
    authorisations_approved: int = 0
    authorisations_refused: int = 0
    exports: int = 0  # search results and access log exports
    disclosures: int = 0
    erasures: int = 0
    reads_erased: int = 0


def access_statistics(
    *, since: datetime.datetime | None = None, until: datetime.datetime | None = None
) -> AccessStatistics:
    """Force-wide counts for [since, until): searches allowed (by purpose, and how many under
    an authorisation) and refused, authorisations requested, approved and refused, exports,
    disclosures, and retention erasures with the reads they erased. Counts only, never VRMs."""
    entries = _period(AccessLogEntry.objects.all(), "", since, until)
    counts = Counter()
    for row in entries.values("action", "outcome").annotate(n=Count("id")):
        counts[(row["action"], row["outcome"])] += row["n"]
    stats = AccessStatistics(
        searches=counts[(Action.SEARCH, Outcome.ALLOWED)],
        searches_refused=counts[(Action.SEARCH, Outcome.REFUSED)],
        authorisations_requested=counts[(Action.AUTHORISATION_REQUESTED, Outcome.ALLOWED)],
        authorisations_approved=counts[(Action.AUTHORISATION_APPROVED, Outcome.ALLOWED)],
        authorisations_refused=counts[(Action.AUTHORISATION_REFUSED, Outcome.ALLOWED)],
        exports=counts[(Action.SEARCH_EXPORTED, Outcome.ALLOWED)] + counts[(Action.LOG_EXPORTED, Outcome.ALLOWED)],
        disclosures=counts[(Action.DISCLOSED, Outcome.ALLOWED)],
        erasures=counts[(Action.ERASED, Outcome.ALLOWED)],
    )
    searches = entries.filter(action=Action.SEARCH, outcome=Outcome.ALLOWED)
    stats.searches_by_purpose = dict(searches.values_list("purpose").annotate(n=Count("id")).order_by())
    stats.authorised_searches = searches.exclude(subject="").count()
    erased = entries.filter(action=Action.ERASED).aggregate(n=Sum("result_count"))["n"]
    stats.reads_erased = erased or 0
    return stats


# --- Dip-sampling of searches --------------------------------------------------------------


def samples_for(user) -> QuerySet[Sample]:
    """Every sample, newest first, for auditors; none for anyone else."""
    if not holds_role(user, *AUDITORS):
        return Sample.objects.none()
    return Sample.objects.select_related("drawn_by").annotate(
        recorded=Count("searches", filter=~Q(searches__finding="")), size=Count("searches")
    ).order_by("-drawn_at", "-id")


def sampled_searches(sample: Sample) -> list[SampledSearch]:
    """The searches in a sample, in the log's order, each with its entry and sites."""
    return list(sample.searches.select_related("entry", "recorded_by").prefetch_related("entry__site_links__site")
                .order_by("entry__sequence"))


def sampling_finding_counts(*, since: datetime.datetime | None = None,
                            until: datetime.datetime | None = None) -> dict[str, int]:
    """Counts of dip-sampling findings on searches made in [since, until): how many searches
    were sampled, and how many found justified, not justified, needing follow-up, or not yet
    checked. Counts only, never VRMs: for compliance packs and the public transparency figures."""
    rows = _period(SampledSearch.objects.all(), "entry__", since, until).values("finding").annotate(n=Count("id"))
    counts = {row["finding"]: row["n"] for row in rows}
    return {
        "sampled": sum(counts.values()),
        **{finding.value: counts.get(finding.value, 0) for finding in Finding},
        "not_yet_checked": counts.get("", 0),
    }
