"""Dip-sampling of searches (writes): an auditor draws a random sample of the allowed searches
in a period and records a finding on each.

The draw is `random.Random(seed).sample` over the searches' sequence numbers in order, so the
same seed over the same period draws the same searches again (the log never changes): anyone
can repeat and check it. The seed is recorded with the sample and in the access log."""

import datetime
import math
import random
import re
import secrets

from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import AUDITORS
from anpr_governance.core.concurrency import require_version
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history

from .models import AccessLogEntry, Action, Finding, Outcome, Sample, SampledSearch
from .selectors import _day_start
from .services import access_log_append

SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")
SEED = re.compile(r"^[0-9a-f]{8,32}$")


def searches_in(period_from: datetime.date, period_to: datetime.date):
    """The allowed searches made in the period (days inclusive), by sequence."""
    return AccessLogEntry.objects.filter(
        action=Action.SEARCH, outcome=Outcome.ALLOWED, at__gte=_day_start(period_from),
        at__lt=_day_start(period_to + datetime.timedelta(days=1)),
    ).order_by("sequence")


def draw(population: list[int], size: int, seed: str) -> list[int]:
    """The sequence numbers drawn: repeatable from the seed."""
    return sorted(random.Random(seed).sample(population, size))


def _size(requested: str, population: int) -> int:
    match = SIZE.match(requested or "")
    if not match:
        raise DomainError("Enter the sample's size as a number of searches, such as 25, or a percentage, such as 10%.",
                          field_errors={"size": ["Enter a number, such as 25, or a percentage, such as 10%."]})
    value, percent = float(match.group(1)), bool(match.group(2))
    if percent:
        if not 0 < value <= 100:
            raise DomainError("A percentage must be more than 0 and at most 100.",
                              field_errors={"size": ["Enter a percentage more than 0 and at most 100."]})
        return max(1, math.ceil(population * value / 100)) if population else 0
    if value != int(value) or value < 1:
        raise DomainError("A number of searches must be a whole number, 1 or more.",
                          field_errors={"size": ["Enter a whole number of searches, 1 or more."]})
    return int(value)


@transaction.atomic
def sample_draw(*, actor, period_from: datetime.date, period_to: datetime.date, size: str,
                seed: str = "") -> Sample:
    """Draw a sample of the searches in [period_from, period_to] of `size` ("25" or "10%").
    Give `seed` to repeat an earlier draw; otherwise a new one is chosen."""
    require_named_role(actor, AUDITORS, doing="dip-sample searches")
    if period_to < period_from:
        raise DomainError("The end of the period must be on or after its start.",
                          field_errors={"period_to": ["The end must be on or after the start."]})
    if period_from > timezone.localdate():
        raise DomainError("The period cannot start in the future.",
                          field_errors={"period_from": ["The start must be today or in the past."]})
    seed = (seed or "").strip().lower() or secrets.token_hex(8)
    if not SEED.match(seed):
        raise DomainError("A seed is 8 to 32 hexadecimal characters, as shown on an earlier sample.",
                          field_errors={"seed": ["Enter 8 to 32 hexadecimal characters, or leave it empty."]})
    population = list(searches_in(period_from, period_to).values_list("sequence", flat=True))
    count = _size(size, len(population))
    if not population:
        raise DomainError(f"There were no searches between {period_from:%-d %B %Y} and {period_to:%-d %B %Y}: "
                          "there is nothing to sample.", field_errors={"period_from": ["No searches in this period."]})
    if count > len(population):
        message = (f"The sample of {count} is larger than the {len(population)} "
                   f"search{'es' if len(population) != 1 else ''} in the period: ask for {len(population)} or fewer, "
                   "or a longer period.")
        raise DomainError(message, field_errors={"size": [message]})
    requested = size.strip().replace(" ", "")
    sample = Sample.objects.create(period_from=period_from, period_to=period_to, requested=requested, seed=seed,
                                   population=len(population), drawn_by=actor)
    chosen = AccessLogEntry.objects.filter(sequence__in=draw(population, count, seed))
    SampledSearch.objects.bulk_create([SampledSearch(sample=sample, entry=entry) for entry in chosen])
    access_log_append(
        actor=actor, action=Action.SAMPLE_DRAWN, result_count=count, subject=f"sample:{sample.pk}",
        details={"from": period_from.isoformat(), "to": period_to.isoformat(), "seed": seed,
                 "requested": requested, "population": len(population)},
    )
    return sample


@transaction.atomic
def finding_record(*, actor, sampled: SampledSearch, finding: str, notes: str,
                   lock_version: int | None = None) -> SampledSearch:
    """Record (or change, with history) the auditor's finding on one sampled search."""
    require_named_role(actor, AUDITORS, doing="record dip-sampling findings")
    sampled = SampledSearch.objects.select_for_update().get(pk=sampled.pk)
    require_version(sampled, lock_version, what=f"the finding on search {sampled.entry.sequence}")
    errors = {}
    if finding not in Finding.values:
        errors["finding"] = ["Choose justified, not justified or needs follow-up."]
    notes = (notes or "").strip()
    if finding in (Finding.NOT_JUSTIFIED, Finding.FOLLOW_UP) and not notes:
        errors["notes"] = ["Say why: notes are needed when a search is not justified or needs follow-up."]
    if errors:
        raise DomainError(" ".join(m for ms in errors.values() for m in ms), field_errors=errors)
    sampled.finding, sampled.notes = finding, notes
    sampled.recorded_by, sampled.recorded_at = actor, timezone.now()
    return save_with_history(sampled, actor=actor, reason=f"audit.sample.finding: {finding}")
