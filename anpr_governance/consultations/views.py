"""Pages of consultation (consultees, responses, "you said, we did") and exemptions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from anpr_governance.accounts.decorators import governance_view, staff_view
from anpr_governance.accounts.permissions import require_role, require_site_assignment
from anpr_governance.accounts.roles import MANAGER, OFFICER
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted
from anpr_governance.sites.selectors import site_or_404

from . import selectors, services
from .forms import (
    CloseConsultationForm,
    ConsulteeForm,
    ExemptionDecisionForm,
    ExemptionRequestForm,
    ModerationForm,
    OpenConsultationForm,
    ResponseForm,
)
from .models import Consultation, ConsultationExemption, PublicReply


def _officer_site(request, reference, doing):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, OFFICER, doing=doing)
    allowed_or_403(require_site_assignment, request.user, site, doing=doing)
    return site


def _done(request, site, message):
    """The site page at its top, where the confirmation banner is (not at a section far down)."""
    messages.success(request, message)
    return redirect("sites:detail", reference=site.reference)


def _form_page(request, site, form, error, **context):
    return render(request, "includes/form_page.html", {"site": site, "form": form, **context},
                  status=page_status(error))


def _preview(form, site) -> Consultation | None:
    """The consultation as the public page would show it, unsaved: the preview uses the very
    template the public page uses, so it is exactly what will be public."""
    data = form.cleaned_data
    problems = services.public_problems(public_summary=data["public_summary"], public_purpose=data["public_purpose"],
                                        respond_by=data["respond_by"], opened_on=data["opened_on"])
    for name, message in problems.items():
        form.add_error(name, message)
    if problems:
        return None
    if not data["public_summary"].strip():
        form.add_error("public_summary", "Write a public summary to preview the public page, or open the "
                                         "consultation without one")
        return None
    return Consultation(site=site, method=data["method"], opened_on=data["opened_on"],
                        public_summary=data["public_summary"].strip(), public_purpose=data["public_purpose"],
                        respond_by=data["respond_by"])


@governance_view
def open_consultation(request, reference):
    site = _officer_site(request, reference, "open a consultation")
    form = OpenConsultationForm(posted(request))
    error, preview = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = _preview(form, site)
        else:
            _, error = attempt(form, lambda: services.consultation_open(
                actor=request.user, site=site, method=data["method"], summary=data["summary"],
                opened_on=data["opened_on"], public_summary=data["public_summary"],
                public_purpose=data["public_purpose"], respond_by=data["respond_by"]))
            if error is None:
                public = data["public_summary"].strip()
                return _done(request, site, "The consultation was opened."
                             + (" It is published on the public consultation page." if public else "")
                             + " Add the consultees and their responses.")
    return _form_page(request, site, form, error, heading="Open a consultation", button="Open the consultation",
                      intro="Consult the people and organisations with a reasonable interest in the site.",
                      secondary_button="Preview the public page", secondary_name="preview",
                      summary_template="consultations/public_preview.html" if preview else None,
                      preview=preview, replies=[])


def _open_consultation(site, pk):
    return get_object_or_404(Consultation, pk=pk, site=site)


@governance_view
def consultee_add(request, reference, pk):
    site = _officer_site(request, reference, "add a consultee")
    consultation = _open_consultation(site, pk)
    form = ConsulteeForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, error = attempt(form, lambda: services.consultee_add(
            actor=request.user, consultation=consultation, name=data["name"], kind=data["kind"],
            consulted_on=data["consulted_on"]))
        if error is None:
            return _done(request, site, f"{data['name']} was added to the consultees.")
    return _form_page(request, site, form, error, heading="Add a consultee", button="Add the consultee")


@governance_view
def response_add(request, reference, pk):
    site = _officer_site(request, reference, "record a consultation response")
    consultation = _open_consultation(site, pk)
    form = ResponseForm(posted(request), consultees=list(consultation.consultees.all()))
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, error = attempt(form, lambda: services.response_record(
            actor=request.user, consultation=consultation, consultee=data["consultee"],
            respondent=data["respondent"], response=data["response"], received_on=data["received_on"]))
        if error is None:
            return _done(request, site, "The response was recorded.")
    return _form_page(request, site, form, error, heading="Record a response", button="Record the response")


@governance_view
def close_consultation(request, reference, pk):
    site = _officer_site(request, reference, "close the consultation")
    consultation = _open_consultation(site, pk)
    form = CloseConsultationForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, error = attempt(form, lambda: services.consultation_close(
            actor=request.user, consultation=consultation, outcome=data["outcome"], closed_on=data["closed_on"]))
        if error is None:
            return _done(request, site, "The consultation was closed with its outcome.")
    return _form_page(request, site, form, error, heading="Close the consultation", button="Close the consultation",
                      intro="Record what people said and what you did about it.")


@governance_view
def exemption_request(request, reference):
    site = _officer_site(request, reference, "request an exemption from consultation")
    form = ExemptionRequestForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.exemption_request(
            actor=request.user, site=site, ground=form.cleaned_data["ground"], reason=form.cleaned_data["reason"]))
        if error is None:
            return _done(request, site, "The exemption was requested. An approving manager will decide.")
    return _form_page(
        request, site, form, error, heading="Ask for an exemption from consultation", button="Ask for the exemption",
        intro="Consultation may be left out only where it would be contrary to the policing purpose.",
    )


@governance_view
def exemption_decide(request, reference, pk):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER,
                   doing="decide on an exemption from consultation")
    exemption = get_object_or_404(ConsultationExemption.objects.select_related("requested_by"), pk=pk, site=site)
    if exemption.state != ConsultationExemption.State.PENDING:
        messages.info(request, f"This exemption was already {exemption.get_state_display().lower()}.")
        return redirect("sites:detail", reference=site.reference)
    form = ExemptionDecisionForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.exemption_decide(
            actor=request.user, exemption=exemption, approve=form.approving, comment=form.cleaned_data["comment"]))
        if error is None:
            return _done(request, site, f"The exemption was {'approved' if form.approving else 'refused'}.")
    return render(request, "consultations/exemption_decide.html",
                  {"site": site, "exemption": exemption, "form": form},
                  status=page_status(error))


@staff_view
def moderation_list(request):
    """Public replies waiting for the signed-in governance officer (on their sites)."""
    allowed_or_403(require_role, request.user, OFFICER, doing="moderate public replies")
    return render(request, "consultations/moderation_list.html",
                  {"replies": selectors.replies_awaiting_moderation(request.user)})


@staff_view
def moderate(request, pk):
    allowed_or_403(require_role, request.user, OFFICER, doing="moderate public replies")
    reply = get_object_or_404(PublicReply.objects.select_related("consultation__site__policing_area"), pk=pk)
    site = reply.consultation.site
    allowed_or_403(require_site_assignment, request.user, site, doing="moderate public replies")
    if reply.state != PublicReply.State.PENDING:
        messages.info(request, f"This reply was already {reply.get_state_display().lower()}.")
        return redirect("moderation:list")
    form = ModerationForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.public_reply_moderate(
            actor=request.user, reply=reply, approve=form.approving, reason=form.cleaned_data["comment"]))
        if error is None:
            done = ("approved: it is on the public page and in the consultation record" if form.approving
                    else "rejected")
            messages.success(request, f"The reply from {reply.name} was {done}.")
            return redirect("moderation:list")
    return render(request, "consultations/moderate.html", {"reply": reply, "site": site, "form": form},
                  status=page_status(error, form=form if request.method == "POST" else None))
