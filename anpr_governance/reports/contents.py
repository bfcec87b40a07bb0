"""The pack's data: everything the PDF prints, as one JSON-ready dict.

The PDF is rendered from this dict and nothing else, and the same dict, serialised
canonically (`canonical_json`), is attached to the PDF; its SHA-256 is the fingerprint
printed on the cover. So what is printed and what is attached cannot disagree.
"""

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from anpr_governance.assessments import dpia_sections, ico, risk_matrix
from anpr_governance.assessments.grounds import MATRIX, Grade, Ground, grade_for
from anpr_governance.assessments.models import (
    DocumentStatus,
    Effect,
    Likelihood,
    RiskLevel,
    ScreeningCriterion,
    Severity,
)
from anpr_governance.consultations.models import (
    Consultation,
    ConsultationExemption,
    Consultee,
    ExemptionGround,
    Method,
)
from anpr_governance.reviews.models import PRIVACY_PARTS, DecommissionChecklist, Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import LocationType

from . import principles
from .asat import Snapshot
from .evidence_section import evidence_rows
from .formatting import human_date, human_moment, iso_date, iso_moment

SCHEMA = "anpr-governance/compliance-pack/1"
COLLECTING_OR_REVIEWED = (Status.LIVE, Status.UNDER_REVIEW)


CHECKLIST_LABELS = {
    "feed_stopped": "Feed stopped",
    "national_registration_removed": "National registration removed",
    "signage_removed": "Signage removed",
    "data_deleted": "Data deleted at the end of retention",
}


@dataclass
class Context:
    """What the pack is, beyond the records: who asked, for whom, what they may see."""

    reference: str
    scope: str  # "site" or "force"
    version: int
    as_at: datetime.date
    cutoff: datetime.datetime  # the end of the as-at date, or the moment of generation if earlier
    period_start: datetime.date
    generated_at: datetime.datetime
    generated_by: str
    generated_by_roles: list
    recipient: str
    includes_locations: bool
    locations_redacted: bool  # withheld by the builder's choice, for an outside recipient
    access_log: dict  # the access log's head at generation: {"entries", "head_hash"} (its anchor)
    sampling: dict  # dip-sampling findings in the period (force-wide packs print them)
    flags: dict  # site id → [{"rule", "reason"}], as computed at generation
    access: dict  # site id → access statistics
    force_access: dict  # force-wide counts for the period (authorisations are per vehicle, not per site)


def canonical_json(data: dict) -> bytes:
    """The one serialisation of the pack data: attached to the PDF and fingerprinted."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint(data: dict) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def build(snap: Snapshot, ctx: Context) -> dict:
    sites = [site_section(snap, site, ctx) for site in snap.sites]
    data = {
        "schema": SCHEMA,
        "pack": {
            "reference": ctx.reference,
            "scope": ctx.scope,
            "scope_label": "Force-wide pack" if ctx.scope == "force" else "Site pack",
            "version": ctx.version,
            "force": settings.FORCE_NAME,
            "as_at": iso_date(ctx.as_at),
            "cutoff": iso_moment(snap.cutoff),
            "period": {"from": iso_date(ctx.period_start), "to": iso_date(ctx.as_at)},
            "generated_at": iso_moment(ctx.generated_at),
            "generated_by": {"name": ctx.generated_by, "roles": sorted(ctx.generated_by_roles)},
            "recipient": ctx.recipient,
            "includes_locations": ctx.includes_locations,
            "locations_redacted": ctx.locations_redacted,
            "access_log": ctx.access_log,
            "site_references": [s["reference"] for s in sites],
        },
        "sites": sites,
        "notes": notes(ctx, sites),
    }
    if ctx.scope == "force":
        data["register"] = [register_row(s) for s in sites]
        data["aggregates"] = aggregates(sites, ctx.force_access)
        data["sampling"] = ctx.sampling
    return data


def notes(ctx: Context, sites: list[dict]) -> list[str]:
    out = [
        f"Each record is shown as it stood at {human_moment(iso_moment(ctx.cutoff))} (the end of the as-at "
        "date, or the moment of generation if earlier), from the records' change history.",
        f"Change history and access statistics cover {ctx.period_start:%-d %B %Y} to {ctx.as_at:%-d %B %Y} "
        f"({settings.ANPR_PACK_PERIOD_MONTHS} months).",
        f"Decommissioning flags are as computed at generation ({human_moment(iso_moment(ctx.generated_at))}) from "
        "the records as they were then, not as at the as-at date.",
    ]
    if any(not s["access"]["recorded"] for s in sites):
        out.append("Access statistics: read data not yet recorded in this system; every count shows as zero and "
                   "is marked as a gap.")
    if ctx.locations_redacted:
        out.append("Restricted location fields (location description, grid reference) are withheld: the person "
                   "who built this pack chose to withhold them, for a recipient outside the force.")
    elif not ctx.includes_locations:
        out.append("Restricted location fields (location description, grid reference) are withheld: the person "
                   "who requested this pack may not see them.")
    out.append(f"The access log held {ctx.access_log['entries']} entries when this pack was generated; the last "
               f"entry's hash was {ctx.access_log['head_hash']}. `manage.py verify_access_log --anchor "
               f"{ctx.access_log['head_hash']}:{ctx.access_log['entries']}` checks that the log still holds it.")
    return out


# --- one site -----------------------------------------------------------------------------


def site_section(snap: Snapshot, site, ctx: Context) -> dict:
    sid = site.pk
    user = snap.user
    area = snap.areas.get(site.policing_area_id)
    overdue = bool(
        site.status in COLLECTING_OR_REVIEWED and site.next_review_due and site.next_review_due < ctx.as_at
    )
    cameras = snap.cameras.get(sid, [])
    section = {
        "reference": site.reference,
        "name": site.name,
        "policing_area": area.name if area else "",
        "location_type": site.location_type,
        "location_type_label": LocationType(site.location_type).label,
        "lanes": site.lanes,
        "status": site.status,
        "status_label": Status(site.status).label,
        "governance_officer": user(site.governance_officer_id),
        "review_interval_months": site.review_interval_months,
        "next_review_due": iso_date(site.next_review_due),
        "review_overdue": overdue,
        "submitted_by": user(site.submitted_by_id),
        "approved_by": user(site.approved_by_id),
        "approved_at": iso_moment(site.approved_at),
        "location": (
            {"description": site.location_description, "grid_reference": site.grid_reference}
            if ctx.includes_locations else None
        ),
        "cameras": [
            {"identifier": c.identifier, "lane": c.lane, "direction": c.direction,
             "installed_on": iso_date(c.installed_on), "removed_on": iso_date(c.removed_on)}
            for c in cameras
        ],
        "active_cameras": sum(1 for c in cameras if c.removed_on is None),
        "timeline": timeline(snap, sid),
        "assessment": assessment_section(snap, sid, site),
        "assessment_versions": document_versions(snap, snap.assessments.get(sid, [])),
        "dpia": dpia_section(snap, sid),
        "dpia_versions": document_versions(snap, snap.dpias.get(sid, [])),
        "consultations": consultation_rows(snap, sid),
        "exemptions": exemption_rows(snap, sid),
        "reviews": review_rows(snap, sid),
        "changes": [
            {"at": iso_moment(c.at), "record": c.record, "action": c.action, "by": user(c.user_id) or "the system"}
            for c in snap.changes.get(sid, [])
        ],
        "decommission": {
            "flags": ctx.flags.get(sid, []),
            "checklist": checklist_section(snap.checklists.get(sid)),
        },
        "access": ctx.access[sid],
        "evidence": evidence_rows(snap, sid, includes_locations=ctx.includes_locations),
    }
    section["approvals"] = approvals(section)
    section["principles"] = principles.assess(section)
    return section


def timeline(snap: Snapshot, site_id: int) -> list[dict]:
    """Each move of the site's status: the first record, then every row whose status changed."""
    out, previous = [], None
    for row in snap.site_history.get(site_id, []):
        if row["status"] != previous:
            out.append({
                "at": iso_moment(row["history_date"]),
                "status": row["status"],
                "status_label": Status(row["status"]).label,
                "by": snap.user(row["history_user_id"]) or "the system",
                "reason": (row["history_change_reason"] or "").strip(),
            })
            previous = row["status"]
    return out


def _document(snap, doc) -> dict:
    return {
        "version": doc.version,
        "status": doc.status,
        "status_label": DocumentStatus(doc.status).label,
        "prepared_by": snap.user(doc.prepared_by_id),
        "submitted_by": snap.user(doc.submitted_by_id),
        "submitted_at": iso_moment(doc.submitted_at),
        "decided_by": snap.user(doc.decided_by_id),
        "decided_at": iso_moment(doc.decided_at),
        "decision_comment": doc.decision_comment,
    }


def _in_force(docs: list):
    """The approved version if there is one, else the newest that is not superseded."""
    approved = [d for d in docs if d.status == DocumentStatus.APPROVED]
    if approved:
        return approved[0]
    current = [d for d in docs if d.status != DocumentStatus.SUPERSEDED]
    return current[0] if current else (docs[0] if docs else None)


def document_versions(snap, docs) -> list[dict]:
    return [_document(snap, d) for d in docs]


def assessment_section(snap: Snapshot, site_id: int, site) -> dict | None:
    doc = _in_force(snap.assessments.get(site_id, []))
    if doc is None:
        return None
    location_type = doc.location_type or site.location_type
    grounds = []
    for ground in Ground:
        claimed = getattr(doc, f"{ground.value}_claimed")
        grade = grade_for(location_type, ground.value)
        justification = getattr(doc, f"{ground.value}_justification")
        grounds.append({
            "ground": ground.value,
            "label": ground.label,
            "grade": grade.value,
            "grade_label": grade.label,
            "claimed": claimed,
            "justification": justification,
            "missing_exceptional_justification": bool(claimed and grade == Grade.E and not justification.strip()),
        })
    return {
        **_document(snap, doc),
        "location_type": location_type,
        "location_type_label": LocationType(location_type).label,
        "grounds": grounds,
        "matrix": {
            "location_types": [{"code": lt.value, "label": lt.label, "is_site": lt.value == location_type}
                               for lt in LocationType],
            "rows": [{"ground": g.value, "label": g.label,
                      "grades": [{"location_type": lt.value, "grade": MATRIX[lt][g].value,
                                  "is_site": lt.value == location_type} for lt in LocationType],
                      "claimed": getattr(doc, f"{g.value}_claimed")} for g in Ground],
        },
        "pressing_need_evidence": doc.pressing_need_evidence,
        "community_views": doc.community_views,
        "alternatives_considered": doc.alternatives_considered,
        "measures_of_success": doc.measures_of_success,
        "conclusion": doc.conclusion,
    }


def dpia_section(snap: Snapshot, site_id: int) -> dict | None:
    doc = _in_force(snap.dpias.get(site_id, []))
    if doc is None:
        return None
    risks = []
    for number, risk in enumerate(snap.risks.get(doc.pk, []), start=1):
        risks.append({
            "number": number,
            "label": f"R{number}",
            "description": risk.description,
            "likelihood": risk.likelihood,
            "likelihood_label": Likelihood(risk.likelihood).label,
            "severity": risk.severity,
            "severity_label": Severity(risk.severity).label,
            "overall": risk.overall,
            "overall_label": RiskLevel(risk.overall).label,
            "measures": risk.measures,
            "effect": risk.effect,
            "effect_label": Effect(risk.effect).label if risk.effect else "",
            "residual_likelihood": risk.residual_likelihood,
            "residual_severity": risk.residual_severity,
            "residual_factors": (f"{Likelihood(risk.residual_likelihood).label} / "
                                 f"{Severity(risk.residual_severity).label}"
                                 if risk.residual_likelihood and risk.residual_severity else ""),
            "residual": risk.residual,
            "residual_label": RiskLevel(risk.residual).label if risk.residual else "",
            "residual_before_matrix": bool(risk.residual) and not (risk.residual_likelihood
                                                                   and risk.residual_severity),
            "measure_approved": risk.measure_approved,
            "active": risk.removed_at is None,
            "removed_at": iso_moment(risk.removed_at),
        })
    active = [r for r in risks if r["active"]]
    return {
        **_document(snap, doc),
        "screening_criteria": [ScreeningCriterion(c).label for c in doc.screening_criteria
                               if c in ScreeningCriterion.values],
        "processing_description": doc.processing_description,
        "purposes": doc.purposes,
        "necessity_and_proportionality": doc.necessity_and_proportionality,
        # The ICO template's sections in its order; `missing` marks a required one left blank
        # (a DPIA recorded before they were asked shows them so).
        "sections": dpia_sections.rows(doc),
        "missing_sections": dpia_sections.missing_labels(doc),
        "ico_prior_consultation": _ico_section(doc, active, snap),
        "risks": risks,
        "heatmap": heatmap(active),
        "signoff": {
            "measures_approved_by": snap.user(doc.measures_approved_by_id),
            "measures_approved_at": iso_moment(doc.measures_approved_at),
            "residual_risks_approved_by": snap.user(doc.residual_risks_approved_by_id),
            "residual_risks_approved_at": iso_moment(doc.residual_risks_approved_at),
            "dpo_advised_by": snap.user(doc.dpo_advised_by_id),
            "dpo_advised_at": iso_moment(doc.dpo_advised_at),
            "dpo_advice_summary": doc.dpo_advice_summary,
            "dpo_advice_accepted": doc.dpo_advice_accepted,
            "dpo_advice_decided_by": snap.user(doc.dpo_advice_decided_by_id),
            "dpo_advice_decided_at": iso_moment(doc.dpo_advice_decided_at),
            "dpo_overrule_reasons": doc.dpo_overrule_reasons,
            "consultation_responses_reviewed_by": snap.user(doc.consultation_responses_reviewed_by_id),
            "consultation_responses_reviewed_at": iso_moment(doc.consultation_responses_reviewed_at),
            "consultation_changes": doc.consultation_changes,
            "kept_under_review_by": snap.user(doc.kept_under_review_by_id),
            "ico_consultation_reference": doc.ico_consultation_reference,
            "ico_consulted_on": iso_date(doc.ico_consulted_on),
        },
    }


def _ico_section(doc, active_risks: list[dict], snap: Snapshot) -> dict:
    """The prior consultation with the ICO as it stood at the pack's cut-off (assessments.ico)."""
    state = ico.state(doc, residual_high=any(r["residual"] == "high" for r in active_risks),
                      today=timezone.localtime(snap.cutoff).date())
    return {
        "state": state.code,
        "state_label": state.label,
        "reference": doc.ico_consultation_reference,
        "sent_on": iso_date(doc.ico_consulted_on),
        "extension_notice_on": iso_date(doc.ico_extension_notice_on),
        "period_ends_on": iso_date(state.period_ends_on),
        "advice_received_on": iso_date(doc.ico_advice_received_on),
        "advice_summary": doc.ico_advice_summary,
        "allows_approval": state.allows_approval,
    }


def heatmap(risks: list[dict]) -> dict:
    """Before measures: each risk placed by likelihood × severity. After: by residual risk."""
    rows = []
    for likelihood in reversed(Likelihood):
        cells = []
        for severity in Severity:
            cells.append({
                "likelihood": likelihood.value,
                "severity": severity.value,
                "level": risk_matrix.level(likelihood, severity),
                "risks": [r["label"] for r in risks if r["likelihood"] == likelihood and r["severity"] == severity],
            })
        rows.append({"likelihood": likelihood.value, "likelihood_label": likelihood.label, "cells": cells})
    levels = [level.value for level in RiskLevel]
    return {
        "severities": [{"code": s.value, "label": s.label} for s in Severity],
        "before": rows,
        "before_by_level": {level: [r["label"] for r in risks if r["overall"] == level] for level in levels},
        "after_by_level": {level: [r["label"] for r in risks if r["residual"] == level] for level in levels},
        "after_not_recorded": [r["label"] for r in risks if not r["residual"]],
    }


def consultation_rows(snap: Snapshot, site_id: int) -> list[dict]:
    out = []
    for c in snap.consultations.get(site_id, []):
        out.append({
            "method": c.method,
            "method_label": Method(c.method).label,
            "summary": c.summary,
            "opened_on": iso_date(c.opened_on),
            "closed_on": iso_date(c.closed_on),
            "state": c.state,
            "state_label": Consultation.State(c.state).label,
            "outcome": c.outcome,
            "opened_by": snap.user(c.opened_by_id),
            "closed_by": snap.user(c.closed_by_id),
            "consultees": [{"name": p.name, "kind_label": Consultee.Kind(p.kind).label,
                            "consulted_on": iso_date(p.consulted_on)} for p in snap.consultees.get(c.pk, [])],
            "responses": [{"respondent": r.respondent, "received_on": iso_date(r.received_on), "response": r.response}
                          for r in snap.responses.get(c.pk, [])],
        })
    return out


def exemption_rows(snap: Snapshot, site_id: int) -> list[dict]:
    return [
        {
            "ground": e.ground,
            "ground_label": ExemptionGround(e.ground).label,
            "reason": e.reason,
            "valid_until": iso_date(e.valid_until),
            # Past its date at the cut-off (a lapse at a material change is the exemption_lapsed flag).
            "expired": bool(e.valid_until) and e.valid_until < snap.cutoff.date(),
            "state": e.state,
            "state_label": ConsultationExemption.State(e.state).label,
            "requested_by": snap.user(e.requested_by_id),
            "requested_at": iso_moment(e.requested_at),
            "decided_by": snap.user(e.decided_by_id),
            "decided_at": iso_moment(e.decided_at),
            "decision_comment": e.decision_comment,
        }
        for e in snap.exemptions.get(site_id, [])
    ]


def review_rows(snap: Snapshot, site_id: int) -> list[dict]:
    return [
        {
            "due_on": iso_date(r.due_on),
            "state": r.state,
            "state_label": Review.State(r.state).label,
            "reviewer": snap.user(r.reviewer_id),
            "privacy_impact_consideration": r.privacy_impact_consideration,
            # The privacy consideration in parts (notes first: the free text of earlier reviews).
            "privacy": [{"part": name, "label": label, "text": text}
                        for name, (label, text) in zip(PRIVACY_PARTS, r.privacy_parts, strict=True)],
            "evidence": r.evidence,
            "policing_challenge_continues": r.policing_challenge_continues,
            "outcome": r.outcome,
            "outcome_label": Review.Outcome(r.outcome).label if r.outcome else "",
            "submitted_by": snap.user(r.submitted_by_id),
            "submitted_at": iso_moment(r.submitted_at),
            "decided_by": snap.user(r.decided_by_id),
            "decided_at": iso_moment(r.decided_at),
            "decision_comment": r.decision_comment,
            "completed_on": iso_date(r.completed_on),
        }
        for r in snap.reviews.get(site_id, [])
    ]


def checklist_section(checklist: DecommissionChecklist | None) -> dict | None:
    if checklist is None:
        return None
    items = [
        {"item": item, "label": CHECKLIST_LABELS[item], "done_on": iso_date(getattr(checklist, f"{item}_on")),
         "evidence": getattr(checklist, f"{item}_evidence")}
        for item in DecommissionChecklist.ITEMS
    ]
    return {"items": items, "complete": all(i["done_on"] and i["evidence"].strip() for i in items)}


def approvals(section: dict) -> list[dict]:
    """Every decision on the site's records, with who made it and when, oldest first."""
    out = []

    def add(what, decision, by, at, comment=""):
        if by:
            out.append({"what": what, "decision": decision, "by": by, "at": at, "comment": comment})

    for name, docs in (("In-depth assessment", section["assessment_versions"]), ("DPIA", section["dpia_versions"])):
        for doc in docs:
            if doc["decided_by"]:
                decision = "Returned" if doc["status"] == DocumentStatus.RETURNED else "Approved"
                add(f"{name} v{doc['version']}", decision, doc["decided_by"], doc["decided_at"],
                    doc["decision_comment"])
    dpia = section["dpia"]
    if dpia and dpia["signoff"]["dpo_advised_by"]:
        add(f"DPIA v{dpia['version']}", "DPO advice given", dpia["signoff"]["dpo_advised_by"],
            dpia["signoff"]["dpo_advised_at"], dpia["signoff"]["dpo_advice_summary"])
    for e in section["exemptions"]:
        if e["decided_by"]:
            add("Consultation exemption", e["state_label"], e["decided_by"], e["decided_at"], e["decision_comment"])
    for c in section["consultations"]:
        if c["closed_by"]:
            add(f"Consultation opened {human_date(c['opened_on'])}", "Closed with outcome", c["closed_by"],
                c["closed_on"])
    add("Deployment", "Approved", section["approved_by"], section["approved_at"])
    for r in section["reviews"]:
        if r["decided_by"]:
            add(f"Review due {human_date(r['due_on'])}", r["state_label"], r["decided_by"], r["decided_at"],
                r["decision_comment"])
    return sorted(out, key=lambda a: a["at"] or "")


# --- force-wide --------------------------------------------------------------------------


def register_row(site: dict) -> dict:
    return {
        "reference": site["reference"],
        "name": site["name"],
        "policing_area": site["policing_area"],
        "status_label": site["status_label"],
        "next_review_due": site["next_review_due"],
        "review_overdue": site["review_overdue"],
        "flags": [flag["reason"] for flag in site["decommission"]["flags"]],
    }


def aggregates(sites: list[dict], force_access: dict) -> dict:
    by_status = Counter(s["status"] for s in sites)
    by_area = Counter(s["policing_area"] for s in sites)
    principle_counts = []
    for number, title in principles.PRINCIPLES:
        states = Counter(p["status"] for s in sites for p in s["principles"] if p["number"] == number)
        principle_counts.append({"number": number, "title": title,
                                 **{state: states.get(state, 0) for state in principles.STATUS_LABELS}})
    return {
        "sites": len(sites),
        "lanes": sum(s["lanes"] for s in sites),
        "active_cameras": sum(s["active_cameras"] for s in sites),
        "by_status": [{"status": st.value, "label": st.label, "count": by_status.get(st.value, 0)} for st in Status],
        "by_area": [{"area": area, "count": count} for area, count in sorted(by_area.items())],
        "reviews_overdue": sum(1 for s in sites if s["review_overdue"]),
        "sites_flagged": sum(1 for s in sites if s["decommission"]["flags"]),
        "consulted": sum(1 for s in sites if any(c["state"] == "closed" for c in s["consultations"])),
        "exempted": sum(1 for s in sites if any(e["state"] == "approved" for e in s["exemptions"])),
        "approved_dpias": sum(1 for s in sites if s["dpia"] and s["dpia"]["status"] == "approved"),
        "searches_total": force_access["searches_total"],
        "searches_refused": force_access["searches_refused"],
        "authorisations_granted": force_access["authorisations_granted"],
        "authorisations_refused": force_access["authorisations_refused"],
        "access_recorded": True,
        "principles": principle_counts,
    }
