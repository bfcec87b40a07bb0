"""The access log (DPA 2018 s.62): append-only and hash-chained.

Every entry carries the SHA-256 hash of the entry before it and its own hash over a
canonical JSON of its fields (see chain.py), so altering or removing any entry breaks the
chain at that point and `manage.py verify_access_log` names it.

Nothing in the code can change or delete an entry: the queryset refuses update() and
delete(), the model refuses to save an existing row or delete one, the admin is view-only,
and on PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE on both tables.
Entries are written only by `audit.services.access_log_append`, called by the services
that search, authorise, disclose, export and erase, in the same transaction as the action.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .purposes import Purpose


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access log entry."""

    def __init__(self, what: str = "changed or deleted"):
        super().__init__(f"The access log is append-only: entries cannot be {what}.")


class Action(models.TextChoices):
    """What was done, namespaced by the app that did it."""

    SEARCH = "reads.search", "Search of reads"
    SEARCH_EXPORTED = "reads.search.exported", "Search results exported"
    DISCLOSED = "reads.disclosed", "Search results disclosed"
    AUTHORISATION_REQUESTED = "reads.authorisation.requested", "Authorisation requested"
    AUTHORISATION_APPROVED = "reads.authorisation.approved", "Authorisation approved"
    AUTHORISATION_REFUSED = "reads.authorisation.refused", "Authorisation refused"
    ERASED = "reads.erased", "Reads erased (retention)"
    FEED_CREATED = "reads.feed.created", "Feed created"
    FEED_REVOKED = "reads.feed.revoked", "Feed revoked"
    GRANT_REQUESTED = "reads.grant.requested", "Search grant or revocation proposed"
    GRANT_ADDED = "reads.grant.added", "Search granted"
    GRANT_REVOKED = "reads.grant.revoked", "Search grant revoked"
    GRANT_REFUSED = "reads.grant.refused", "Search grant or revocation refused"
    GRANT_EXPIRED = "reads.grant.expired", "Search grant expired"
    ROLE_REQUESTED = "accounts.role.requested", "Role grant or revocation proposed"
    ROLE_GRANTED = "accounts.role.granted", "Role granted"
    ROLE_REVOKED = "accounts.role.revoked", "Role revoked"
    ROLE_REFUSED = "accounts.role.refused", "Role grant or revocation refused"
    PASSWORD_LINK_SENT = "accounts.password.link_sent", "Password link sent"
    TOKEN_CREATED = "accounts.token.created", "API token created"
    TOKEN_REVOKED = "accounts.token.revoked", "API token revoked"
    SIGNIN_UNLOCKED = "accounts.signin.unlocked", "Sign-in unlocked"
    LOG_EXPORTED = "audit.access_log.exported", "Access log exported"
    PACK_BUILT = "reports.pack.built", "Compliance pack built (disclosure)"
    PACK_DOWNLOADED = "reports.pack.downloaded", "Compliance pack downloaded (disclosure)"
    COLLECTED = "reads.collected", "Reads collected (ingestion)"
    SUBJECT_ACCESS_SEARCHED = "reads.subject_access.searched", "Subject access request: reads searched"
    SUBJECT_ACCESS_DISCLOSED = "reads.subject_access.disclosed", "Subject access request: reads disclosed"
    SAMPLE_DRAWN = "audit.sample.drawn", "Dip-sample of searches drawn"
    ICO_REQUESTED = "assessments.dpia.ico_requested", "DPIA: prior consultation requested from the ICO"
    ICO_EXTENDED = "assessments.dpia.ico_extended", "DPIA: the ICO extended its period by a month"
    ICO_ADVISED = "assessments.dpia.ico_advised", "DPIA: the ICO's written advice received"
    EVIDENCE_UPLOADED = "evidence.file.uploaded", "Evidence file uploaded"
    EVIDENCE_DOWNLOADED = "evidence.file.downloaded", "Evidence file downloaded"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    REFUSED = "refused", "Refused"


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("updated")

    def delete(self):
        raise AppendOnlyError("deleted")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("updated")

    update_or_create = bulk_update


class AppendOnlyModel(models.Model):
    objects = AccessLogQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("deleted")


class AccessLogEntry(AppendOnlyModel):
    """One consultation, disclosure, authorisation, export or erasure: who, when, what, why."""

    sequence = models.PositiveBigIntegerField(unique=True, help_text="Position in the chain, from 1, without gaps.")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty for the system (a scheduled task or a command run on the server).",
    )
    actor_name = models.CharField(max_length=150, help_text="The actor's username at the time, or 'system'.")
    action = models.CharField(max_length=60, choices=Action.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    vrm = models.CharField("VRM", max_length=20, blank=True, db_index=True)
    purpose = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    justification = models.TextField(
        blank=True, help_text="The reason given, the decision's comment, or why the action was refused."
    )
    result_count = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=80, blank=True, help_text="What the action was about, e.g. authorisation:12.")
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} by {self.actor_name} at {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label if self.purpose in Purpose.values else self.purpose

    @property
    def summary(self) -> str:
        """The details in words, for the log's readers. Any stored entry can be shown: details of
        an unexpected shape are shown as they are rather than failing the page."""
        try:
            return self._summary(self.details if isinstance(self.details, dict) else {})
        except (AttributeError, KeyError, TypeError, ValueError, OverflowError):
            return str(self.details)[:200]

    def _summary(self, details: dict) -> str:
        if self.action == Action.COLLECTED:
            return (f"{details.get('feed', '')} ({details.get('site', '')}): {details.get('accepted', 0)} accepted, "
                    f"{details.get('duplicates', 0)} duplicates, {details.get('rejected', 0)} rejected")
        if "feed" in details:
            return f"{details['feed']} ({details.get('site', '')})"
        if "user" in details:
            return f"{details['user']}: {details.get('area') or details.get('site', '')}"
        if "recipient" in details:
            return f"To {details['recipient']}"
        if self.action == Action.ERASED:
            dropped = len(details.get("partitions_dropped", []))
            return f"Reads before {_day(details.get('cutoff'))}; {dropped} monthly partition(s) dropped"
        if "filters" in details:
            return ", ".join(f"{k}={v}" for k, v in details["filters"].items()) or "No filters"
        if "from" in details and "to" in details:
            return f"{_day(details['from'])} to {_day(details['to'])}"
        return ""


def _day(value) -> str:
    """An ISO date-time from the details as a UK day, or as it is (also when it is out of the
    range a UK time can show, e.g. 0001-01-01T00:00+05:00)."""
    try:
        return f"{timezone.localtime(datetime.datetime.fromisoformat(value)):%d %b %Y %H:%M}"
    except (TypeError, ValueError, OverflowError):
        return str(value or "")


class AccessLogSite(AppendOnlyModel):
    """A site whose reads an entry concerns (e.g. a search's results came from it), with how many.

    Part of the entry: its rows are covered by the entry's hash."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.PROTECT, related_name="site_links")
    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="+")
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "site"], name="audit_entry_site_unique")]
        indexes = [models.Index(fields=["site", "entry"], name="audit_site_entry")]

    def __str__(self):
        return f"{self.site_id}: {self.reads} reads"


class AccessLogHead(models.Model):
    """The chain's head: one row (pk 1) holding the last sequence and hash.

    Appends first UPDATE this row, which serialises concurrent writers (a row lock on
    PostgreSQL, the database write lock on SQLite), so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "access log head"

    def __str__(self):
        return f"{self.sequence} entries, last {self.last_hash[:12]}"


class ChainCheck(models.Model):
    """One verification of the whole chain (daily by `audit.verify_access_log`, or run by an
    auditor on /audit/verify/): the result and the head it found, kept as the log's anchor."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty for the daily task.",
    )
    intact = models.BooleanField()
    entries = models.PositiveBigIntegerField(help_text="Entries that follow one another from the first.")
    last_hash = models.CharField(max_length=64, help_text="Hash of the last good entry.")
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Chain check {self.at:%Y-%m-%d %H:%M}: {'intact' if self.intact else 'BROKEN'}"


class Finding(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"
    FOLLOW_UP = "follow_up", "Needs follow-up"


class Sample(models.Model):
    """A random sample of the searches in a period, drawn by an auditor to check each was
    justified. The seed is kept: the same seed over the same period draws the same searches."""

    period_from = models.DateField()
    period_to = models.DateField()
    requested = models.CharField(max_length=10, help_text='What was asked: "10%" or "25".')
    seed = models.CharField(max_length=32)
    population = models.PositiveIntegerField(help_text="Searches in the period the sample was drawn from.")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self):
        return f"Sample {self.pk}: {self.requested} of {self.population} searches"


class SampledSearch(models.Model):
    """One search in a sample and the auditor's finding on it (history kept)."""

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="searches")
    entry = models.ForeignKey(AccessLogEntry, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(max_length=20, choices=Finding.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)  # see core.concurrency
    history = HistoricalRecords()

    class Meta:
        ordering = ["sample", "entry__sequence"]
        constraints = [models.UniqueConstraint(fields=["sample", "entry"], name="sampled_search_once")]

    def __str__(self):
        return f"Search #{self.entry_id} in sample {self.sample_id}: {self.finding or 'no finding yet'}"
