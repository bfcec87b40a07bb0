"""Read data: camera feeds, the reads they deliver, and authorisations to search older reads.

Who may search which sites is a guardian object permission, `sites.search_reads` on a site
or `accounts.search_reads` on a policing area. It is given or withdrawn only through a
`SearchGrant`: proposed by a system administrator, in force only once an authorising officer
(another person) approves it, and expiring (reads.services.grants).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from anpr_governance.audit.purposes import Purpose

SEARCH_READS = "search_reads"  # the codename of the object permission on sites and policing areas


class Feed(models.Model):
    """A source of reads for one site (a camera back office), authenticated by a token.

    The token is shown once, when the feed is created; only its SHA-256 is kept. A feed is
    revoked, never deleted."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="feeds")
    name = models.CharField(max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(max_length=8, help_text="The token's first characters, to tell tokens apart.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Counters kept by ingestion (UPDATE, not history).
    last_received_at = models.DateTimeField(null=True, blank=True)
    reads_accepted = models.PositiveBigIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_received_at", "reads_accepted"])

    class Meta:
        ordering = ["site__reference", "name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Read(models.Model):
    """One read of a VRM by a camera. Its key (VRM, time, camera) is the index a search uses
    and what makes a resent read a duplicate.

    On PostgreSQL the table is partitioned by month of `read_at` (reads.store); retention
    drops whole partitions. Foreign keys are not enforced by the database, for the speed
    of ingestion: the ingestion service checks every camera against the feed's site, and
    sites and cameras are never deleted."""

    pk = models.CompositePrimaryKey("vrm", "read_at", "camera")
    vrm = models.CharField("VRM", max_length=10)
    read_at = models.DateTimeField()
    camera = models.ForeignKey(
        "sites.Camera", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    site = models.ForeignKey(
        "sites.Site", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    confidence = models.FloatField(null=True, blank=True)

    class Meta:
        # Nobody adds, changes, deletes or browses reads as model records: only the services do.
        default_permissions = ()
        permissions = [("grant_search", "Can grant and revoke searching reads per site or policing area")]

    def __str__(self):
        return f"{self.vrm} at {self.read_at:%Y-%m-%d %H:%M:%S} by camera {self.camera_id}"


class Authorisation(models.Model):
    """An authorising officer's permission for one investigator to search older reads of one
    VRM over one window, for one purpose and reference. It covers only what was asked and
    expires ANPR_AUTHORISATION_VALIDITY_DAYS after approval."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    vrm = models.CharField("VRM", max_length=10)
    window_from = models.DateTimeField("from")
    window_to = models.DateTimeField("to")
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    reference = models.CharField(max_length=60)
    reason = models.TextField(help_text="Why reads older than the standard access window are needed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        permissions = [("decide_authorisation", "Can approve or refuse searches of older reads")]

    def __str__(self):
        return f"Authorisation {self.pk} for {self.vrm}"


class SubjectAccessRequest(models.Model):
    """A member of the public's request for the reads held of their vehicle (DPA 2018 s.45),
    answered by the data protection officer: the reads found within retention, those withheld
    and why, and the response (a letter and a CSV). Searched and disclosed in the access log."""

    class State(models.TextChoices):
        SEARCHED = "searched", "Reads found, response not yet sent"
        DISCLOSED = "disclosed", "Response produced"

    reference = models.CharField("SAR reference", max_length=40, unique=True)
    vrm = models.CharField("VRM", max_length=10)
    identity_verification = models.TextField(
        help_text="How the requester's identity and keepership of the vehicle were verified."
    )
    searched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    searched_at = models.DateTimeField(default=timezone.now)
    retained_since = models.DateTimeField(help_text="The retention cutoff when searched: reads from then on.")
    reads_found = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SEARCHED)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(null=True, blank=True)
    reads_disclosed = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-searched_at", "-id"]

    def __str__(self):
        return f"{self.reference} ({self.vrm})"


class WithheldRead(models.Model):
    """A read found for a subject access request but not disclosed, with the stated reason
    (e.g. disclosure would prejudice an investigation, DPA 2018 s.45(4))."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.PROTECT, related_name="withheld")
    camera = models.ForeignKey("sites.Camera", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["read_at"]
        constraints = [models.UniqueConstraint(fields=["request", "camera", "read_at"], name="withheld_read_once")]

    def __str__(self):
        return f"Read by camera {self.camera_id} at {self.read_at:%Y-%m-%d %H:%M:%S} withheld from {self.request_id}"


class SearchGrant(models.Model):
    """A proposal to let an investigator search a policing area or a site (or to withdraw that),
    and its decision. Two people: a system administrator proposes, an authorising officer who
    is neither the proposer nor the investigator approves or refuses. An approved grant
    expires ANPR_SEARCH_GRANT_MONTHS after approval; the object permission exists only while
    an approved, unexpired grant backs it."""

    class Change(models.TextChoices):
        GRANT = "grant", "Grant"
        REVOKE = "revoke", "Revoke"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        ENDED = "ended", "Ended"  # an approved grant that expired or was revoked

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("accounts.PolicingArea", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    site = models.ForeignKey("sites.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=10, choices=Change.choices, default=Change.GRANT)
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self):
        return f"{self.get_change_display()} {self.scope} to {self.user}"

    @property
    def scope(self) -> str:
        return f"the {self.area.name} policing area" if self.area_id else f"site {self.site.reference}"
