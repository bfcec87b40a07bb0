"""Decommissioning flags: warnings that a collecting site may no longer be justified.

Each rule is one small function registered under a stable code; it looks at one site and
returns a Flag (its code, a `reason` sentence, and the `cause` that raised it) or None.
Flags are computed from the records each time they are read, so a flag clears itself as
soon as its cause is fixed (a review approved, a new assessment or DPIA approved, the
cameras matching the DPIA again). Only sites that collect reads (live or under review)
carry flags.

An approving manager confirms a flag (collection ceases at once) or overrules it with a
reason (`services.decommission_flag_*`). An overrule hides the flag while its `cause` is
the same; a new cause (another overdue review, another expired version) raises it again.

Rules read only data loaded with the site by `with_flag_data` (prefetches, annotations),
never query per site, so a list of sites keeps a constant number of queries.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import dateformat, timezone

from anpr_governance.assessments.models import Assessment, DocumentStatus, PrivacyImpactAssessment
from anpr_governance.consultations.models import Consultation, ConsultationExemption
from anpr_governance.sites.lifecycle import COLLECTING
from anpr_governance.sites.models import Camera, MaterialChange

from . import read_activity
from .models import FlagDecision, Review

FINDING_STATES = (Review.State.SUBMITTED, Review.State.APPROVED)


@dataclass(frozen=True)
class Flag:
    rule: str  # stable code, e.g. "review_overdue"
    reason: str  # a sentence for the person reading it
    cause: str  # what raised it, e.g. "review:42": an overrule holds while the cause is the same

    def as_dict(self) -> dict:
        return {"rule": self.rule, "reason": self.reason}


@dataclass(frozen=True)
class Context:
    """What every rule may read besides the site: today's date and the settings."""

    today: datetime.date
    grace_days: int
    assessment_years: int
    dpia_years: int
    no_use_days: int

    @classmethod
    def now(cls, today: datetime.date | None = None) -> "Context":
        return cls(
            today=today or timezone.localdate(),
            grace_days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS,
            assessment_years=settings.ANPR_ASSESSMENT_VALIDITY_YEARS,
            dpia_years=settings.ANPR_DPIA_VALIDITY_YEARS,
            no_use_days=settings.ANPR_NO_USE_WINDOW_DAYS,
        )


Rule = Callable[[object, Context], Flag | None]
RULES: dict[str, Rule] = {}

# What each rule code means, for pages and the API's readers.
RULE_TITLES: dict[str, str] = {}


def rule(code: str, title: str):
    """Register a rule under its stable code."""

    def register(fn: Rule) -> Rule:
        RULES[code] = fn
        RULE_TITLES[code] = title
        return fn

    return register


def _day(value: datetime.date) -> str:
    return dateformat.format(value, "j F Y")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- the rules ------------------------------------------------------------------------------


@rule("review_overdue", "Review overdue")
def review_overdue(site, ctx: Context) -> Flag | None:
    review = open_review_of(site)
    due = review.due_on if review is not None else site.next_review_due
    if due is None:
        return None
    late = (ctx.today - due).days
    if late <= ctx.grace_days:
        return None
    return Flag(
        "review_overdue",
        f"The review due on {_day(due)} is {_plural(late, 'day')} overdue, more than the "
        f"{_plural(ctx.grace_days, 'day')} allowed.",
        f"review:{review.pk}" if review is not None else f"due:{due.isoformat()}",
    )


def _expired(doc, years: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    if doc is None or doc.decided_at is None:
        return None
    approved_on = timezone.localdate(doc.decided_at)
    valid_until = approved_on + relativedelta(years=years)
    return (approved_on, valid_until) if today > valid_until else None


@rule("assessment_expired", "In-depth assessment expired")
def assessment_expired(site, ctx: Context) -> Flag | None:
    doc = _first(site.flag_assessments)
    expired = _expired(doc, ctx.assessment_years, ctx.today)
    if expired is None:
        return None
    approved_on, valid_until = expired
    return Flag(
        "assessment_expired",
        f"The in-depth assessment (version {doc.version}) was approved on {_day(approved_on)}; its "
        f"{_plural(ctx.assessment_years, 'year')} validity ended on {_day(valid_until)}. A new version must be "
        "approved.",
        f"assessment:{doc.pk}",
    )


@rule("dpia_expired", "DPIA expired")
def dpia_expired(site, ctx: Context) -> Flag | None:
    doc = _first(site.flag_dpias)
    expired = _expired(doc, ctx.dpia_years, ctx.today)
    if expired is None:
        return None
    approved_on, valid_until = expired
    return Flag(
        "dpia_expired",
        f"The privacy impact assessment (version {doc.version}) was approved on {_day(approved_on)}; its "
        f"{_plural(ctx.dpia_years, 'year')} validity ended on {_day(valid_until)}. A new version must be approved.",
        f"dpia:{doc.pk}",
    )


@rule("material_change", "Cameras changed since the DPIA")
def material_change(site, ctx: Context) -> Flag | None:
    dpia = _first(site.flag_dpias)
    if dpia is None:
        return None
    approved = set(dpia.cameras_at_approval or [])
    now = {camera.identifier for camera in site.active_cameras}
    # Moves and location-type changes do not show in the set of cameras: they are recorded.
    since = [c for c in site.flag_changes if dpia.decided_at is None or c.recorded_at > dpia.decided_at]
    if approved == now and not since:
        return None
    changes = []
    if now - approved:
        changes.append("added " + ", ".join(sorted(now - approved)))
    if approved - now:
        changes.append("removed " + ", ".join(sorted(approved - now)))
    changes += [change.summary for change in since]
    marks = ",".join(sorted(now)) + "|" + ",".join(str(change.pk) for change in since)
    fingerprint = hashlib.sha256(marks.encode()).hexdigest()[:16]
    return Flag(
        "material_change",
        f"{'The site has' if any(c.kind == c.Kind.LOCATION_TYPE_CHANGED for c in since) else 'Cameras have'} "
        f"changed since the privacy impact assessment (version {dpia.version}) was approved "
        f"({'; '.join(changes)}): a material change, which needs a new DPIA.",
        f"dpia:{dpia.pk}:cameras:{fingerprint}",
    )


@rule("exemption_lapsed", "Exemption from consultation lapsed")
def exemption_lapsed(site, ctx: Context) -> Flag | None:
    """The site went ahead on an exemption (no consultation closed since) that has expired
    or lapsed at a material change."""
    exemption = _first(site.flag_exemptions)
    if exemption is None or any(c.closed_on and c.closed_on >= timezone.localdate(exemption.decided_at)
                                for c in site.flag_consultations):
        return None
    why = exemption.lapse_reason(ctx.today, [camera.identifier for camera in site.active_cameras],
                                 site.flag_changes)
    if why is None:
        return None
    return Flag(
        "exemption_lapsed",
        f"The exemption from consultation approved on {_day(timezone.localdate(exemption.decided_at))} no longer "
        f"holds: {why}. Consult, or have a new exemption approved.",
        f"exemption:{exemption.pk}",
    )


@rule("no_policing_challenge", "No continuing policing challenge")
def no_policing_challenge(site, ctx: Context) -> Flag | None:
    finding = next((r for r in site.flag_reviews if r.state in FINDING_STATES), None)
    if finding is None or finding.policing_challenge_continues is not False:
        return None
    return Flag(
        "no_policing_challenge",
        f"The review due on {_day(finding.due_on)} ({finding.get_state_display().lower()}) found that the site no "
        "longer has a continuing policing challenge.",
        f"review:{finding.pk}",
    )


@rule("no_use", "Reads not used")
def no_use(site, ctx: Context) -> Flag | None:
    activity = read_activity.read_activity(site)
    if activity is None or activity.first_read_on is None:
        return None  # no read data yet (or none from this site): nothing to judge use by
    window_start = ctx.today - datetime.timedelta(days=ctx.no_use_days)
    if activity.first_read_on > window_start:
        return None  # collecting for less than the window
    last = activity.last_search_with_results_at
    last_day = timezone.localdate(last) if last is not None else None
    if last_day is not None and last_day > window_start:
        return None
    when = f"the last was on {_day(last_day)}" if last_day else "none ever has"
    return Flag(
        "no_use",
        f"No read search has returned reads from this site in the last {_plural(ctx.no_use_days, 'day')} "
        f"({when}).",
        f"no_use:{last_day.isoformat() if last_day else 'never'}",
    )


@rule("records_missing", "Records missing")
def records_missing(site, ctx: Context) -> Flag | None:
    """A site taken into the service as it stood (an imported register) collects reads
    without the approved documents the lifecycle would have required."""
    if site.imported_at is None:
        return None  # the lifecycle let it collect only with both approved
    missing = {key: words for key, words, docs in (
        ("assessment", "approved in-depth assessment", site.flag_assessments),
        ("dpia", "approved privacy impact assessment (DPIA)", site.flag_dpias),
    ) if not docs}
    if not missing:
        return None
    return Flag(
        "records_missing",
        f"{site.reference} collects reads but has no {' and no '.join(missing.values())} in the service: "
        "record them.",
        "missing:" + ",".join(missing),
    )


# --- loading and evaluating ---------------------------------------------------------------------


def _first(items):
    return items[0] if items else None


def open_review_of(site) -> Review | None:
    return next((r for r in site.flag_reviews if r.state in Review.OPEN_STATES), None)


def _prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "reviews",
            queryset=Review.objects.exclude(state=Review.State.WITHDRAWN)
            .defer("privacy_impact_consideration", "privacy_intrusion_change", "privacy_risks_change",
                   "privacy_complaints", "privacy_measures", "evidence", "decision_comment")
            .order_by("-due_on", "-id"),
            to_attr="flag_reviews",
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.filter(status=DocumentStatus.APPROVED)
            .only("id", "site_id", "version", "status", "decided_at")
            .order_by("-version"),
            to_attr="flag_assessments",
        ),
        Prefetch(
            "dpias",
            queryset=PrivacyImpactAssessment.objects.filter(status=DocumentStatus.APPROVED)
            .only("id", "site_id", "version", "status", "decided_at", "cameras_at_approval")
            .order_by("-version"),
            to_attr="flag_dpias",
        ),
        Prefetch("material_changes", queryset=MaterialChange.objects.order_by("recorded_at", "id"),
                 to_attr="flag_changes"),
        Prefetch(
            "exemptions",
            # Every field lapse_reason reads: a deferred one costs a query per site.
            queryset=ConsultationExemption.objects.filter(state=ConsultationExemption.State.APPROVED)
            .only("id", "site_id", "state", "decided_at", "valid_until", "cameras_at_approval", "ended_on")
            .order_by("-decided_at"),
            to_attr="flag_exemptions",
        ),
        Prefetch(
            "consultations",
            queryset=Consultation.objects.filter(state=Consultation.State.CLOSED).only("id", "site_id", "closed_on"),
            to_attr="flag_consultations",
        ),
        Prefetch(
            "flag_decisions",
            queryset=FlagDecision.objects.filter(decision=FlagDecision.Decision.OVERRULED)
            .select_related("decided_by")
            .order_by("-decided_at"),
            to_attr="flag_overrules",
        ),
    ]


def _camera_prefetch() -> Prefetch:
    return Prefetch(
        "cameras", queryset=Camera.objects.filter(removed_on__isnull=True).order_by("identifier"),
        to_attr="active_cameras",
    )


def with_flag_data(sites: QuerySet, *, cameras: bool = True) -> QuerySet:
    """Load with each site what the rules read: a fixed number of queries for any number of
    sites. `cameras=False` when the queryset already prefetches `active_cameras`."""
    prefetches = _prefetches() + ([_camera_prefetch()] if cameras else [])
    return read_activity.annotate_read_activity(sites.prefetch_related(*prefetches))


# The attributes `_prefetches` loads, to check without building its querysets.
_PREFETCHED = ("flag_reviews", "flag_assessments", "flag_dpias", "flag_changes", "flag_exemptions",
               "flag_consultations", "flag_overrules")


def load_flag_data(sites: Iterable) -> None:
    """For sites loaded without `with_flag_data` (e.g. one site re-read under a lock).
    Costs nothing for a site loaded with it: called once per site by `raised_flags`, so
    it does not build the prefetch querysets unless one is missing."""
    sites = list(sites)
    if not sites:
        return
    if all(hasattr(sites[0], name) for name in (*_PREFETCHED, "active_cameras")):
        return
    missing = [p for p in _prefetches() if not hasattr(sites[0], p.to_attr)]
    if not hasattr(sites[0], "active_cameras"):
        missing.append(_camera_prefetch())
    if missing:
        prefetch_related_objects(sites, *missing)


def raised_flags(site, *, ctx: Context | None = None) -> list[Flag]:
    """Every flag the rules raise for the site, overruled or not."""
    if site.status not in COLLECTING:
        return []
    load_flag_data([site])
    ctx = ctx or Context.now()
    return [flag for check in RULES.values() if (flag := check(site, ctx)) is not None]


def overrule_of(site, flag: Flag) -> FlagDecision | None:
    return next((d for d in site.flag_overrules if d.rule == flag.rule and d.cause == flag.cause), None)


def flags_for(site, *, ctx: Context | None = None) -> list[Flag]:
    """The site's flags that stand: raised by a rule and not overruled for the same cause."""
    return [flag for flag in raised_flags(site, ctx=ctx) if overrule_of(site, flag) is None]


def overruled_flags_for(site, *, ctx: Context | None = None) -> list[tuple[Flag, FlagDecision]]:
    """Flags a rule still raises but a manager has overruled for this cause, with the decision."""
    return [(flag, decision) for flag in raised_flags(site, ctx=ctx) if (decision := overrule_of(site, flag))]
