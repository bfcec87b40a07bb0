"""The evidence files of a site as they stood at the pack's cut-off: each with its name,
description, record, uploader, time, size and SHA-256, superseded ones marked. A file marked as
showing a camera's location keeps its hash and size, but its name and description are withheld
from a pack that withholds locations."""

from anpr_governance.evidence.models import Kind

from .asat import Snapshot
from .formatting import iso_moment

WITHHELD = "Withheld: the file shows a restricted camera location"


def _record_label(snap: Snapshot, site_id: int, kind: str, record_id: int) -> str:
    def find(rows):
        return next((row for row in rows if row.pk == record_id), None)

    if kind == "assessment" and (doc := find(snap.assessments.get(site_id, []))):
        return f"In-depth assessment v{doc.version}"
    if kind == "dpia" and (doc := find(snap.dpias.get(site_id, []))):
        return f"DPIA v{doc.version}"
    if kind == "consultation" and (c := find(snap.consultations.get(site_id, []))):
        return f"Consultation opened {c.opened_on:%d %b %Y}"
    if kind == "exemption":
        return "Exemption from consultation"
    if kind == "review" and (r := find(snap.reviews.get(site_id, []))):
        return f"Review due {r.due_on:%d %b %Y}"
    if kind == "checklist":
        return "Decommissioning checklist"
    return f"{kind.capitalize()} #{record_id}"


def evidence_rows(snap: Snapshot, site_id: int, *, includes_locations: bool) -> list[dict]:
    names = {e.pk: e.original_name for e in snap.evidence.get(site_id, [])}
    rows = []
    for e in snap.evidence.get(site_id, []):
        hidden = e.restricted and not includes_locations
        rows.append({
            "name": WITHHELD if hidden else e.original_name,
            "description": "" if hidden else e.description,
            "kind": e.kind,
            "kind_label": Kind(e.kind).label,
            "record_kind": e.record_kind,
            "record": _record_label(snap, site_id, e.record_kind, e.record_id),
            "uploaded_by": snap.user(e.uploaded_by_id),
            "uploaded_at": iso_moment(e.uploaded_at),
            "size": e.size,
            "mime_type": e.mime_type,
            "sha256": e.sha256,
            "restricted": e.restricted,
            "superseded": e.superseded_by_id is not None,
            "superseded_at": iso_moment(e.superseded_at),
            "superseded_by": (WITHHELD if hidden else names.get(e.superseded_by_id, "")) if e.superseded_by_id else "",
        })
    return rows
