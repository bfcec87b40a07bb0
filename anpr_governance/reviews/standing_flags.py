"""Which collecting sites carry a standing flag, found in the database (issue 16).

The rules of `flags.py` stay the only judges. Their verdict on each collecting site is kept
in `FlagEvaluation` (the codes of the standing flags, no reasons), so that the dashboard
and the "flagged only" register select, count and paginate flagged sites in SQL instead
of running every rule on every site per request. The pages then run the live rules on the
few sites they show, so the reasons shown are always today's.

A kept verdict is used only while it is known to be current ("fresh"):
  * time: when written, the rules are also run for each of the next HORIZON_DAYS days;
    `valid_through` is the last day they give the same flags (codes and causes). Date-driven
    rules (review overdue, validity expired, exemption expired, no use) therefore turn a
    verdict stale on the very day they would change it. The daily sweep rewrites every
    collecting site's verdict, so this does not happen in practice;
  * records: a change to anything the rules read (the site, its cameras, reviews,
    documents, material changes, exemptions, consultations, flag decisions) deletes the
    site's verdict in the same transaction (signals below) and writes a new one after
    commit. Read activity (reads.Feed, the access log) changes without hooks in bulk
    paths, so the verdict keeps what no_use read and is stale once that differs;
  * settings: the verdict keeps the settings the rules read; other settings make it stale.
A stale site (or one never evaluated, e.g. created in bulk) is judged by the live rules at
request time: correct, and bounded by the number of stale sites, normally none.

Writers lock the site rows first (select_for_update), as do the invalidating hooks, so a
verdict computed from data read before a change cannot be written after the change's
invalidation (PostgreSQL; SQLite serialises all writers anyway).
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, DateTimeField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from anpr_governance.assessments.models import Assessment, PrivacyImpactAssessment
from anpr_governance.consultations.models import Consultation, ConsultationExemption
from anpr_governance.sites.lifecycle import COLLECTING
from anpr_governance.sites.models import Camera, MaterialChange, Site

from . import read_activity
from .flags import RULES, Context, flags_for, with_flag_data
from .models import FlagDecision, FlagEvaluation, Review

# How many days ahead a verdict is checked when written: the sweep runs daily, so a verdict
# outlives a missed sweep; longer costs the sweep one more run of the rules per day.
HORIZON_DAYS = 3
CHUNK = 500
_NEVER = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)  # stands for "no read activity" in comparisons


def settings_key() -> str:
    """What the verdict depended on besides the records: the settings the rules read and the rules' codes."""
    ctx = Context.now()
    what = (f"{settings.TIME_ZONE}|{ctx.grace_days}|{ctx.assessment_years}|{ctx.dpia_years}|{ctx.no_use_days}|"
            + ",".join(sorted(RULES)))
    return hashlib.sha256(what.encode()).hexdigest()[:32]


def _codes(flags) -> str:
    return "".join(f",{code}" for code in sorted({f.rule for f in flags})) + ("," if flags else "")


def verdict(site, today: datetime.date) -> FlagEvaluation:
    """The rules' verdict on a site loaded with `with_flag_data`, and how long it holds."""
    def standing(day):
        return flags_for(site, ctx=Context.now(day))

    now = standing(today)
    marks = {(f.rule, f.cause) for f in now}
    valid_through = today
    for ahead in range(1, HORIZON_DAYS + 1):
        day = today + datetime.timedelta(days=ahead)
        if {(f.rule, f.cause) for f in standing(day)} != marks:
            break
        valid_through = day
    return FlagEvaluation(
        site_id=site.pk, evaluated_on=today, valid_through=valid_through, rules=_codes(now),
        read_first_at=getattr(site, read_activity.FIRST), read_last_at=getattr(site, read_activity.LAST),
        settings_key=settings_key(),
    )


def refresh(site_ids: Iterable[int] | None = None, *, today: datetime.date | None = None) -> int:
    """Write the verdicts of the given sites (default: every collecting site). Returns how
    many were written. The sweep calls it for all; the hooks for one site after a change."""
    today = today or Context.now().today
    ids = list(site_ids) if site_ids is not None else list(
        Site.objects.filter(status__in=COLLECTING).order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with transaction.atomic():
            list(Site.objects.select_for_update().filter(pk__in=chunk).values_list("pk", flat=True))
            sites = with_flag_data(Site.objects.filter(pk__in=chunk, status__in=COLLECTING))
            rows = [verdict(site, today) for site in sites]
            FlagEvaluation.objects.filter(site_id__in=chunk).exclude(site_id__in=[r.site_id for r in rows]).delete()
            FlagEvaluation.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["site"],
                update_fields=["evaluated_on", "valid_through", "rules", "read_first_at", "read_last_at",
                               "settings_key"],
            )
            written += len(rows)
    return written


# --- reading ----------------------------------------------------------------------------------


def _with_freshness(sites: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate `flags_fresh`: the site's kept verdict may be used today."""
    activity = read_activity.subqueries()
    fresh = Q(
        flag_evaluation__valid_through__gte=today,
        flag_evaluation__settings_key=settings_key(),
        kept_first=F("now_first"),
        kept_last=F("now_last"),
    )
    return sites.alias(
        kept_first=Coalesce(F("flag_evaluation__read_first_at"), Value(_NEVER), output_field=DateTimeField()),
        kept_last=Coalesce(F("flag_evaluation__read_last_at"), Value(_NEVER), output_field=DateTimeField()),
        now_first=Coalesce(activity[read_activity.FIRST], Value(_NEVER), output_field=DateTimeField()),
        now_last=Coalesce(activity[read_activity.LAST], Value(_NEVER), output_field=DateTimeField()),
    ).annotate(flags_fresh=Case(When(fresh, then=Value(True)), default=Value(False), output_field=BooleanField()))


def flagged(sites: QuerySet, *, rule: str | None = None) -> QuerySet:
    """The collecting sites of `sites` with a standing flag (of `rule` if given), as a
    queryset to count, order and paginate.

    One query finds the collecting sites whose kept verdict may not be used today (stale or
    missing: normally none, so it returns no rows) and the live rules judge those now. The
    others are selected in SQL by their kept verdict: the result is filtered by a subquery
    on the kept verdicts (and the few stale sites' ids), so counting and paging it send back
    no list of every flagged site and run no freshness check per row."""
    ctx = Context.now()
    collecting = sites.filter(status__in=COLLECTING)
    stale = list(_with_freshness(collecting.order_by(), ctx.today).filter(flags_fresh=False)
                 .values_list("pk", flat=True))
    judged = []
    if stale:  # judged in one pass, a fixed number of queries
        judged = [site.pk for site in with_flag_data(Site.objects.filter(pk__in=stale))
                  if any(rule is None or flag.rule == rule for flag in flags_for(site, ctx=ctx))]
    kept = FlagEvaluation.objects.filter(
        valid_through__gte=ctx.today, settings_key=settings_key(), rules__contains=f",{rule}," if rule else ",",
    ).values("site_id")
    return collecting.filter((Q(pk__in=kept) & ~Q(pk__in=stale)) | Q(pk__in=judged))


# --- hooks: a change to what the rules read -------------------------------------------------------


def invalidate(site_id: int | None) -> None:
    """Drop the site's verdict with the change (same transaction) and write a new one after commit."""
    if site_id is None:
        return
    with transaction.atomic():
        list(Site.objects.select_for_update().filter(pk=site_id).values_list("pk", flat=True))
        FlagEvaluation.objects.filter(site_id=site_id).delete()
    transaction.on_commit(lambda: _refresh_once(site_id))


def _refresh_once(site_id: int) -> None:
    # A transaction that changed several of the site's records asks several times: once is enough.
    if not FlagEvaluation.objects.filter(site_id=site_id).exists():
        refresh([site_id])


def _site_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures loading
    invalidate(instance.pk if sender is Site else instance.site_id)


WATCHED = (Site, Camera, MaterialChange, Review, Assessment, PrivacyImpactAssessment, ConsultationExemption,
           Consultation, FlagDecision)


def connect() -> None:
    """Called from ReviewsConfig.ready()."""
    for model in WATCHED:
        post_save.connect(_site_changed, sender=model, dispatch_uid=f"standing_flags.save.{model.__name__}")
        post_delete.connect(_site_changed, sender=model, dispatch_uid=f"standing_flags.delete.{model.__name__}")
