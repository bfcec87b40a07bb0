"""Searches of reads, and the export and disclosure of their results; all logged.

A search is allowed only to an investigator, over the sites granted to them, with a
purpose and a crime or incident reference; a window reaching back beyond the standard
access window also needs an approved, unexpired authorisation covering it. Every search
is recorded in the access log with its justification and result count; a search refused
for any reason is recorded as a refused attempt with the reason given to the user.
"""

import datetime
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import INVESTIGATOR
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.audit.purposes import AUTHORISABLE_PURPOSES, Purpose
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.core.text import clip, text_or_refuse
from anpr_governance.sites.models import Site

from ..models import Authorisation, Read
from ..rules import VRM_HINT, is_valid_vrm, normalise_reference, normalise_vrm, reference_problem
from ..selectors import sites_searchable_by
from .grants import search_grants_expire

EXPORT_HOURS = 24  # results may be exported or disclosed this long after the search


class AuthorisationRequired(NotPermitted):
    """The search reaches older reads and has no authorisation covering it (answered with 403)."""


@dataclass
class SearchResult:
    id: int  # the search's number: its entry's sequence in the access log
    results: list[dict]  # {"site", "camera", "vrm", "read_at"} in time order
    entry: AccessLogEntry
    authorisation: Authorisation | None = None


def when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d %B %Y %H:%M}"


def parse_moment(value) -> datetime.datetime | None:
    """A date and time from an ISO 8601 string (or a datetime); without a zone it is UK time.
    None when it is not one, or outside the years 1900 to 2100: no read is that old or new, and
    year 1 or 9999 with an offset cannot even be shown in UTC or UK time (OverflowError)."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if not 1900 <= moment.year <= 2100:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _looks_like_a_date(value) -> bool:
    try:
        datetime.datetime.fromisoformat(value.strip())
    except (AttributeError, TypeError, ValueError):
        return False
    return True


@dataclass
class Scope:
    """What a search or an authorisation asks for, checked and normalised."""

    vrm: str
    start: datetime.datetime
    end: datetime.datetime
    purpose: str
    reference: str

    def covered_by(self, authorisation: Authorisation) -> bool:
        return (
            self.vrm == authorisation.vrm
            and self.purpose == authorisation.purpose
            and self.reference == authorisation.reference
            and authorisation.window_from <= self.start
            and self.end <= authorisation.window_to
        )

    def describe(self) -> str:
        return (f"{self.vrm} from {when(self.start)} to {when(self.end)} for {Purpose(self.purpose).label.lower()} "
                f"under {self.reference}")


def check_scope(*, vrm, start, end, purpose, reference, now: datetime.datetime, doing: str) -> Scope:
    """Check a VRM, window, purpose and reference; DomainError with every problem by field."""
    errors: dict[str, list[str]] = {}
    normal = normalise_vrm(vrm)
    if not normal:
        errors["vrm"] = [f"Enter the VRM to {doing}."]
    elif not is_valid_vrm(normal):
        errors["vrm"] = [f"“{clip(vrm, 40)}” is not a VRM: {VRM_HINT}."]
    moments = {}
    for name, value, label in (("from", start, "start"), ("to", end, "end")):
        moments[name] = parse_moment(value)
        if moments[name] is None:
            example = "2025-01-14T09:30"
            errors[name] = [
                f"Enter when the window should {label}." if value in (None, "")
                else f"Enter when the window should {label} as a date and time such as {example}"
                f"{' (years 1900 to 2100)' if _looks_like_a_date(value) else ''}."
            ]
    if moments["from"] and moments["to"]:
        if moments["from"] >= moments["to"]:
            errors["to"] = ["The window must end after it starts."]
        oldest = now - datetime.timedelta(days=settings.ANPR_RETENTION_DAYS)
        if moments["from"] < oldest:
            errors["from"] = [
                f"Reads older than {settings.ANPR_RETENTION_DAYS} days have been erased: start the window at "
                f"{when(oldest)} or later."
            ]
    if purpose in (None, ""):
        errors["purpose"] = ["Choose the purpose of the search."]
    elif purpose not in Purpose.values:
        errors["purpose"] = [f"“{clip(purpose, 40)}” is not a purpose: choose one of {', '.join(Purpose.values)}."]
    ref = normalise_reference(reference)
    if problem := reference_problem(ref):
        errors["reference"] = [problem]
    if errors:
        raise DomainError(" ".join(m for messages in errors.values() for m in messages), field_errors=errors)
    return Scope(normal, moments["from"], moments["to"], purpose, ref)


def standard_window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.ANPR_STANDARD_ACCESS_DAYS)


def _authorisation_covering(actor, scope: Scope, given, now: datetime.datetime) -> Authorisation:
    days = settings.ANPR_STANDARD_ACCESS_DAYS
    boundary = when(standard_window_start(now))
    if scope.purpose not in AUTHORISABLE_PURPOSES:
        raise AuthorisationRequired(
            f"This search reaches back before {boundary}, beyond the {days}-day standard access window, and reads "
            f"that old may be searched only for {', '.join(Purpose(p).label.lower() for p in Purpose.values[:4])}: "
            f"a {Purpose(scope.purpose).label.lower()} search is limited to the last {days} days."
        )
    if given in (None, ""):
        raise AuthorisationRequired(
            f"This search reaches back before {boundary}, beyond the {days}-day standard access window: it needs "
            "an authorisation from an authorising officer. Request one for this VRM, window, purpose and "
            "reference, then search again giving its number."
        )
    try:
        number = int(given)
    except (TypeError, ValueError):
        message = f"“{given}” is not an authorisation number."
        raise DomainError(message, field_errors={"authorisation": [message]}) from None
    authorisation = Authorisation.objects.filter(pk=number).first()
    if authorisation is None or authorisation.requested_by_id != actor.pk:
        raise AuthorisationRequired(f"Authorisation {number} is not one of your authorisations.")
    if authorisation.status == Authorisation.Status.PENDING:
        raise AuthorisationRequired(f"Authorisation {number} has not been decided yet.")
    if authorisation.status == Authorisation.Status.REFUSED:
        raise AuthorisationRequired(f"Authorisation {number} was refused: it allows no search.")
    if authorisation.expires_at <= now:
        raise AuthorisationRequired(
            f"Authorisation {number} expired on {when(authorisation.expires_at)}: request a new one."
        )
    if not scope.covered_by(authorisation):
        covered = Scope(authorisation.vrm, authorisation.window_from, authorisation.window_to,
                        authorisation.purpose, authorisation.reference)
        raise AuthorisationRequired(
            f"Authorisation {number} covers {covered.describe()}; this search asks for {scope.describe()}. "
            "An authorisation covers only what was asked."
        )
    return authorisation


def read_search(*, actor, vrm, date_from, date_to, purpose, reference, authorisation=None,
                now: datetime.datetime | None = None, malformed: str = "") -> SearchResult:
    """Search the reads of one VRM over a window, or raise DomainError/NotPermitted saying why
    not. Allowed or refused, the attempt is written to the access log. Raw values (strings
    from a form or a JSON body) are accepted and checked here, so that every refusal is logged;
    `malformed` says why a request could not even be read (e.g. not JSON): it is refused and logged."""
    if actor is None or not actor.is_authenticated:
        raise NotPermitted("You must be signed in to search reads.")
    now = now or timezone.now()
    # An expired grant opens nothing, whether or not the daily task has run; its end is kept
    # (logged) even when this search is refused.
    search_grants_expire(user=actor, now=now)
    try:
        with transaction.atomic():
            return _search(actor, vrm, date_from, date_to, purpose, reference, authorisation, now, malformed)
    except DomainError as refusal:
        access_log_append(
            actor=actor, action=Action.SEARCH, outcome=Outcome.REFUSED,
            vrm=normalise_vrm(vrm), purpose=purpose if isinstance(purpose, str) else "",
            reference=normalise_reference(reference), justification=refusal.message,
            details={"from": _text(date_from), "to": _text(date_to), "authorisation": _text(authorisation) or None},
        )
        raise


def record_refused_search(user, reason: str) -> None:
    """Log a search refused before its view could read it (registered with core.refusals)."""
    with suppress(DomainError):  # refused, as it must be: the entry is written
        read_search(actor=user, vrm=None, date_from=None, date_to=None, purpose=None, reference=None,
                    malformed=reason)


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return "" if value is None else str(value)[:100]


def _search(actor, vrm, date_from, date_to, purpose, reference, given, now, malformed) -> SearchResult:
    require_named_role(actor, INVESTIGATOR, doing="search reads")
    if malformed:
        raise DomainError(malformed)
    scope = check_scope(vrm=vrm, start=date_from, end=date_to, purpose=purpose, reference=reference, now=now,
                        doing="search for")
    authorisation = None
    if scope.start < standard_window_start(now):
        authorisation = _authorisation_covering(actor, scope, given, now)
    sites = dict(sites_searchable_by(actor).values_list("pk", "reference"))
    if not sites:
        raise NotPermitted(
            "You have not been granted any sites or policing areas to search: ask a system administrator."
        )
    results, per_site = run_query(scope.vrm, scope.start, scope.end, sites)
    entry = access_log_append(
        actor=actor, action=Action.SEARCH, vrm=scope.vrm, purpose=scope.purpose, reference=scope.reference,
        result_count=len(results), subject=f"authorisation:{authorisation.pk}" if authorisation else "",
        details={
            "from": scope.start.astimezone(datetime.UTC).isoformat(),
            "to": scope.end.astimezone(datetime.UTC).isoformat(),
            "authorisation": authorisation.pk if authorisation else None,
            "sites_searched": sorted(sites),
        },
        sites=per_site,
    )
    return SearchResult(entry.sequence, results, entry, authorisation)


def run_query(vrm: str, start, end, sites: dict[int, str]) -> tuple[list[dict], dict[int, int]]:
    """The reads of `vrm` in [start, end] at `sites` (id → reference), in time order, and how
    many per site. One query: the reads (by the primary key's index) with their cameras' identifiers."""
    rows = list(
        Read.objects.filter(vrm=vrm, read_at__gte=start, read_at__lte=end, site_id__in=list(sites))
        .order_by("read_at", "camera_id")
        .values_list("site_id", "camera__identifier", "read_at")
    )
    per_site: dict[int, int] = {}
    results = []
    for site_id, camera, read_at in rows:
        per_site[site_id] = per_site.get(site_id, 0) + 1
        results.append({"site": sites[site_id], "camera": camera, "vrm": vrm, "read_at": read_at})
    return results, per_site


def _own_search(actor, number, *, verb: str) -> AccessLogEntry:
    doing = f"{verb} search results"
    require_named_role(actor, INVESTIGATOR, doing=doing)
    entry = AccessLogEntry.objects.filter(sequence=number, action=Action.SEARCH, outcome=Outcome.ALLOWED).first()
    if entry is None or entry.actor_id != actor.pk:
        raise NotPermitted(f"Search {number} is not one of your searches.")
    if entry.at < timezone.now() - datetime.timedelta(hours=EXPORT_HOURS):
        raise DomainError(
            f"Search {number} was made more than {EXPORT_HOURS} hours ago: search again to {verb} "
            "its results."
        )
    return entry


def search_export(*, actor, search: int) -> tuple[AccessLogEntry, list[dict]]:
    """The results of one of the actor's recent searches, again, for a CSV file; the export is
    logged, and so is a refused one (e.g. of another person's search)."""
    with _refusal_logged(actor, Action.SEARCH_EXPORTED, search), transaction.atomic():
        entry = _own_search(actor, search, verb="export")
        # As before a search: a grant that ended since opens nothing, whether or not the daily task ran.
        search_grants_expire(user=actor)
        granted = set(sites_searchable_by(actor).values_list("pk", flat=True))
        sites = {pk: ref for pk, ref in _site_references(entry.details["sites_searched"]).items() if pk in granted}
        start = datetime.datetime.fromisoformat(entry.details["from"])
        end = datetime.datetime.fromisoformat(entry.details["to"])
        results, per_site = run_query(entry.vrm, start, end, sites)
        record = access_log_append(
            actor=actor, action=Action.SEARCH_EXPORTED, vrm=entry.vrm, purpose=entry.purpose,
            reference=entry.reference, result_count=len(results), subject=f"search:{entry.sequence}",
            justification="Search results exported as CSV.", sites=per_site,
        )
        return record, results


@contextmanager
def _refusal_logged(actor, action: Action, search):
    """Log a refused export or disclosure (outside the refused action's own transaction), then refuse."""
    try:
        yield
    except DomainError as refusal:
        access_log_append(actor=actor, action=action, outcome=Outcome.REFUSED, subject=f"search:{_text(search)}",
                          justification=refusal.message)
        raise


def record_refused_export(user, reason: str, search: int) -> None:
    """Log an export refused before its view could read it (registered with core.refusals)."""
    with suppress(DomainError), _refusal_logged(user, Action.SEARCH_EXPORTED, search):
        raise DomainError(reason)


def record_refused_disclosure(user, reason: str, search: int) -> None:
    """Log a disclosure refused before its view could read it (registered with core.refusals)."""
    with suppress(DomainError), _refusal_logged(user, Action.DISCLOSED, search):
        raise DomainError(reason)


def _site_references(site_ids) -> dict[int, str]:
    return dict(Site.objects.filter(pk__in=site_ids).values_list("pk", "reference"))


def search_disclose(*, actor, search: int, recipient, reason) -> AccessLogEntry:
    """Record that the results of one of the actor's recent searches were disclosed to `recipient`,
    and why; a refused disclosure is logged too."""
    with _refusal_logged(actor, Action.DISCLOSED, search), transaction.atomic():
        entry = _own_search(actor, search, verb="disclose")
        recipient = text_or_refuse(recipient, "recipient", "Who the results are disclosed to").strip()
        reason = text_or_refuse(reason, "reason", "Why the results are disclosed").strip()
        errors = {}
        if not recipient:
            errors["recipient"] = ["Enter who the results are disclosed to (a person and their organisation)."]
        if len(reason) < 10:
            errors["reason"] = ["Say why the results are disclosed to them."]
        if errors:
            raise DomainError(" ".join(m for ms in errors.values() for m in ms), field_errors=errors)
        per_site = dict(entry.site_links.values_list("site_id", "reads"))
        return access_log_append(
            actor=actor, action=Action.DISCLOSED, vrm=entry.vrm, purpose=entry.purpose, reference=entry.reference,
            result_count=entry.result_count, subject=f"search:{entry.sequence}", justification=reason,
            details={"recipient": recipient}, sites=per_site,
        )
