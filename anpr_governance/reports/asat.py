"""Records as they stood at a moment, for every site of a pack at once (simple-history).

`take()` reads each governance model once with `Model.history.as_of(cutoff)` (the latest
historical row of each record at or before the cut-off, as an instance), and the change
history within the period once per model. The number of queries is therefore the same
for one site or six hundred, and for ten history rows per site or a thousand: only the
rows read grow.

Nothing here checks permissions: the services decide who may build a pack and whether
restricted location fields are printed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.assessments.models import Assessment, PrivacyImpactAssessment, Risk
from anpr_governance.consultations.models import (
    Consultation,
    ConsultationExemption,
    ConsultationResponse,
    Consultee,
)
from anpr_governance.evidence.models import EvidenceFile
from anpr_governance.reviews.models import DecommissionChecklist, Review
from anpr_governance.sites.models import Camera, Site

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    at: datetime.datetime
    record: str
    action: str
    user_id: int | None


@dataclass
class Snapshot:
    cutoff: datetime.datetime
    period_start: datetime.datetime
    sites: list = field(default_factory=list)  # Site instances as they stood, by reference
    areas: dict = field(default_factory=dict)  # id → PolicingArea as it stood
    users: dict = field(default_factory=dict)  # id → display name as it stood
    cameras: dict = field(default_factory=lambda: defaultdict(list))  # site id → [Camera]
    assessments: dict = field(default_factory=lambda: defaultdict(list))  # site id → newest version first
    dpias: dict = field(default_factory=lambda: defaultdict(list))  # site id → newest version first
    risks: dict = field(default_factory=lambda: defaultdict(list))  # dpia id → [Risk] by id
    consultations: dict = field(default_factory=lambda: defaultdict(list))  # site id → newest first
    consultees: dict = field(default_factory=lambda: defaultdict(list))  # consultation id → [Consultee]
    responses: dict = field(default_factory=lambda: defaultdict(list))  # consultation id → [Response]
    exemptions: dict = field(default_factory=lambda: defaultdict(list))  # site id → newest first
    reviews: dict = field(default_factory=lambda: defaultdict(list))  # site id → latest due first
    checklists: dict = field(default_factory=dict)  # site id → DecommissionChecklist
    evidence: dict = field(default_factory=lambda: defaultdict(list))  # site id → [EvidenceFile], oldest first
    # Every historical row of each site up to the cut-off, oldest first (the lifecycle timeline).
    site_history: dict = field(default_factory=lambda: defaultdict(list))
    # Changes to any of the site's records within the period, oldest first.
    changes: dict = field(default_factory=lambda: defaultdict(list))

    def user(self, user_id) -> str | None:
        if user_id is None:
            return None
        return self.users.get(user_id, f"user #{user_id}")


def as_of(model, cutoff: datetime.datetime, **filters) -> list:
    """`model.history.as_of(cutoff)`, filtered: one instance per record, as it stood."""
    latest = {}
    for instance in model.history.as_of(cutoff).filter(**filters):
        # Two rows of one record saved in the same microsecond: keep the later row.
        previous = latest.get(instance.pk)
        if previous is None or instance._history.history_id > previous._history.history_id:
            latest[instance.pk] = instance
    return [latest[pk] for pk in sorted(latest)]


def first_record_date(site: Site | None = None) -> datetime.datetime | None:
    """When the first record of the site (or of the whole register) was made."""
    rows = Site.history.all() if site is None else Site.history.filter(id=site.pk)
    first = rows.order_by("history_date").values_list("history_date", flat=True).first()
    return first


def take(*, cutoff: datetime.datetime, period_start: datetime.datetime, site_ids: list[int] | None) -> Snapshot:
    """The records of the given sites (None: every site that existed) as at `cutoff`."""
    snap = Snapshot(cutoff=cutoff, period_start=period_start)
    # A force-wide pack reads every row up to the cut-off: no record of a site that did not
    # exist yet can have one, so no filter (and no list of ids in the SQL) is needed.
    by_site = {} if site_ids is None else {"site_id__in": site_ids}

    sites = as_of(Site, cutoff, **({} if site_ids is None else {"id__in": site_ids}))
    snap.sites = sorted(sites, key=lambda s: s.reference)
    ids = [s.pk for s in snap.sites]
    wanted = set(ids)

    snap.areas = {a.pk: a for a in as_of(PolicingArea, cutoff)}
    for camera in as_of(Camera, cutoff, **by_site):
        snap.cameras[camera.site_id].append(camera)

    for doc in sorted(as_of(Assessment, cutoff, **by_site), key=lambda d: -d.version):
        snap.assessments[doc.site_id].append(doc)
    dpia_site = {}
    for doc in sorted(as_of(PrivacyImpactAssessment, cutoff, **by_site), key=lambda d: -d.version):
        snap.dpias[doc.site_id].append(doc)
        dpia_site[doc.pk] = doc.site_id
    by_dpia = {"dpia_id__in": list(dpia_site)} if by_site else {}
    for risk in as_of(Risk, cutoff, **by_dpia):
        snap.risks[risk.dpia_id].append(risk)

    consultation_site = {}
    consultations = as_of(Consultation, cutoff, **by_site)
    for c in sorted(consultations, key=lambda c: (c.opened_on, c.pk), reverse=True):
        snap.consultations[c.site_id].append(c)
        consultation_site[c.pk] = c.site_id
    by_consultation = {"consultation_id__in": list(consultation_site)} if by_site else {}
    for consultee in sorted(as_of(Consultee, cutoff, **by_consultation), key=lambda c: (c.consulted_on, c.pk)):
        snap.consultees[consultee.consultation_id].append(consultee)
    responses = as_of(ConsultationResponse, cutoff, **by_consultation)
    for response in sorted(responses, key=lambda r: (r.received_on, r.pk)):
        snap.responses[response.consultation_id].append(response)
    exemptions = as_of(ConsultationExemption, cutoff, **by_site)
    for exemption in sorted(exemptions, key=lambda e: (e.requested_at, e.pk), reverse=True):
        snap.exemptions[exemption.site_id].append(exemption)

    for review in sorted(as_of(Review, cutoff, **by_site), key=lambda r: (r.due_on, r.pk), reverse=True):
        snap.reviews[review.site_id].append(review)
    for checklist in as_of(DecommissionChecklist, cutoff, **by_site):
        snap.checklists[checklist.site_id] = checklist
    for evidence in sorted(as_of(EvidenceFile, cutoff, **by_site), key=lambda e: (e.uploaded_at, e.pk)):
        snap.evidence[evidence.site_id].append(evidence)

    history = (
        Site.history.filter(history_date__lte=cutoff, **({"id__in": ids} if by_site else {}))
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "status", "history_user_id", "history_change_reason", "history_type")
    )
    for row in history:
        if row["id"] in wanted:
            snap.site_history[row["id"]].append(row)

    _collect_changes(snap, wanted, by_site, by_dpia, by_consultation, dpia_site, consultation_site)
    _collect_users(snap)
    return snap


# What each model's changes are called in the pack, and how a row finds its site.
def _label_site(row, snap):
    return "Site record"


def _label_camera(row, snap):
    return f"Camera {row['identifier']}"


def _label_assessment(row, snap):
    return f"In-depth assessment v{row['version']}"


def _label_dpia(row, snap):
    return f"DPIA v{row['version']}"


def _label_risk(row, snap):
    return f"DPIA risk #{row['id']}"


def _label_consultation(row, snap):
    return f"Consultation opened {row['opened_on']:%d %b %Y}"


def _label_consultee(row, snap):
    return f"Consultee: {row['name']}"


def _label_response(row, snap):
    return f"Response from {row['respondent']}"


def _label_exemption(row, snap):
    return "Consultation exemption"


def _label_review(row, snap):
    return f"Review due {row['due_on']:%d %b %Y}"


def _label_checklist(row, snap):
    return "Decommissioning checklist"


def _label_evidence(row, snap):
    return f"Evidence file {row['original_name']}"


def _collect_changes(snap, wanted, by_site, by_dpia, by_consultation, dpia_site, consultation_site):
    in_period = Q(history_date__gte=snap.period_start, history_date__lte=snap.cutoff)
    common = ("id", "history_date", "history_user_id", "history_change_reason", "history_type")
    # (model, extra columns, filter, how the row finds its site, label)
    specs = [
        (Camera, ("site_id", "identifier"), by_site, lambda r: r["site_id"], _label_camera),
        (Assessment, ("site_id", "version"), by_site, lambda r: r["site_id"], _label_assessment),
        (PrivacyImpactAssessment, ("site_id", "version"), by_site, lambda r: r["site_id"], _label_dpia),
        (Risk, ("dpia_id",), by_dpia, lambda r: dpia_site.get(r["dpia_id"]), _label_risk),
        (Consultation, ("site_id", "opened_on"), by_site, lambda r: r["site_id"], _label_consultation),
        (Consultee, ("consultation_id", "name"), by_consultation,
         lambda r: consultation_site.get(r["consultation_id"]), _label_consultee),
        (ConsultationResponse, ("consultation_id", "respondent"), by_consultation,
         lambda r: consultation_site.get(r["consultation_id"]), _label_response),
        (ConsultationExemption, ("site_id",), by_site, lambda r: r["site_id"], _label_exemption),
        (Review, ("site_id", "due_on"), by_site, lambda r: r["site_id"], _label_review),
        (DecommissionChecklist, ("site_id",), by_site, lambda r: r["site_id"], _label_checklist),
        (EvidenceFile, ("site_id", "original_name"), by_site, lambda r: r["site_id"], _label_evidence),
    ]
    for site_id, rows in snap.site_history.items():
        for row in rows:
            if row["history_date"] >= snap.period_start:
                snap.changes[site_id].append(_change(row, _label_site(row, snap)))
    for model, columns, filters, site_of, label in specs:
        rows = model.history.filter(in_period, **filters).values(*common, *columns)
        for row in rows:
            site_id = site_of(row)
            if site_id in wanted:
                snap.changes[site_id].append(_change(row, label(row, snap)))
    for changes in snap.changes.values():
        changes.sort(key=lambda c: c.at)


def _change(row, record: str) -> Change:
    action = (row["history_change_reason"] or "").strip() or HISTORY_TYPES.get(row["history_type"], "changed")
    return Change(at=row["history_date"], record=record, action=action, user_id=row["history_user_id"])


USER_FIELDS = {
    "sites": ("governance_officer_id", "submitted_by_id", "approved_by_id"),
    "documents": ("prepared_by_id", "submitted_by_id", "decided_by_id"),
    "dpia": ("measures_approved_by_id", "residual_risks_approved_by_id", "dpo_advised_by_id",
             "dpo_advice_decided_by_id", "consultation_responses_reviewed_by_id", "kept_under_review_by_id"),
    "consultations": ("opened_by_id", "closed_by_id"),
    "exemptions": ("requested_by_id", "decided_by_id"),
    "reviews": ("reviewer_id", "submitted_by_id", "decided_by_id"),
    "evidence": ("uploaded_by_id",),
}


def _collect_users(snap: Snapshot) -> None:
    """Names of everyone the pack mentions, as their records stood at the cut-off."""
    ids = set()

    def add(obj, names):
        ids.update(getattr(obj, name) for name in names)

    for site in snap.sites:
        add(site, USER_FIELDS["sites"])
    for docs in [*snap.assessments.values(), *snap.dpias.values()]:
        for doc in docs:
            add(doc, USER_FIELDS["documents"])
    for docs in snap.dpias.values():
        for doc in docs:
            add(doc, USER_FIELDS["dpia"])
    for items in snap.consultations.values():
        for item in items:
            add(item, USER_FIELDS["consultations"])
    for items in snap.exemptions.values():
        for item in items:
            add(item, USER_FIELDS["exemptions"])
    for items in snap.reviews.values():
        for item in items:
            add(item, USER_FIELDS["reviews"])
    for items in snap.evidence.values():
        for item in items:
            add(item, USER_FIELDS["evidence"])
    for rows in snap.site_history.values():
        ids.update(row["history_user_id"] for row in rows)
    for changes in snap.changes.values():
        ids.update(change.user_id for change in changes)
    ids.discard(None)
    if not ids:
        return
    # As as_of() does, but as values: a User instance built from history would fetch its
    # excluded fields (password, last_login) one person at a time.
    rows = (
        User.history.filter(history_date__lte=snap.cutoff, id__in=sorted(ids))
        .latest_of_each()
        .order_by("id", "history_id")
        .values("id", "username", "first_name", "last_name")
    )
    names = {row["id"]: _display(row) for row in rows}
    missing = ids - set(names)
    if missing:  # accounts made before their history was kept
        names |= {row["id"]: _display(row) for row in User.objects.filter(pk__in=missing).values(
            "id", "username", "first_name", "last_name")}
    snap.users = names


def _display(row: dict) -> str:
    return f"{row['first_name']} {row['last_name']}".strip() or row["username"]
