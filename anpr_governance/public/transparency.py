"""The transparency figures: one function per figure, each asking the app that owns the
data for counts, never a location, VRM, camera identifier or staff name. FIGURES is the
page: adding a figure is writing its function and adding it to the list."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from anpr_governance.audit.models import Finding
from anpr_governance.audit.purposes import Purpose
from anpr_governance.audit.selectors import access_statistics, sampling_finding_counts
from anpr_governance.reads.selectors import access_rules
from anpr_governance.reports.selectors import last_self_assessment_on
from anpr_governance.reviews.selectors import review_timeliness
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.selectors import collecting_site_counts_by_area, site_counts_by_status


@dataclass(frozen=True)
class Period:
    """"Now", fixed once per page so that every figure counts up to the same moment."""

    now: datetime.datetime
    today: datetime.date


@dataclass(frozen=True)
class Figure:
    key: str  # its name in /transparency.json
    title: str
    value: int | str | datetime.date | dict[str, int] | None  # a count, words, a date, or counts by label
    note: str = ""  # what is counted, in words
    table: tuple[str, str] = field(default=("", ""))  # column headings when value is a dict
    words: bool = False  # a sentence or more, not a figure to show large

    @property
    def is_table(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_date(self) -> bool:
        return isinstance(self.value, datetime.date)


def sites_by_status(p: Period) -> Figure:
    counts = site_counts_by_status()
    return Figure("sites_by_status", "Camera sites by stage", {Status(s).label: n for s, n in counts.items()},
                  "Every site the force has proposed, from proposal to decommissioning.", ("Stage", "Sites"))


def sites_by_area(p: Period) -> Figure:
    return Figure("collecting_sites_by_policing_area", "Sites collecting number plates, by policing area",
                  collecting_site_counts_by_area(),
                  "Live sites and sites under review. Exact locations are not published.", ("Policing area", "Sites"))


def retention_and_access(p: Period) -> Figure:
    rules = access_rules()
    return Figure(
        "retention_and_access", "How long number plate reads are kept and who may search them",
        f"Reads are kept for {rules.retention_days} days and then erased automatically. Only trained "
        f"investigators granted a policing area may search them, one vehicle at a time, stating the purpose "
        f"and a crime or incident reference; every search is recorded in a tamper-evident log. Reads older "
        f"than {rules.standard_access_days} days can be searched only with a senior officer's authorisation, "
        f"valid for {rules.authorisation_validity_days} days.", words=True)


def reviews_on_time(p: Period) -> Figure:
    timeliness = review_timeliness(since=p.today - relativedelta(months=12), until=p.today + datetime.timedelta(1))
    value = f"{timeliness.percent}%" if timeliness.percent is not None else "No reviews fell due"
    return Figure("reviews_completed_on_time", "Site reviews completed on time in the last 12 months", value,
                  f"{timeliness.on_time} of the {timeliness.due} reviews due in the last 12 months were completed "
                  "by their due date. Every review considers the impact on privacy.")


def _attempts(n: int) -> str:
    return "1 attempt was" if n == 1 else f"{n} attempts were"


def searches_by_purpose(p: Period) -> Figure:
    stats = access_statistics(since=p.now - datetime.timedelta(days=30), until=p.now)
    return Figure("searches_last_30_days_by_purpose", "Searches of number plate reads in the last 30 days",
                  {label: stats.searches_by_purpose.get(value, 0) for value, label in Purpose.choices},
                  f"{stats.searches} in all; {_attempts(stats.searches_refused)} refused (no valid purpose, "
                  "reference or authorisation).",
                  ("Purpose", "Searches"))


def authorisations(p: Period) -> Figure:
    stats = access_statistics(since=p.now - relativedelta(months=12), until=p.now)
    return Figure("authorisations_last_12_months", "Senior officers' authorisations to search older reads",
                  {"Granted": stats.authorisations_approved, "Refused": stats.authorisations_refused},
                  "Decisions in the last 12 months.", ("Decision", "Number"))


def searches_audited(p: Period) -> Figure:
    counts = sampling_finding_counts(since=p.now - relativedelta(months=12), until=p.now)
    return Figure("searches_audited_last_12_months", "Searches checked by the force's auditors",
                  {**{finding.label: counts[finding.value] for finding in Finding},
                   "Not yet checked": counts["not_yet_checked"]},
                  f"{counts['sampled']} searches of the last 12 months drawn at random and checked for a "
                  "lawful purpose and reference.", ("Finding", "Searches"))


def decommissioned(p: Period) -> Figure:
    return Figure("sites_decommissioned", "Sites decommissioned", site_counts_by_status()[Status.DECOMMISSIONED],
                  "Sites that no longer collect data and whose equipment, signage and data have been removed.")


def last_self_assessment(p: Period) -> Figure:
    day = last_self_assessment_on()
    return Figure("last_self_assessment", "Last self-assessment against the Surveillance Camera Code",
                  day,
                  "The date of the force's latest assessment of all its sites against the code's 12 principles.")


def contact(p: Period) -> Figure:
    return Figure("contact", "Contact for information and complaints", settings.ANPR_PUBLIC_CONTACT, words=True)


FIGURES: list[Callable[[Period], Figure]] = [
    sites_by_status,
    sites_by_area,
    retention_and_access,
    reviews_on_time,
    searches_by_purpose,
    authorisations,
    searches_audited,
    decommissioned,
    last_self_assessment,
    contact,
]


def figures(now: datetime.datetime) -> list[Figure]:
    period = Period(now=now, today=timezone.localdate(now))
    return [figure(period) for figure in FIGURES]


def as_json(figures_: list[Figure], now: datetime.datetime) -> dict:
    """The same figures for machines: {"generated_at": ..., "figures": {key: {title, value, note}}}."""
    return {"generated_at": now.isoformat(timespec="seconds"),
            "figures": {f.key: {"title": f.title, "value": f.value, "note": f.note} for f in figures_}}
