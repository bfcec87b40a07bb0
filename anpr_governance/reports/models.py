"""Compliance packs: each build of a pack (its scope, "as at" date, version, file and
fingerprints), and the record of each disclosure of a pack (built, downloaded).

A pack is an output, not a governance record: it is never edited, only moved forward
(queued → building → ready or failed) by `services.pack_build`; its progress is written
with UPDATE so that the pages can show it while the worker runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Pack(models.Model):
    class Scope(models.TextChoices):
        SITE = "site", "Site pack"
        FORCE = "force", "Force-wide pack"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Via(models.TextChoices):
        WEB = "web", "Reports page"
        COMMAND = "command", "manage.py build_pack"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    site = models.ForeignKey("sites.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What the version number counts: the site's reference, or "force" for force-wide packs.
    scope_key = models.CharField(max_length=20)
    version = models.PositiveIntegerField()
    as_at = models.DateField()
    recipient = models.CharField(max_length=200, blank=True, help_text="Who the pack is for.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.WEB)
    # Restricted location fields are printed only if the requester may see them.
    includes_locations = models.BooleanField(default=False)
    # Withheld by the builder's choice (for a recipient outside the force), whoever built it.
    locations_redacted = models.BooleanField(default=False)
    # The access log's head at generation, printed in the pack: its anchor (audit.chain.anchor_holds).
    log_entries = models.PositiveBigIntegerField(null=True, blank=True)
    log_head_hash = models.CharField(max_length=64, blank=True)

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    progress_message = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # A force-wide pack is laid out in parts (reports.parts): how many, and how many are laid out.
    parts_total = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)

    file = models.FileField(upload_to="packs/", blank=True)
    # SHA-256 of the PDF file as stored: what /reports/verify/ and verify_pack compare.
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # SHA-256 of the pack's canonical JSON data (printed on the cover, attached to the PDF).
    data_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    site_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["scope_key", "version"], name="pack_version_unique")]
        permissions = [("build_pack", "Can build and download compliance packs")]

    def __str__(self):
        return f"{self.label} as at {self.as_at:%d %B %Y}"

    @property
    def label(self) -> str:
        what = "Force-wide pack" if self.scope == self.Scope.FORCE else f"Site pack {self.scope_key}"
        return f"{what}, version {self.version}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED)

    def download_name(self) -> str:
        what = "force-wide" if self.scope == self.Scope.FORCE else self.scope_key
        return f"anpr-compliance-pack-{what}-v{self.version}-as-at-{self.as_at:%Y-%m-%d}.pdf"


class PackPart(models.Model):
    """One part of a force-wide pack: a group of sites laid out by one task (reports.parts).

    Its input (the sites' data) and its output (the laid-out PDF, without page numbers) are
    files under packs/parts/<pack>/; the output is recorded once, by a conditional UPDATE
    from pending to done, so a redelivered task changes nothing. Removed files, kept rows."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Laid out"

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    site_references = models.JSONField(default=list)
    data_file = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    file = models.CharField(max_length=200, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # Page (0-based, within the part) on which each section the contents lists starts: {id: page}.
    starts = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pack", "index"]
        constraints = [models.UniqueConstraint(fields=["pack", "index"], name="pack_part_unique")]

    def __str__(self):
        return f"{self.pack.label}, part {self.index + 1}"


class PackDisclosure(models.Model):
    """Each build and each download of a pack: who, when, to whom (DPA 2018 s.62 disclosure log).

    Written only by `disclosures.record_disclosure`, never changed or deleted. When the
    audit app's hash-chained access log exists, record_disclosure writes there as well
    (see its docstring)."""

    class Action(models.TextChoices):
        BUILT = "built", "Built"
        DOWNLOADED = "downloaded", "Downloaded"

    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="disclosures")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who acted, in words, as it stood then (a person's name and username, or the command line).
    actor_name = models.CharField(max_length=200)
    recipient = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.pack.label} {self.get_action_display().lower()} by {self.actor_name} for {self.recipient}"
