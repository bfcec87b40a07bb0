"""`{% evidence_files record %}`: a record's evidence files and the upload form, on the
record's own page (the form posts to the evidence page, which shows any error)."""

from django import template

from anpr_governance.accounts.permissions import can_add_evidence
from anpr_governance.evidence.forms import EvidenceForm, prefix_for
from anpr_governance.evidence.records import kind_of
from anpr_governance.evidence.selectors import evidence_for_record

register = template.Library()


@register.inclusion_tag("evidence/_files.html", takes_context=True)
def evidence_files(context, record, heading_level=2, upload=True):
    kind = kind_of(record) if record is not None and record.pk else None
    if kind is None:
        return {"kind": None}
    user = context["request"].user
    may_add = upload and can_add_evidence(user, record.site)
    return {
        "kind": kind, "record": record, "site": record.site, "files": list(evidence_for_record(record)),
        "form": EvidenceForm(prefix=prefix_for(kind.slug, record.pk)) if may_add else None,
        "heading_level": heading_level, "csrf_token": context.get("csrf_token"),
    }
