"""Pages of the in-depth assessment and the DPIA: parse the form, call one service, render.

Each page is reached from the site page (/sites/<reference>/...). A person whose role or
assignment does not allow the page gets a 403 saying why; a refusal by the service when
the form is sent is shown in the error summary, with what was typed kept.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anpr_governance.accounts.decorators import governance_view
from anpr_governance.accounts.permissions import require_permission, require_role, require_site_assignment
from anpr_governance.accounts.roles import DPO, MANAGER, OFFICER
from anpr_governance.core.forms import DecisionForm, attempt
from anpr_governance.core.web import allowed_or_403, posted, refusal_status
from anpr_governance.sites.history_links import record_history_url
from anpr_governance.sites.selectors import site_or_404

from . import risk_matrix, selectors, services
from .forms import (
    AssessmentForm,
    ConsultationReviewForm,
    DpiaDecisionForm,
    DpiaForm,
    DpoAdviceDecisionForm,
    DpoAdviceForm,
    IcoAdviceForm,
    IcoConsultationForm,
    IcoExtensionForm,
    MeasuresDecisionForm,
    RiskForm,
)
from .grounds import ground_rows
from .models import DocumentStatus, ScreeningCriterion


def _require_preparer(user, site, doing):
    allowed_or_403(require_role, user, OFFICER, doing=doing)
    allowed_or_403(require_site_assignment, user, site, doing=doing)


def _site_page(site):
    """The site page at its top, where the confirmation banner is (not at a section far down)."""
    return reverse("sites:detail", args=[site.reference])


def _history_url(site, form, record):
    """Where the conflict banner points: the history of the record someone else changed."""
    return record_history_url(site, form.conflict.record if form.conflict else record)


# --- in-depth assessment --------------------------------------------------------------------


@governance_view
def assessment_edit(request, reference):
    site = site_or_404(request.user, reference)
    _require_preparer(request.user, site, f"prepare the in-depth assessment for {site.reference}")
    assessment = selectors.current_assessment(site)
    if assessment is None or not assessment.is_editable:
        return render(request, "assessments/start.html", {
            "site": site, "document": assessment, "what": "in-depth assessment",
            "start_url": reverse("assessments:assessment_start", args=[site.reference]),
        })
    form = AssessmentForm(posted(request), location_type=site.location_type,
                          initial=_assessment_initial(assessment))
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        saved, error = attempt(form, lambda: services.assessment_save(
            actor=request.user, assessment=assessment, expected_version=form.cleaned_data["lock_version"],
            fields=form.service_fields(), submit=submit))
        if error is None:
            messages.success(request, "The in-depth assessment was submitted for approval." if submit
                             else "Your changes to the in-depth assessment were saved.")
            return redirect(_site_page(site))
        if form.conflict:
            form.accept_version(error.record)
        status = refusal_status(error)
    return render(request, "assessments/assessment_form.html", {
        "site": site, "assessment": assessment, "form": form,
        "history_url": _history_url(site, form, assessment),
    }, status=status)


def _assessment_initial(assessment):
    initial = {name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS}
    initial["lock_version"] = assessment.lock_version
    return initial


@require_POST
@governance_view
def assessment_start(request, reference):
    site = site_or_404(request.user, reference)
    _require_preparer(request.user, site, f"prepare the in-depth assessment for {site.reference}")
    # From the site page a proposed site moves to assessment in the same step (assessment_begin).
    return _start(request, site, lambda: services.assessment_begin(actor=request.user, site=site),
                  "assessments:assessment_edit")


@governance_view
def assessment_decide(request, reference):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER, doing="approve or return an in-depth assessment")
    assessment = selectors.current_assessment(site)
    if assessment is None or assessment.status != DocumentStatus.SUBMITTED:
        messages.info(request, f"{site.reference} has no in-depth assessment waiting for a decision.")
        return redirect(_site_page(site))
    form = DecisionForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.approving:
            _, error = attempt(form, lambda: services.assessment_approve(
                actor=request.user, assessment=assessment, comment=comment))
        else:
            _, error = attempt(form, lambda: services.assessment_return(
                actor=request.user, assessment=assessment, comment=comment))
        if error is None:
            messages.success(request, f"The in-depth assessment of {site.reference} was "
                                      f"{'approved' if form.approving else 'returned to the officer'}.")
            return redirect(_site_page(site))
        status = refusal_status(error)
    return render(request, "assessments/assessment_decide.html", {
        "site": site, "doc": assessment, "grounds": ground_rows(assessment.location_type, assessment), "form": form,
    }, status=status)


# --- privacy impact assessment ----------------------------------------------------------------


@require_POST
@governance_view
def dpia_start(request, reference):
    site = site_or_404(request.user, reference)
    _require_preparer(request.user, site, f"prepare the privacy impact assessment for {site.reference}")
    return _start(request, site, lambda: services.dpia_start(actor=request.user, site=site), "assessments:dpia_edit")


def _start(request, site, start, edit_url_name):
    _, error = attempt(None, start)
    if error is not None:
        messages.error(request, error.message)
        return redirect(_site_page(site))
    return redirect(edit_url_name, reference=site.reference)


@governance_view
def dpia_edit(request, reference):
    site = site_or_404(request.user, reference)
    _require_preparer(request.user, site, f"prepare the privacy impact assessment for {site.reference}")
    dpia = selectors.current_dpia(site)
    if dpia is None or not dpia.is_editable:
        return render(request, "assessments/start.html", {
            "site": site, "document": dpia, "what": "privacy impact assessment",
            "start_url": reverse("assessments:dpia_start", args=[site.reference]),
        })
    data = posted(request)
    risks = list(selectors.active_risks(dpia))
    form = DpiaForm(data, initial=DpiaForm.initial_from(dpia))
    risk_forms = [
        RiskForm(data, prefix=f"risk-{risk.pk}", number=n, initial={
            **{name: getattr(risk, name) for name in services.RISK_FIELDS}, "lock_version": risk.lock_version})
        for n, risk in enumerate(risks, 1)
    ]
    new_risk = RiskForm(data, prefix="new-risk", new=True)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        removing = _removing(action, risks)
        checked = [f for f, r in zip(risk_forms, risks, strict=True) if removing is None or r.pk != removing.pk]
        if action == "add" and new_risk.is_empty:
            new_risk.is_valid()
            new_risk.add_error("description", "Describe the risk to add")
        elif all([form.is_valid(), new_risk.is_valid(), *[f.is_valid() for f in checked]]):
            edits = [(risk, f.cleaned_data["lock_version"], f.service_fields())
                     for f, risk in zip(risk_forms, risks, strict=True) if f in checked and f.has_changed()]
            removal = None
            if removing is not None:
                removal_form = risk_forms[risks.index(removing)]
                removal = (removing, _posted_version(removal_form))
            submit = action == "submit"
            saved, error = attempt(form, lambda: services.dpia_save(
                actor=request.user, dpia=dpia, expected_version=form.cleaned_data["lock_version"],
                fields=form.service_fields() if form.has_changed() else None, risk_edits=edits,
                new_risk=None if new_risk.is_empty else new_risk.service_fields(), remove_risk=removal,
                submit=submit), elsewhere={"risks": _where_risk_problems_go(checked, new_risk)})
            if error is None:
                if submit:
                    messages.success(request, "The privacy impact assessment was submitted. The data protection "
                                              "officer will give their advice before a manager decides.")
                    return redirect(_site_page(site))
                messages.success(request, {
                    "add": "The risk was added to the register.",
                    "save": "Your changes to the privacy impact assessment were saved.",
                }.get(action, "The risk was removed from the register; it is kept in the history."))
                return redirect(reverse("assessments:dpia_edit", args=[site.reference]) + (
                    "#risk-register" if action != "save" else ""))
            if form.conflict:
                stale = next((f for f, r in zip(risk_forms, risks, strict=True) if r == error.record), form)
                stale.accept_version(error.record)
            status = refusal_status(error)
    return render(request, "assessments/dpia_form.html", {
        "site": site, "dpia": dpia, "form": form, "risk_forms": risk_forms, "new_risk": new_risk,
        "matrix": risk_matrix.table(),
        "history_url": _history_url(site, form, dpia),
    }, status=status)


def _where_risk_problems_go(risk_forms, new_risk):
    """A refusal about the register as a whole ("risks") is shown at the first row missing
    its measures, effect or residual likelihood and severity, or, with no rows, at the new
    risk's description."""
    needed = ("measures", "effect", "residual_likelihood", "residual_severity")
    for form in risk_forms:
        if not all(form.cleaned_data.get(name) for name in needed):
            return (form, "measures")
    return (new_risk, "description")


def _removing(action: str, risks):
    if not action.startswith("remove-"):
        return None
    pk = action.removeprefix("remove-")
    return next((r for r in risks if str(r.pk) == pk), None)


def _posted_version(form):
    try:
        return int(form.data.get(form.add_prefix("lock_version")))
    except (TypeError, ValueError):
        return None


@governance_view
def dpia_advice(request, reference):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, DPO, doing="give DPO advice")
    dpia = selectors.current_dpia(site)
    if dpia is None or dpia.status != DocumentStatus.SUBMITTED or dpia.dpo_advised_by_id:
        messages.info(request, f"{site.reference} has no privacy impact assessment waiting for DPO advice.")
        return redirect(_site_page(site))
    form = DpoAdviceForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.dpia_record_dpo_advice(
            actor=request.user, dpia=dpia, summary=form.cleaned_data["summary"]))
        if error is None:
            messages.success(request, f"Your advice on the DPIA for {site.reference} was recorded.")
            return redirect(_site_page(site))
        status = refusal_status(error)
    return render(request, "assessments/dpia_advice.html", _dpia_context(site, dpia, form), status=status)


# Step 7 on one page: each decision is its own form, recorded on its own (by whoever
# holds the role), and the final sign-off lists what is still missing.
STEP7_FORMS = {
    "measures": (MeasuresDecisionForm, "Your decisions on the measures were recorded."),
    "dpo": (DpoAdviceDecisionForm, "Your decision on the DPO's advice was recorded."),
    "consultation": (ConsultationReviewForm, "Your review of the consultation responses was recorded."),
    "signoff": (DpiaDecisionForm, None),
}


def _step7_call(step, user, dpia, form):
    data = form.cleaned_data
    if step == "measures":
        return lambda: services.dpia_decide_measures(actor=user, dpia=dpia, approved=form.decisions())
    if step == "dpo":
        return lambda: services.dpia_decide_dpo_advice(actor=user, dpia=dpia, accepted=data["accepted"] == "yes",
                                                       overrule_reasons=data["overrule_reasons"])
    if step == "consultation":
        return lambda: services.dpia_review_consultation_responses(actor=user, dpia=dpia, changes=data["changes"])
    if form.approving:
        return lambda: services.dpia_approve(actor=user, dpia=dpia, comment=data["comment"])
    return lambda: services.dpia_return(actor=user, dpia=dpia, comment=data["comment"])


@governance_view
def dpia_decide(request, reference):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER, doing="decide on a privacy impact assessment")
    allowed_or_403(require_permission, request.user, "assessments.approve_privacyimpactassessment",
                   doing="decide on a privacy impact assessment")
    dpia = selectors.current_dpia(site)
    if dpia is None or dpia.status != DocumentStatus.SUBMITTED:
        messages.info(request, f"{site.reference} has no privacy impact assessment waiting for a decision.")
        return redirect(_site_page(site))
    risks = list(selectors.active_risks(dpia))
    step = request.POST.get("step") if request.method == "POST" else None
    forms = {}
    for name, (form_class, _) in STEP7_FORMS.items():
        data = posted(request) if name == step else None
        extra = {"risks": risks} if name == "measures" else {}
        if name == "signoff":
            extra = {"approve_label": "Approve: sign off the residual risks"}
        forms[name] = form_class(data, prefix=name, **extra)
    status = 200
    if step in forms and forms[step].is_valid():
        form = forms[step]
        _, error = attempt(form, _step7_call(step, request.user, dpia, form))
        if error is None:
            done = STEP7_FORMS[step][1] or (f"The privacy impact assessment of {site.reference} was "
                                            f"{'approved' if form.approving else 'returned to the officer'}.")
            messages.success(request, done)
            return redirect(_site_page(site) if step == "signoff"
                            else reverse("assessments:dpia_decide", args=[site.reference]))
        status = refusal_status(error)
    context = _dpia_context(site, dpia, forms["signoff"])
    context.update(step7=forms, step7_errors=any(f.errors for f in forms.values()),
                   sign_off_problems=services.sign_off_problems(dpia))
    return render(request, "assessments/dpia_decide.html", context, status=status)


# The prior consultation with the ICO on one page: the request, then an extension notice or
# the written advice, each its own form recorded on its own.
ICO_FORMS = {
    "request": (IcoConsultationForm, "The request for prior consultation sent to the ICO was recorded."),
    "extension": (IcoExtensionForm, "The ICO's notice of an extension was recorded."),
    "advice": (IcoAdviceForm, "The ICO's written advice was recorded."),
}


def _ico_call(step, user, dpia, data):
    if step == "request":
        return lambda: services.dpia_record_ico_consultation(actor=user, dpia=dpia, reference=data["reference"],
                                                             consulted_on=data["consulted_on"])
    if step == "extension":
        return lambda: services.dpia_record_ico_extension(actor=user, dpia=dpia, notice_on=data["notice_on"])
    return lambda: services.dpia_record_ico_advice(actor=user, dpia=dpia, received_on=data["received_on"],
                                                   summary=data["summary"])


@governance_view
def dpia_ico(request, reference):
    site = site_or_404(request.user, reference)
    _require_preparer(request.user, site, f"record the prior consultation with the ICO for {site.reference}")
    dpia = selectors.current_dpia(site)
    if dpia is None:
        messages.info(request, f"{site.reference} has no privacy impact assessment.")
        return redirect(_site_page(site))
    step = request.POST.get("step") if request.method == "POST" else None
    initial = {"request": {"reference": dpia.ico_consultation_reference, "consulted_on": dpia.ico_consulted_on}}
    forms = {name: form_class(posted(request) if name == step else None, prefix=name, initial=initial.get(name))
             for name, (form_class, _) in ICO_FORMS.items()}
    status = 200
    if step in forms and forms[step].is_valid():
        _, error = attempt(forms[step], _ico_call(step, request.user, dpia, forms[step].cleaned_data))
        if error is None:
            messages.success(request, ICO_FORMS[step][1])
            return redirect(_site_page(site))
        status = refusal_status(error)
    return render(request, "assessments/dpia_ico.html", {
        "site": site, "dpia": dpia, "forms": forms, "ico": selectors.ico_state(dpia),
        "errors": any(f.errors for f in forms.values()), "weeks": settings.ANPR_ICO_ADVICE_WEEKS,
    }, status=status)


def _dpia_context(site, dpia, form):
    labels = dict(ScreeningCriterion.choices)
    return {"site": site, "doc": dpia, "form": form, "risks": list(selectors.active_risks(dpia)),
            "criteria": [labels.get(c, c) for c in dpia.screening_criteria]}
