"""Writes of evidence files: an upload (perhaps superseding an earlier file) and a download.

Both are entries in the hash-chained access log, written here inside the service's
transaction, so no page can upload or read a file without it being recorded."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_evidence_read, require_evidence_upload
from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history

from .filetypes import detect
from .models import EvidenceFile, Kind
from .records import kind_of

WRONG_TYPE = "The selected file must be a PDF, image, office document or e-mail"
EMPTY = "The selected file is empty"


def too_large_message() -> str:
    return f"The selected file must be smaller than {settings.ANPR_EVIDENCE_MAX_MB} MB"


def evidence_limit_bytes() -> int:
    return settings.ANPR_EVIDENCE_MAX_MB * 1024 * 1024


def _file_error(message: str) -> DomainError:
    return DomainError(message, field_errors={"file": [message]})


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_upload(*, actor, record, upload, description: str, kind: str = Kind.OTHER,
                    restricted: bool = False, supersedes: EvidenceFile | None = None) -> EvidenceFile:
    """Attach `upload` to `record` (a registered kind of governance record). Refused before
    anything is stored when the file is empty, too large or not an accepted kind by its bytes."""
    record_kind = kind_of(record)
    if record_kind is None:
        raise DomainError("Evidence files cannot be attached to this kind of record.")
    site = record.site
    require_evidence_upload(actor, site)
    description = (description or "").strip()
    if not description:
        raise DomainError("Enter a short description of the file",
                          field_errors={"description": ["Enter a short description of the file"]})
    if upload.size == 0:
        raise _file_error(EMPTY)
    if upload.size > evidence_limit_bytes():
        raise _file_error(too_large_message())
    detected = detect(upload)
    if detected is None:
        raise _file_error(WRONG_TYPE)
    record_type = ContentType.objects.get_for_model(record_kind.model)
    with transaction.atomic():
        if supersedes is not None:
            supersedes = EvidenceFile.objects.select_for_update().get(pk=supersedes.pk)
            if (supersedes.record_type_id, supersedes.record_id) != (record_type.pk, record.pk):
                raise DomainError("A file can only be replaced by a file for the same record.")
            if not supersedes.is_current:
                raise DomainError(f"{supersedes.original_name} has already been replaced by a newer file.")
        evidence = EvidenceFile(
            site=site, record_type=record_type, record_id=record.pk, record_kind=record_kind.slug,
            kind=Kind(kind), description=description[:500], original_name=_plain_name(upload.name),
            mime_type=detected.mime, size=upload.size, sha256=_sha256(upload), restricted=restricted,
            uploaded_by=actor, uploaded_at=timezone.now(),
        )
        evidence.file.save(evidence.original_name, upload, save=False)
        try:
            save_with_history(evidence, actor=actor, reason=f"Evidence file uploaded for {record_kind.label}")
            if supersedes is not None:
                supersedes.superseded_by = evidence
                supersedes.superseded_at = evidence.uploaded_at
                save_with_history(supersedes, actor=actor, reason=f"Superseded by {evidence.original_name}")
            access_log_append(
                actor=actor, action=Action.EVIDENCE_UPLOADED, subject=f"evidence:{evidence.pk}",
                justification=f"{record_kind.label} of {site.reference}: {evidence.description}",
                details={"site": site.reference, "record": f"{record_kind.slug}:{record.pk}",
                         "name": evidence.original_name, "size": evidence.size, "sha256": evidence.sha256,
                         "supersedes": supersedes.pk if supersedes else None},
            )
        except Exception:
            default_storage.delete(evidence.file.name)  # never referenced by a row: not evidence yet
            raise
    return evidence


def evidence_download(*, actor, evidence: EvidenceFile):
    """Open a file for `actor` after checking they may read it; the read is logged."""
    require_evidence_read(actor, restricted=evidence.restricted)
    with transaction.atomic():
        access_log_append(
            actor=actor, action=Action.EVIDENCE_DOWNLOADED, subject=f"evidence:{evidence.pk}",
            justification=f"Evidence file {evidence.original_name} of {evidence.site.reference}",
            details={"site": evidence.site.reference, "record": f"{evidence.record_kind}:{evidence.record_id}",
                     "sha256": evidence.sha256},
        )
    return evidence.file.open("rb")


def _plain_name(name: str) -> str:
    """The file's own name without any folder a browser sent, bounded."""
    name = (name or "file").replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    return name[-255:]
