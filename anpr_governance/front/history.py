"""The history of every record of a site, read from simple-history, as people read it:
who changed what, when, why, field by field; and the approvals timeline drawn from it.

One query per kind of record (with the person who made each change), one for the people
named in the changed values, one for policing areas: the same number however long the
history or however many sites there are. A later kind of record joins by adding a
`Source` to SOURCES.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.assessments.grounds import Ground
from anpr_governance.assessments.models import Assessment, PrivacyImpactAssessment, Risk, ScreeningCriterion
from anpr_governance.consultations.models import (
    Consultation,
    ConsultationExemption,
    ConsultationResponse,
    Consultee,
    PublicReply,
)
from anpr_governance.reviews.models import DecommissionChecklist, Review
from anpr_governance.sites.models import RESTRICTED_CAMERA_FIELDS, RESTRICTED_LOCATION_FIELDS, Camera, Site


@dataclass(frozen=True)
class Source:
    model: type[models.Model]  # with its `history_key`, used in anchors and the ?record= filter
    to_site: str  # lookup from the historical row to the site's primary key
    label: Callable[[object], str]

    @property
    def key(self) -> str:
        return self.model.history_key


SOURCES: list[Source] = [
    Source(Site, "id", lambda h: f"Site {h.reference}"),
    Source(Camera, "site_id", lambda h: f"Camera {h.identifier}"),
    Source(Assessment, "site_id", lambda h: f"In-depth assessment, version {h.version}"),
    Source(PrivacyImpactAssessment, "site_id", lambda h: f"Privacy impact assessment, version {h.version}"),
    Source(Risk, "dpia__site_id", lambda h: f"Risk: {_short(h.description)}"),
    Source(Consultation, "site_id",
           lambda h: f"Consultation opened {h.opened_on.day} {h.opened_on:%B %Y}"),
    Source(Consultee, "consultation__site_id", lambda h: f"Consultee: {h.name}"),
    Source(ConsultationResponse, "consultation__site_id",
           lambda h: f"Consultation response from {h.respondent}"),
    Source(PublicReply, "consultation__site_id", lambda h: f"Public reply from {h.name}"),
    Source(ConsultationExemption, "site_id", lambda _h: "Exemption from consultation"),
    Source(Review, "site_id", lambda h: f"Review due {h.due_on.day} {h.due_on:%B %Y}"),
    Source(DecommissionChecklist, "site_id", lambda _h: "Decommissioning checklist"),
]

# Bookkeeping, not content: left out of the differences.
# Fields shown only to readers allowed to see locations.
RESTRICTED = {Site: RESTRICTED_LOCATION_FIELDS, Camera: RESTRICTED_CAMERA_FIELDS}
IGNORED_FIELDS = {"id", "lock_version", "created_at", "updated_at", "requested_at"}
FIELD_LABELS = {
    **{f"{g}_claimed": f"{label} claimed" for g, label in Ground.choices},
    **{f"{g}_justification": f"{label}: justification" for g, label in Ground.choices},
    "dpia": "DPIA",
    "dpo_advised_by": "DPO advice given by",
    "dpo_advised_at": "DPO advice given at",
    "dpo_advice_summary": "Summary of DPO advice",
    "dpo_advice_accepted": "DPO advice accepted",
    "dpo_advice_decided_by": "DPO advice accepted or overruled by",
    "dpo_overrule_reasons": "Reasons for overruling the DPO",
    "ico_consultation_reference": "ICO consultation reference",
    "ico_consulted_on": "ICO consulted on",
    "outcome": "Outcome",
    "review_interval_months": "Review interval (months)",
}

ACTIONS = {
    "site.proposed": "Proposed the site",
    "site.officer_assigned": "Assigned the governance officer",
    "site.assessment_started": "Started the in-depth assessment",
    "site.privacy_review_started": "Moved the site to privacy review",
    "site.consultation_started": "Moved the site to consultation",
    "site.submitted_for_approval": "Submitted the deployment for approval",
    "site.approved": "Approved the deployment",
    "site.returned": "Returned the deployment",
    "site.went_live": "Recorded that the site went live",
    "site.review_started": "Started a review",
    "site.review_continued": "Continued the site after review",
    "site.collection_ceased": "Ceased data collection",
    "site.decommissioned": "Decommissioned the site",
    "site.camera_added": "Recorded a camera",
    "site.camera_removed": "Recorded a camera's removal",
    "assessment.created": "Started a new version",
    "assessment.edited": "Edited",
    "assessment.submitted": "Submitted for approval",
    "assessment.approved": "Approved",
    "assessment.returned": "Returned with comments",
    "assessment.superseded": "Superseded",
    "privacyimpactassessment.created": "Started a new version",
    "privacyimpactassessment.edited": "Edited",
    "privacyimpactassessment.submitted": "Submitted for approval",
    "privacyimpactassessment.dpo_advised": "Gave DPO advice",
    "privacyimpactassessment.ico_consulted": "Recorded the prior consultation with the ICO",
    "privacyimpactassessment.measures_decided": "Decided on each risk's measures",
    "privacyimpactassessment.dpo_advice_decided": "Accepted or overruled the DPO's advice",
    "privacyimpactassessment.consultation_reviewed": "Reviewed the consultation responses",
    "privacyimpactassessment.approved": "Approved (signed off)",
    "privacyimpactassessment.returned": "Returned with comments",
    "privacyimpactassessment.superseded": "Superseded",
    "risk.added": "Added to the risk register",
    "risk.edited": "Edited",
    "risk.removed": "Removed from the risk register",
    "risk.measure_approved": "Measures approved",
    "risk.measure_rejected": "Measures rejected",
    "risk.overall_recomputed": "Overall level recomputed by the risk matrix",
    "consultation.opened": "Opened the consultation",
    "consultation.consultee_added": "Added a consultee",
    "consultation.response_recorded": "Recorded a response",
    "consultation.closed": "Closed the consultation with its outcome",
    "consultation.public_reply_received": "Received a public reply (awaiting moderation)",
    "consultation.public_reply_approved": "Approved the public reply: added to the record",
    "consultation.public_reply_rejected": "Rejected the public reply",
    "consultation.exemption_requested": "Requested an exemption from consultation",
    "consultation.exemption_approved": "Approved the exemption",
    "consultation.exemption_refused": "Refused the exemption",
    "consultation.exemption_ended": "Exemption ended by a review",
    "consultation.exemption_validity_set": "Exemption given its validity (exemptions now expire)",
    "review.scheduled": "Scheduled the review",
    "review.started": "Started the review",
    "review.edited": "Edited",
    "review.submitted": "Submitted for approval",
    "review.approved": "Approved",
    "review.returned": "Returned with comments",
    "review.next_review_scheduled": "Set the next review date",
    "seed_demo": "Demo data: set by the seed",
}
# The steps that make up the approvals timeline: submissions, advice and decisions.
TIMELINE_ACTIONS = {
    "assessment.submitted", "assessment.approved", "assessment.returned",
    "privacyimpactassessment.submitted", "privacyimpactassessment.dpo_advised",
    "privacyimpactassessment.ico_consulted", "privacyimpactassessment.approved",
    "privacyimpactassessment.measures_decided", "privacyimpactassessment.dpo_advice_decided",
    "privacyimpactassessment.consultation_reviewed",
    "privacyimpactassessment.returned",
    "consultation.closed", "consultation.exemption_requested", "consultation.exemption_approved",
    "consultation.exemption_refused",
    "site.submitted_for_approval", "site.approved", "site.returned", "site.went_live",
    "site.collection_ceased", "site.decommissioned",
    "review.submitted", "review.approved", "review.returned",
}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    record_key: str
    record_label: str
    when: datetime.datetime
    who: str
    action: str  # namespaced, e.g. "assessment.returned"
    description: str
    comment: str
    kind: str  # "created", "changed" or "deleted"
    changes: list[Change] = field(default_factory=list)
    lock_version: int | None = None

    @property
    def is_approval_step(self) -> bool:
        return self.action in TIMELINE_ACTIONS


@dataclass
class Record:
    key: str
    label: str
    entries: list[Entry]


def _short(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def split_reason(reason: str | None) -> tuple[str, str]:
    """ "assessment.returned: Give the figures" → ("assessment.returned", "Give the figures")."""
    reason = reason or ""
    action, _, comment = reason.partition(":")
    if " " in action.strip():  # free text, not a namespaced action
        return "", reason.strip()
    return action.strip(), comment.strip()


def site_history(site: Site, *, viewer) -> list[Record]:
    """Every record of the site with its entries, oldest first, in the order records began."""
    rows_by_source = {
        source.key: list(
            source.model.history.filter(**{source.to_site: site.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for source in SOURCES
    }
    names = _Names(rows_by_source)
    show_location = viewer.has_perm("sites.view_site_location")
    records: dict[str, Record] = {}
    for source in SOURCES:
        fields = [f for f in source.model._meta.concrete_fields if f.name not in IGNORED_FIELDS]
        previous: dict[int, object] = {}
        for row in rows_by_source[source.key]:
            key = f"{source.key}-{row.id}"
            before = previous.get(row.id)
            changes = _changes(fields, before, row, names, show_location, source.model)
            action, comment = split_reason(row.history_change_reason)
            who = str(row.history_user) if row.history_user else "the system"
            entry = Entry(
                record_key=key, record_label=source.label(row), when=row.history_date, who=who, action=action,
                description=ACTIONS.get(action, action.replace("_", " ").replace(".", ": ") if action else "Changed"),
                comment=comment, kind={"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                changes=changes, lock_version=getattr(row, "lock_version", None),
            )
            records.setdefault(key, Record(key=key, label=entry.record_label, entries=[])).entries.append(entry)
            records[key].label = entry.record_label  # the latest label (a risk's description may change)
            previous[row.id] = row
    return sorted(records.values(), key=lambda r: (r.entries[0].when, r.key))


def latest_entries(records: list[Record], count: int = 8) -> list[Entry]:
    entries = [e for r in records for e in r.entries]
    return sorted(entries, key=lambda e: e.when, reverse=True)[:count]


def approvals_timeline(records: list[Record]) -> list[Entry]:
    return sorted((e for r in records for e in r.entries if e.is_approval_step), key=lambda e: e.when)


class _Names:
    """Names for the people, policing areas and consultees that changed values refer to."""

    def __init__(self, rows_by_source):
        user_ids, area_ids = set(), set()
        for rows in rows_by_source.values():
            for row in rows:
                for f in row._meta.concrete_fields:
                    if f.name.startswith("history_") or not isinstance(f, models.ForeignKey):
                        continue
                    value = getattr(row, f.attname)
                    if value is None:
                        continue
                    if f.related_model is User:
                        user_ids.add(value)
                    elif f.related_model is PolicingArea:
                        area_ids.add(value)
        self.users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
        self.areas = dict(PolicingArea.objects.filter(pk__in=area_ids).values_list("pk", "name")) if area_ids else {}
        self.consultees = {row.id: row.name for row in rows_by_source.get("consultee", [])}

    def of(self, model, pk) -> str:
        if model is User:
            return self.users.get(pk, f"user {pk}")
        if model is PolicingArea:
            return self.areas.get(pk, f"area {pk}")
        if model is Consultee:
            return self.consultees.get(pk, f"consultee {pk}")
        return ""


def _changes(fields, before, row, names: _Names, show_location: bool, model) -> list[Change]:
    changes = []
    for f in fields:
        if isinstance(f, models.ForeignKey) and f.related_model not in (User, PolicingArea, Consultee):
            continue  # the record's parent (site, DPIA, consultation): it never changes
        new = getattr(row, f.attname)
        old = getattr(before, f.attname) if before is not None else None
        if before is not None and old == new:
            continue
        if before is None and new in (None, "", [], False) and not isinstance(f, models.BooleanField):
            continue
        if before is None and isinstance(f, models.BooleanField) and not new:
            continue
        if f.name in RESTRICTED.get(model, ()) and not show_location:
            changes.append(Change(_label(f), "Restricted", "Restricted"))
            continue
        changes.append(Change(_label(f), _display(f, old, names), _display(f, new, names)))
    return changes


def _label(f) -> str:
    return FIELD_LABELS.get(f.name) or str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:]


def _display(f, value, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(f, models.ForeignKey):
        return names.of(f.related_model, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if f.name == "screening_criteria" and isinstance(value, list):
        labels = dict(ScreeningCriterion.choices)
        return "; ".join(str(labels.get(v, v)) for v in value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y} at {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
