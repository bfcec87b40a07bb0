"""Evidence files: stored under MEDIA_ROOT with their SHA-256, never served directly (the
download view checks the reader), never deleted (a newer file supersedes one)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    SIGNED_DOCUMENT = "signed_document", "Signed document"
    CORRESPONDENCE = "correspondence", "Letter or e-mail"
    PHOTOGRAPH = "photograph", "Photograph (for example of signage)"
    ICO_ADVICE = "ico_advice", "ICO written advice"
    OTHER = "other", "Other supporting document"


class NotDeleted(models.QuerySet):
    """Evidence is kept: a queryset cannot delete it (a newer file supersedes an old one)."""

    def delete(self):
        raise models.ProtectedError("Evidence files are never deleted: upload a newer file to supersede one.", set())


def stored_name(instance, filename) -> str:
    # A random name without the uploader's extension: nothing under MEDIA_ROOT is executable or
    # guessable; the original name is kept in the row and given back on download.
    return f"evidence/{instance.site_id}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    # The site, for the permission check and the site's packs; the record through contenttypes.
    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="evidence_files")
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    # The registered slug of the record's kind (evidence.records): "dpia", "review", …
    record_kind = models.CharField(max_length=30)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.CharField(max_length=500)
    file = models.FileField(upload_to=stored_name, max_length=200)
    original_name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    # Shows or describes a camera's position: only holders of sites.view_site_location read it.
    restricted = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    history_key = "evidence"

    objects = NotDeleted.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self):
        return f"{self.original_name} ({self.description})"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Evidence files are never deleted: upload a newer file to supersede one.", {self})
