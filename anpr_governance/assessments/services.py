"""Writes for in-depth assessments, DPIAs and their risk registers.

Both documents follow one cycle: the assigned governance officer drafts and submits a
version; an approving manager (not the author) approves it or returns it with a
comment; approving a version supersedes the previously approved one.
"""

from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import (
    require_not_same_person,
    require_permission,
    require_role,
    require_site_assignment,
)
from anpr_governance.accounts.roles import DPO, MANAGER, OFFICER
from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.concurrency import require_version
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.prerequisites import PREREQUISITES
from anpr_governance.sites.services import site_transition

from . import dpia_sections, ico, selectors
from .grounds import Grade, Ground, grade_for
from .models import (
    Assessment,
    DocumentStatus,
    PrivacyImpactAssessment,
    Risk,
    ScreeningCriterion,
)

# Documents are not (re)written for sites that are not yet started or no longer collect.
CLOSED_SITE_STATUSES = (Status.PROPOSED, Status.COLLECTION_CEASED, Status.DECOMMISSIONED)

ASSESSMENT_FIELDS = frozenset(
    [f"{g}_claimed" for g in Ground.values]
    + [f"{g}_justification" for g in Ground.values]
    + ["pressing_need_evidence", "community_views", "alternatives_considered", "measures_of_success", "conclusion"]
)
DPIA_FIELDS = frozenset(["screening_criteria", *dpia_sections.ALL_FIELDS])
# A risk's levels are not among them: they are computed (assessments.risk_matrix).
RISK_FIELDS = frozenset(
    ["description", "likelihood", "severity", "measures", "effect", "residual_likelihood", "residual_severity"]
)


# --- shared steps of the document cycle ------------------------------------------------


def _require_author(actor, site, *, doing):
    require_role(actor, OFFICER, doing=doing)
    require_site_assignment(actor, site, doing=doing)


def _locked(doc):
    return type(doc).objects.select_for_update().select_related("site").get(pk=doc.pk)


def _new_version(model, *, actor, site, label, **fields):
    _require_author(actor, site, doing=f"prepare {label} for {site.reference}")
    if site.status in CLOSED_SITE_STATUSES:
        raise DomainError(
            f"{site.reference} is {Status(site.status).label.lower()}: {label} cannot be prepared now."
        )
    existing = model.objects.filter(site=site).exclude(status__in=[DocumentStatus.APPROVED, DocumentStatus.SUPERSEDED])
    if existing.exists():
        raise DomainError(
            f"{site.reference} already has {label} in progress (version {existing.first().version}): "
            "continue that one."
        )
    last = model.objects.filter(site=site).order_by("-version").first()
    doc = model(site=site, version=(last.version + 1) if last else 1, prepared_by=actor, **fields)
    return save_with_history(doc, actor=actor, reason=f"{model._meta.model_name}.created")


def _update(doc, *, actor, allowed, fields, label, expected_version=None):
    doc = _locked(doc)
    _require_author(actor, doc.site, doing=f"edit {label}")
    require_version(doc, expected_version, what=label)
    if not doc.is_editable:
        raise DomainError(
            f"Version {doc.version} of {label} is {doc.get_status_display().lower()}: only a draft or a "
            "returned version can be edited."
        )
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(doc, name, value)
    return doc


def _submit(doc, *, actor, label, problems):
    if doc.status not in (DocumentStatus.DRAFT, DocumentStatus.RETURNED):
        raise DomainError(
            f"Version {doc.version} of {label} is {doc.get_status_display().lower()}: it cannot be submitted."
        )
    if problems:
        raise DomainError(
            f"{label.capitalize()} cannot be submitted yet: " + " ".join(problems.values()),
            field_errors={name: [msg] for name, msg in problems.items()},
        )
    doc.status = DocumentStatus.SUBMITTED
    doc.submitted_by, doc.submitted_at = actor, timezone.now()
    doc.decision_comment = ""
    return save_with_history(doc, actor=actor, reason=f"{doc._meta.model_name}.submitted")


def _decide(doc, *, actor, label, approve: bool, comment: str):
    require_role(actor, MANAGER, doing=f"decide on {label}")
    require_permission(actor, f"assessments.approve_{doc._meta.model_name}", doing=f"decide on {label}")
    require_not_same_person(actor, doc.submitted_by, doing=f"decide on {label}", their="submitted it")
    require_not_same_person(actor, doc.prepared_by, doing=f"decide on {label}", their="prepared it")
    if doc.status != DocumentStatus.SUBMITTED:
        raise DomainError(
            f"Version {doc.version} of {label} is {doc.get_status_display().lower()}: only a submitted "
            "version can be approved or returned."
        )
    if not approve and not comment.strip():
        raise DomainError("Say what must change: a comment is required to return it.",
                          field_errors={"comment": ["Enter what must change."]})
    doc.decided_by, doc.decided_at = actor, timezone.now()
    doc.decision_comment = comment.strip()
    if approve:
        type(doc).objects.filter(site=doc.site, status=DocumentStatus.APPROVED).exclude(pk=doc.pk).update(
            status=DocumentStatus.SUPERSEDED
        )
        for old in type(doc).objects.filter(site=doc.site, status=DocumentStatus.SUPERSEDED):
            # update() writes no history: record the supersession on each old version.
            old._history_user, old._change_reason = actor, f"{doc._meta.model_name}.superseded: by v{doc.version}"
            old.save(update_fields=["status", "updated_at"])
        doc.status = DocumentStatus.APPROVED
        reason = f"{doc._meta.model_name}.approved"
    else:
        doc.status = DocumentStatus.RETURNED
        reason = f"{doc._meta.model_name}.returned: {comment.strip()}"
    return save_with_history(doc, actor=actor, reason=reason)


# --- in-depth assessment ------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, actor, site) -> Assessment:
    return _new_version(Assessment, actor=actor, site=site, label="an in-depth assessment",
                        location_type=site.location_type)


@transaction.atomic
def assessment_start(*, actor, site) -> Assessment:
    """Start a new version, carrying over the content of the approved one, if any, for
    the officer to revise (re-approval after a change starts from what was approved)."""
    previous = selectors.approved_assessment(site)
    assessment = assessment_create(actor=actor, site=site)
    if previous is not None:
        carried = {name: getattr(previous, name) for name in ASSESSMENT_FIELDS}
        assessment = assessment_update(actor=actor, assessment=assessment, **carried)
    return assessment


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, expected_version: int | None = None,
                      **fields) -> Assessment:
    """Edit a draft or returned version; `expected_version` (from a form) refuses a stale edit."""
    assessment = _update(assessment, actor=actor, allowed=ASSESSMENT_FIELDS, fields=fields,
                         label="the in-depth assessment", expected_version=expected_version)
    assessment.location_type = assessment.site.location_type
    return save_with_history(assessment, actor=actor, reason="assessment.edited")


def assessment_problems(assessment: Assessment) -> dict[str, str]:
    """What stops the assessment being submitted, by field."""
    problems = {}
    claimed = assessment.claimed_grounds()
    if not claimed:
        problems["grounds"] = "Claim at least one of the five justification grounds."
    for ground in claimed:
        if grade_for(assessment.location_type, ground) == Grade.E and not getattr(
            assessment, f"{ground}_justification"
        ).strip():
            problems[f"{ground}_justification"] = (
                f"“{Ground(ground).label}” is for exceptional cases only at this location type: "
                "give the exceptional-case justification."
            )
    required = {
        "pressing_need_evidence": "Give the evidence of a pressing need (crime and intelligence figures).",
        "alternatives_considered": "Say which alternatives were considered and why they would not work.",
        "measures_of_success": "Set the measures of success the review will check.",
        "conclusion": "Write the conclusion of the assessment.",
    }
    for name, message in required.items():
        if not getattr(assessment, name).strip():
            problems[name] = message
    return problems


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    assessment = _locked(assessment)
    _require_author(actor, assessment.site, doing="submit the in-depth assessment")
    return _submit(assessment, actor=actor, label="the in-depth assessment",
                   problems=assessment_problems(assessment))


@transaction.atomic
def assessment_approve(*, actor, assessment: Assessment, comment: str = "") -> Assessment:
    return _decide(_locked(assessment), actor=actor, label="the in-depth assessment", approve=True, comment=comment)


@transaction.atomic
def assessment_return(*, actor, assessment: Assessment, comment: str) -> Assessment:
    return _decide(_locked(assessment), actor=actor, label="the in-depth assessment", approve=False, comment=comment)


@transaction.atomic
def assessment_save(*, actor, assessment: Assessment, expected_version: int | None = None, fields: dict,
                    submit: bool = False) -> Assessment:
    """What the assessment form does, all or nothing: save the fields (refusing a stale
    form) and submit the assessment if asked."""
    assessment = assessment_update(actor=actor, assessment=assessment, expected_version=expected_version, **fields)
    if submit:
        assessment = assessment_submit(actor=actor, assessment=assessment)
    return assessment


# --- privacy impact assessment ---------------------------------------------------------------


@transaction.atomic
def dpia_create(*, actor, site) -> PrivacyImpactAssessment:
    return _new_version(PrivacyImpactAssessment, actor=actor, site=site, label="a privacy impact assessment")


@transaction.atomic
def dpia_start(*, actor, site) -> PrivacyImpactAssessment:
    """Start a new version, carrying over the approved one's content and open risks, if any
    (a material change is assessed by revising what was approved, not from a blank page)."""
    previous = selectors.approved_dpia(site)
    dpia = dpia_create(actor=actor, site=site)
    if previous is not None:
        dpia = dpia_update(actor=actor, dpia=dpia, **{name: getattr(previous, name) for name in DPIA_FIELDS})
        for risk in selectors.active_risks(previous):
            risk_add(actor=actor, dpia=dpia, **{name: getattr(risk, name) for name in RISK_FIELDS})
    return dpia


@transaction.atomic
def dpia_update(*, actor, dpia: PrivacyImpactAssessment, expected_version: int | None = None,
                **fields) -> PrivacyImpactAssessment:
    dpia = _update(dpia, actor=actor, allowed=DPIA_FIELDS, fields=fields, label="the privacy impact assessment",
                   expected_version=expected_version)
    unknown = set(dpia.screening_criteria) - set(ScreeningCriterion.values)
    if unknown:
        raise DomainError(
            f"Unknown screening criteria: {', '.join(sorted(unknown))}.",
            field_errors={"screening_criteria": ["Choose from the listed screening criteria."]},
        )
    if dpia.sensitive_condition and dpia.sensitive_condition not in dpia_sections.SensitiveCondition.values:
        raise DomainError(
            f"Unknown condition for sensitive processing: {dpia.sensitive_condition}.",
            field_errors={"sensitive_condition": ["Choose a condition from DPA 2018 Schedule 8."]},
        )
    return save_with_history(dpia, actor=actor, reason="privacyimpactassessment.edited")


@transaction.atomic
def risk_add(*, actor, dpia: PrivacyImpactAssessment, **fields) -> Risk:
    dpia = _update(dpia, actor=actor, allowed=DPIA_FIELDS, fields={}, label="the risk register")
    unknown = set(fields) - RISK_FIELDS
    if unknown:
        raise DomainError(f"These fields are not part of a risk: {', '.join(sorted(unknown))}.")
    return save_with_history(Risk(dpia=dpia, **fields), actor=actor, reason="risk.added")


@transaction.atomic
def risk_update(*, actor, risk: Risk, expected_version: int | None = None, **fields) -> Risk:
    _update(risk.dpia, actor=actor, allowed=DPIA_FIELDS, fields={}, label="the risk register")
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.removed_at is not None:
        raise DomainError("This risk was removed from the register: add it again instead of editing it.")
    require_version(risk, expected_version, what=f"the risk “{risk}”")
    unknown = set(fields) - RISK_FIELDS
    if unknown:
        raise DomainError(f"These fields are not part of a risk: {', '.join(sorted(unknown))}.")
    if {"residual_likelihood", "residual_severity"} & set(fields):
        risk.residual = ""  # recomputed from what is given now
    for name, value in fields.items():
        setattr(risk, name, value)
    return save_with_history(risk, actor=actor, reason="risk.edited")


@transaction.atomic
def risk_remove(*, actor, risk: Risk, expected_version: int | None = None) -> Risk:
    """Take a risk off the register; the row is kept, marked removed, for the record."""
    _update(risk.dpia, actor=actor, allowed=DPIA_FIELDS, fields={}, label="the risk register")
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.removed_at is None:
        require_version(risk, expected_version, what=f"the risk “{risk}”")
        risk.removed_at = timezone.now()
        save_with_history(risk, actor=actor, reason="risk.removed")
    return risk


def dpia_problems(dpia: PrivacyImpactAssessment) -> dict[str, str]:
    """What stops the DPIA being submitted, by field; each required section of the ICO
    template left blank is named (assessments.dpia_sections)."""
    problems = {}
    if not dpia.screening_criteria:
        problems["screening_criteria"] = "Answer the screening questions: tick every criterion that applies."
    risks = list(selectors.active_risks(dpia))
    if not risks:
        problems["risks"] = "Add at least one risk to the risk register."
    incomplete = [str(n) for n, r in enumerate(risks, 1)
                  if not (r.measures.strip() and r.effect and r.residual_likelihood and r.residual_severity)]
    if incomplete:
        problems["risks"] = ("Give the measures, their effect and the likelihood and severity of harm after them "
                             f"for risk {', '.join(incomplete)}.")
    problems |= dpia_sections.missing_sections(dpia)
    order = ["screening_criteria", *dpia_sections.ALL_FIELDS, "risks"]
    return dict(sorted(problems.items(), key=lambda item: order.index(item[0])))


@transaction.atomic
def dpia_submit(*, actor, dpia: PrivacyImpactAssessment) -> PrivacyImpactAssessment:
    dpia = _locked(dpia)
    _require_author(actor, dpia.site, doing="submit the privacy impact assessment")
    return _submit(dpia, actor=actor, label="the privacy impact assessment", problems=dpia_problems(dpia))


@transaction.atomic
def dpia_record_dpo_advice(*, actor, dpia: PrivacyImpactAssessment, summary: str) -> PrivacyImpactAssessment:
    """The data protection officer's advice (ICO step 7), given on a submitted DPIA."""
    dpia = _locked(dpia)
    require_role(actor, DPO, doing="give DPO advice")
    require_permission(actor, "assessments.advise_privacyimpactassessment", doing="give DPO advice")
    require_not_same_person(actor, dpia.prepared_by, doing="advise on this DPIA", their="prepared it")
    if dpia.status != DocumentStatus.SUBMITTED:
        raise DomainError("DPO advice is given on a submitted DPIA: this version is "
                          f"{dpia.get_status_display().lower()}.")
    if not summary.strip():
        raise DomainError("Write a summary of the DPO advice.", field_errors={"summary": ["Enter the advice."]})
    dpia.dpo_advised_by, dpia.dpo_advised_at = actor, timezone.now()
    dpia.dpo_advice_summary = summary.strip()
    return save_with_history(dpia, actor=actor, reason="privacyimpactassessment.dpo_advised")


# --- prior consultation with the ICO (DPA 2018 s.65; assessments.ico) --------------------


def _ico_dpia(dpia, *, actor, doing):
    """The assigned officer records the ICO correspondence on a DPIA in force or in progress
    (the advice may arrive after the sign-off: the site waits for it, not the DPIA)."""
    dpia = _locked(dpia)
    _require_author(actor, dpia.site, doing=doing)
    if dpia.status == DocumentStatus.SUPERSEDED:
        raise DomainError(f"Version {dpia.version} of the DPIA is superseded: record the ICO's correspondence on "
                          "the current version.")
    return dpia


def _past_date(value, *, field, what, not_before=None, not_before_what=""):
    if value is None:
        raise DomainError(f"Enter {what}.", field_errors={field: [f"Enter {what}"]})
    # Its first letter capitalised, not .capitalize(), which wrote "the ICO's" as "ico's".
    what_ = what[:1].upper() + what[1:]
    if value > timezone.localdate():
        raise DomainError(f"{what_} cannot be in the future.",
                          field_errors={field: [f"{what_} must be today or in the past"]})
    if not_before is not None and value < not_before:
        raise DomainError(f"{what_} cannot be before {not_before_what}.",
                          field_errors={field: [f"{what_} must be on or after {not_before_what}"]})


def _log_ico(actor, dpia, action, **details):
    access_log_append(actor=actor, action=action, subject=f"dpia:{dpia.pk}",
                      reference=dpia.ico_consultation_reference,
                      details={"site": dpia.site.reference, "dpia_version": dpia.version, **details})


@transaction.atomic
def dpia_record_ico_consultation(*, actor, dpia: PrivacyImpactAssessment, reference: str,
                                 consulted_on) -> PrivacyImpactAssessment:
    """The request for prior consultation sent to the ICO: its reference and the date sent.
    Required before the sign-off while a residual risk is high."""
    dpia = _ico_dpia(dpia, actor=actor, doing="record the ICO prior consultation")
    if dpia.ico_advice_received_on is not None:
        raise DomainError("The ICO's written advice is already recorded: the request cannot be changed now.")
    if not reference.strip():
        raise DomainError("Enter the ICO's reference.", field_errors={"reference": ["Enter the ICO's reference"]})
    _past_date(consulted_on, field="consulted_on", what="the date the request was sent")
    if dpia.ico_extension_notice_on is not None and consulted_on > dpia.ico_extension_notice_on:
        raise DomainError("The request cannot have been sent after the ICO's extension notice.",
                          field_errors={"consulted_on": ["The date the request was sent must be on or before the "
                                                         "date of the ICO's extension notice"]})
    dpia.ico_consultation_reference, dpia.ico_consulted_on = reference.strip(), consulted_on
    dpia = save_with_history(dpia, actor=actor, reason="privacyimpactassessment.ico_consulted")
    _log_ico(actor, dpia, Action.ICO_REQUESTED, sent_on=consulted_on.isoformat(),
             period_ends_on=ico.period_end(consulted_on, dpia.ico_extension_notice_on).isoformat())
    return dpia


def _require_request(dpia):
    if dpia.ico_consulted_on is None or not dpia.ico_consultation_reference:
        raise DomainError("Record the request sent to the ICO (reference and date sent) first.")
    if dpia.ico_advice_received_on is not None:
        raise DomainError("The ICO's written advice is already recorded on this DPIA.")


@transaction.atomic
def dpia_record_ico_extension(*, actor, dpia: PrivacyImpactAssessment, notice_on) -> PrivacyImpactAssessment:
    """The ICO's notice that it extends its period by one month (once)."""
    dpia = _ico_dpia(dpia, actor=actor, doing="record the ICO's extension notice")
    _require_request(dpia)
    if dpia.ico_extension_notice_on is not None:
        raise DomainError("An extension notice is already recorded: the ICO may extend its period once.")
    _past_date(notice_on, field="notice_on", what="the date of the ICO's notice", not_before=dpia.ico_consulted_on,
               not_before_what="the date the request was sent")
    dpia.ico_extension_notice_on = notice_on
    dpia = save_with_history(dpia, actor=actor, reason="privacyimpactassessment.ico_extended")
    ends = ico.period_end(dpia.ico_consulted_on, notice_on)
    _log_ico(actor, dpia, Action.ICO_EXTENDED, notice_on=notice_on.isoformat(), period_ends_on=ends.isoformat())
    return dpia


@transaction.atomic
def dpia_record_ico_advice(*, actor, dpia: PrivacyImpactAssessment, received_on,
                           summary: str) -> PrivacyImpactAssessment:
    """The ICO's written advice: when it came and what it says. The letter itself is attached to
    the DPIA as an evidence file (the evidence app, issue 14 point 7), not stored here."""
    dpia = _ico_dpia(dpia, actor=actor, doing="record the ICO's written advice")
    _require_request(dpia)
    _past_date(received_on, field="received_on", what="the date the advice was received",
               not_before=dpia.ico_consulted_on, not_before_what="the date the request was sent")
    if not summary.strip():
        raise DomainError("Summarise the ICO's written advice.",
                          field_errors={"summary": ["Enter a summary of the ICO's advice"]})
    dpia.ico_advice_received_on, dpia.ico_advice_summary = received_on, summary.strip()
    dpia = save_with_history(dpia, actor=actor, reason="privacyimpactassessment.ico_advised")
    _log_ico(actor, dpia, Action.ICO_ADVISED, received_on=received_on.isoformat())
    return dpia


# --- ICO step 7: distinct decisions, each by a manager who did not prepare the DPIA ----


def _step7(dpia, *, actor, doing):
    dpia = _locked(dpia)
    require_role(actor, MANAGER, doing=doing)
    require_permission(actor, "assessments.approve_privacyimpactassessment", doing=doing)
    require_not_same_person(actor, dpia.prepared_by, doing=doing, their="prepared it")
    require_not_same_person(actor, dpia.submitted_by, doing=doing, their="submitted it")
    if dpia.status != DocumentStatus.SUBMITTED:
        raise DomainError(f"Step 7 decisions are taken on a submitted DPIA: version {dpia.version} is "
                          f"{dpia.get_status_display().lower()}.")
    return dpia


def _consultation_problem(site) -> str | None:
    """Whether the site's consultation has closed or its exemption is approved, asked through
    the lifecycle's registry (the consultations app registers the check)."""
    return PREREQUISITES["consulted_or_exempt"](site)


@transaction.atomic
def dpia_decide_measures(*, actor, dpia: PrivacyImpactAssessment, approved: dict) -> PrivacyImpactAssessment:
    """Approve or reject each risk's measures: `approved` maps each active risk's id to True/False."""
    dpia = _step7(dpia, actor=actor, doing="decide on the DPIA's measures")
    risks = list(selectors.active_risks(dpia))
    missing = [str(n) for n, r in enumerate(risks, 1) if approved.get(r.pk) is None]
    if missing:
        raise DomainError(f"Decide on the measures of risk {', '.join(missing)}: approve or reject each one.",
                          field_errors={"measures": ["Decide on every risk's measures."]})
    for risk in risks:
        risk.measure_approved = bool(approved[risk.pk])
        save_with_history(risk, actor=actor,
                          reason="risk.measure_approved" if risk.measure_approved else "risk.measure_rejected")
    dpia.measures_approved_by, dpia.measures_approved_at = actor, timezone.now()
    return save_with_history(dpia, actor=actor, reason="privacyimpactassessment.measures_decided")


@transaction.atomic
def dpia_decide_dpo_advice(*, actor, dpia: PrivacyImpactAssessment, accepted: bool,
                           overrule_reasons: str = "") -> PrivacyImpactAssessment:
    dpia = _step7(dpia, actor=actor, doing="accept or overrule the DPO's advice")
    if dpia.dpo_advised_by is None:
        raise DomainError("The data protection officer has not yet advised on this DPIA: ask for DPO advice first.")
    if not accepted and not overrule_reasons.strip():
        raise DomainError("Give the reasons for overruling the DPO's advice.",
                          field_errors={"overrule_reasons": ["Enter the reasons for overruling."]})
    dpia.dpo_advice_accepted = accepted
    dpia.dpo_advice_decided_by, dpia.dpo_advice_decided_at = actor, timezone.now()
    dpia.dpo_overrule_reasons = "" if accepted else overrule_reasons.strip()
    return save_with_history(dpia, actor=actor, reason="privacyimpactassessment.dpo_advice_decided")


@transaction.atomic
def dpia_review_consultation_responses(*, actor, dpia: PrivacyImpactAssessment,
                                       changes: str) -> PrivacyImpactAssessment:
    """Record that the consultation's responses were reviewed and what changed as a result."""
    dpia = _step7(dpia, actor=actor, doing="review the consultation responses")
    problem = _consultation_problem(dpia.site)
    if problem:
        raise DomainError(f"{problem} Review the responses once the consultation has closed.")
    if not changes.strip():
        raise DomainError("Say what changed in the DPIA as a result of the responses (or why nothing did).",
                          field_errors={"changes": ["Enter what changed as a result."]})
    dpia.consultation_responses_reviewed_by = actor
    dpia.consultation_responses_reviewed_at = timezone.now()
    dpia.consultation_changes = changes.strip()
    return save_with_history(dpia, actor=actor, reason="privacyimpactassessment.consultation_reviewed")


def sign_off_problems(dpia: PrivacyImpactAssessment) -> list[str]:
    """What must be decided before the final sign-off, in words."""
    problems = []
    missing = dpia_sections.missing_labels(dpia)
    if missing:  # a DPIA submitted before the ICO template's sections were asked
        problems.append(f"These sections of the DPIA are missing: {', '.join(missing)}. Return it to the officer "
                        "to complete them.")
    if dpia.dpo_advised_by is None:
        problems.append("The data protection officer has not yet advised on this DPIA: ask for DPO advice first.")
    if dpia.measures_approved_by is None:
        problems.append("Decide on each risk's measures first.")
    if dpia.dpo_advice_decided_by is None:
        problems.append("Accept or overrule the DPO's advice first.")
    consultation = _consultation_problem(dpia.site)
    if consultation:
        problems.append(f"{consultation} The DPIA is signed off after the consultation.")
    elif dpia.consultation_responses_reviewed_by is None:
        problems.append("Record the review of the consultation responses first.")
    if selectors.has_residual_high_risk(dpia) and not (dpia.ico_consultation_reference and dpia.ico_consulted_on):
        problems.append("A residual risk is high: record the request for prior consultation sent to the ICO "
                        "before the sign-off.")
    return problems


@transaction.atomic
def dpia_approve(*, actor, dpia: PrivacyImpactAssessment, comment: str = "") -> PrivacyImpactAssessment:
    """The final sign-off: the residual risks approved, once every other step-7 decision is
    recorded and the consultation has closed (or its exemption is approved)."""
    dpia = _step7(dpia, actor=actor, doing="approve the privacy impact assessment")
    problems = sign_off_problems(dpia)
    if problems:
        raise DomainError(" ".join(problems))
    dpia.residual_risks_approved_by, dpia.residual_risks_approved_at = actor, timezone.now()
    dpia.kept_under_review_by = dpia.site.governance_officer
    dpia.cameras_at_approval = selectors.active_camera_ids(dpia.site)
    return _decide(dpia, actor=actor, label="the privacy impact assessment", approve=True, comment=comment)


@transaction.atomic
def dpia_return(*, actor, dpia: PrivacyImpactAssessment, comment: str) -> PrivacyImpactAssessment:
    return _decide(_locked(dpia), actor=actor, label="the privacy impact assessment", approve=False, comment=comment)


@transaction.atomic
def dpia_save(*, actor, dpia: PrivacyImpactAssessment, expected_version: int | None = None,
              fields: dict | None = None, risk_edits=(), new_risk: dict | None = None,
              remove_risk: tuple[Risk, int | None] | None = None, submit: bool = False) -> PrivacyImpactAssessment:
    """What the DPIA form does, all or nothing: save the changed fields and risk rows (each
    refusing a stale form), add or remove a risk, and submit the DPIA if asked.

    `risk_edits` holds (risk, expected_version, fields) for the rows the person changed.
    """
    if fields:
        dpia = dpia_update(actor=actor, dpia=dpia, expected_version=expected_version, **fields)
    elif submit and expected_version is not None:  # nothing typed, but submit only what was seen
        _update(dpia, actor=actor, allowed=DPIA_FIELDS, fields={}, label="the privacy impact assessment",
                expected_version=expected_version)
    for risk, version, risk_fields in risk_edits:
        risk_update(actor=actor, risk=risk, expected_version=version, **risk_fields)
    if new_risk:
        risk_add(actor=actor, dpia=dpia, **new_risk)
    if remove_risk is not None:
        risk_remove(actor=actor, risk=remove_risk[0], expected_version=remove_risk[1])
    if submit:
        dpia = dpia_submit(actor=actor, dpia=dpia)
    return dpia


@transaction.atomic
def assessment_begin(*, actor, site) -> Assessment:
    """Start the in-depth assessment in one step from the site page: a proposed site first
    moves to assessment, under the lifecycle table's own check (its assigned officer only);
    then a version is started. Either both happen or neither."""
    if site.status == Status.PROPOSED:
        site = site_transition(actor=actor, site=site, to=Status.ASSESSMENT)
    return assessment_start(actor=actor, site=site)
