"""Reads of reviews, notices, decommissioning flags and decisions.

`can_view_reviews` (accounts.permissions) says who reads them: the governance roles."""

import datetime
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from anpr_governance.accounts.permissions import can_view_sites
from anpr_governance.reads.models import Authorisation
from anpr_governance.sites.models import Site
from anpr_governance.sites.selectors import sites_for_user

from . import standing_flags
from .flags import Context, flags_for, with_flag_data
from .models import DecommissionChecklist, FlagDecision, Notice, Review


class SiteFlag(TypedDict):
    rule: str  # the rule's name, e.g. "review_overdue"
    reason: str  # in words, for the person reading it



def open_review(site) -> Review | None:
    return site.reviews.filter(state__in=Review.OPEN_STATES).order_by("due_on").first()


def latest_approved_review(site) -> Review | None:
    return site.reviews.filter(state=Review.State.APPROVED).order_by("-decided_at", "-id").first()


def decommission_checklist(site) -> DecommissionChecklist | None:
    return DecommissionChecklist.objects.filter(site=site).first()


def confirmed_flag_decisions(site) -> QuerySet[FlagDecision]:
    return FlagDecision.objects.filter(site=site, decision=FlagDecision.Decision.CONFIRMED)


def flag_decisions(site) -> QuerySet[FlagDecision]:
    """Every decision taken on the site's flags, newest first."""
    return FlagDecision.objects.filter(site=site).select_related("decided_by").order_by("-decided_at", "-id")


REVIEW_TO_DO = (Review.State.SCHEDULED, Review.State.IN_PROGRESS, Review.State.RETURNED)


def notices_for_user(user, *, unread_only: bool = True, limit: int | None = 20) -> list[Notice]:
    """The notices addressed to `user`, newest first (for the dashboard: the unread ones).

    Each comes with its site (`notice.site.reference`) and review; one query."""
    if not can_view_sites(user):
        return []
    notices = Notice.objects.filter(recipient=user).select_related("site", "review")
    if unread_only:
        # A notice about a review that is no longer to be written (submitted, decided) asks
        # for work already done: it leaves the dashboard (it stays in the list of all notices).
        # So does a request for an authorisation that has been decided.
        decided = Authorisation.objects.exclude(status=Authorisation.Status.PENDING).annotate(
            key=Concat(Value("authorisation:"), Cast("pk", CharField()))).values("key")
        notices = notices.filter(read_at__isnull=True).exclude(
            Q(review__isnull=False) & ~Q(review__state__in=REVIEW_TO_DO)).exclude(
            kind=Notice.Kind.AUTHORISATION_REQUESTED, subject__in=decided)
    notices = notices.order_by("-created_at", "-id")
    return list(notices[:limit] if limit else notices)


def flagged_sites(user, *, rule: str | None = None, policing_area: str | None = None,
                  assigned_to=None, limit: int | None = None) -> list[tuple]:
    """The collecting sites `user` may see that carry decommissioning flags, as
    (site, [Flag, ...]) in reference order; only those with `rule`, in the policing area
    with that code, or assigned to that governance officer (e.g. an officer's dashboard:
    `assigned_to=request.user`) if given; the first `limit` of them if given.

    Which sites are flagged is found in the database (`standing_flags.flagged`); the live
    rules then run on the sites returned only, so the reasons are today's. A fixed number
    of queries for any number of sites."""
    ctx = Context.now()
    sites = with_flag_data(flagged_sites_queryset(user, rule=rule, policing_area=policing_area,
                                                  assigned_to=assigned_to), cameras=False)
    if limit is not None:
        sites = sites[:limit]
    result = []
    for site in sites:
        flags = flags_for(site, ctx=ctx)
        if rule is not None:
            flags = [flag for flag in flags if flag.rule == rule]
        if flags:
            result.append((site, flags))
    return result


def flagged_sites_queryset(user, *, rule: str | None = None, policing_area: str | None = None,
                           assigned_to=None) -> QuerySet[Site]:
    """The flagged sites of `flagged_sites` as a queryset without their flags: to count them."""
    sites = sites_for_user(user, policing_area=policing_area)
    if assigned_to is not None:
        sites = sites.filter(governance_officer=assigned_to)
    return standing_flags.flagged(sites, rule=rule).order_by("reference")


def sites_with_flags(user, **filters) -> QuerySet[Site]:
    """`sites_for_user` (same filters) with what the flag rules read loaded for every site,
    so that `site_flags` on each costs no query: for pages and APIs that show flags."""
    return with_flag_data(sites_for_user(user, **filters), cameras=False)


def site_flags(site: Site) -> list[SiteFlag]:
    """The decommissioning flags a site raises, each {"rule": ..., "reason": ...}: the rules
    of `reviews.flags` (review overdue, assessment or DPIA expired, material change, no
    continuing policing challenge, no use), less those a manager overruled for the same cause.

    A site loaded through `sites_with_flags` is judged without a query; one loaded
    otherwise has that data loaded on first use."""
    return [SiteFlag(rule=flag.rule, reason=flag.reason) for flag in flags_for(site)]


@dataclass(frozen=True)
class ReviewTimeliness:
    due: int  # reviews that fell due in the period (withdrawn ones aside)
    on_time: int  # of those, approved on or before their due date
    percent: int | None  # on_time as a whole percentage of due; None when none fell due


def review_timeliness(*, since: datetime.date, until: datetime.date) -> ReviewTimeliness:
    """Of the reviews due in [since, until), how many were completed (approved) by their due
    date. A review still open, or completed late, counts against. One query."""
    reviews = Review.objects.filter(due_on__gte=since, due_on__lt=until).exclude(state=Review.State.WITHDRAWN)
    counts = reviews.aggregate(
        due=Count("id"),
        on_time=Count("id", filter=Q(state=Review.State.APPROVED, completed_on__lte=F("due_on"))),
    )
    percent = round(100 * counts["on_time"] / counts["due"]) if counts["due"] else None
    return ReviewTimeliness(due=counts["due"], on_time=counts["on_time"], percent=percent)


def reviews_of_site(site) -> QuerySet[Review]:
    """Every review of `site`, newest first, with the people named on it (the API's list)."""
    return site.reviews.select_related("reviewer", "submitted_by", "decided_by").order_by("-due_on", "-id")
