"""Reads of evidence files for pages and packs. Every governance role sees the list (names,
descriptions, hashes); reading a file's bytes is the download service's to allow."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from .models import EvidenceFile
from .records import KINDS, RecordKind


def evidence_for_record(record) -> QuerySet[EvidenceFile]:
    """Every file attached to `record`, current and superseded, oldest first."""
    record_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    return (EvidenceFile.objects.filter(record_type=record_type, record_id=record.pk)
            .select_related("uploaded_by", "superseded_by"))


def evidence_for_site(site) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(site=site).select_related("uploaded_by", "superseded_by")


def record_or_404(site, slug: str, pk: int) -> tuple[RecordKind, object]:
    kind = KINDS.get(slug)
    record = kind.model._default_manager.filter(pk=pk, site=site).first() if kind else None
    if record is None:
        raise Http404("There is no such record for this site.")
    return kind, record


def evidence_file_or_404(site, pk: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.select_related("site").filter(pk=pk, site=site).first()
    if evidence is None:
        raise Http404("There is no such evidence file for this site.")
    return evidence
