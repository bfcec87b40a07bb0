"""The data protection officer's subject access pages: open a request (find the reads held),
withhold reads with a reason and produce the response, download its CSV. The response letter
(PDF) is made by the reports app, the one place PDFs are made (reports/subject_access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import DPO
from anpr_governance.core.csv_export import to_csv_lines
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted

from . import services
from .forms import SubjectAccessForm, SubjectAccessResponseForm
from .models import SubjectAccessRequest
from .services.subject_access import reads_held

DOING = "answer subject access requests"


@login_required
def subject_access(request):
    """The list of requests and the form to open one (a refusal is logged, nothing else is written)."""
    allowed_or_403(require_named_role, request.user, DPO, doing=DOING)
    form = SubjectAccessForm(posted(request))
    error = None
    if form.is_valid():
        sar, error = attempt(form, lambda: services.subject_access_search(actor=request.user, **form.cleaned_data))
        if error is None:
            messages.success(request, f"{sar.reference}: {sar.reads_found} read{'s' if sar.reads_found != 1 else ''} "
                                      f"of {sar.vrm} held.")
            return redirect("dpo:subject-access-detail", pk=sar.pk)
    return render(request, "reads/subject_access.html", {
        "form": form, "requests": SubjectAccessRequest.objects.select_related("searched_by")[:100],
    }, status=page_status(error, form=form))


def request_for(user, pk: int) -> SubjectAccessRequest:
    """The request, for the DPO (403 for anyone else, 404 if there is none)."""
    allowed_or_403(require_named_role, user, DPO, doing=DOING)
    sar = SubjectAccessRequest.objects.filter(pk=pk).select_related("searched_by", "disclosed_by").first()
    if sar is None:
        raise Http404("No such subject access request.")
    return sar


@login_required
def subject_access_detail(request, pk: int):
    """The reads held; before the response, a checkbox per read to withhold it, and a reason."""
    sar = request_for(request.user, pk)
    form = SubjectAccessResponseForm(posted(request))
    chosen = request.POST.getlist("withhold") if request.method == "POST" else []
    error = None
    if form.is_valid():
        sar, error = attempt(form, lambda: services.subject_access_disclose(
            actor=request.user, sar=sar, withhold=chosen, reason=form.cleaned_data["reason"]))
        if error is None:
            messages.success(request, f"The response to {sar.reference} is ready: {sar.reads_disclosed} read(s) "
                                      "disclosed. Download the letter and the CSV below.")
            return redirect("dpo:subject-access-detail", pk=sar.pk)
        sar = request_for(request.user, pk)
    return render(request, "reads/subject_access_detail.html", {
        "sar": sar, "reads": reads_held(sar), "form": form, "chosen": set(chosen),
    }, status=page_status(error, form=form))


@login_required
def subject_access_csv(request, pk: int):
    """The disclosed reads as CSV, for the response (withheld reads are not in it)."""
    sar = request_for(request.user, pk)
    if sar.state != SubjectAccessRequest.State.DISCLOSED:
        messages.error(request, "Produce the response first: choose any reads to withhold, then produce it.")
        return redirect("dpo:subject-access-detail", pk=sar.pk)
    rows = ([sar.vrm, f"{timezone.localtime(r['read_at']):%Y-%m-%d}", f"{timezone.localtime(r['read_at']):%H:%M:%S}",
             r["site"], r["policing_area"]] for r in reads_held(sar) if not r["withheld_reason"])
    response = StreamingHttpResponse(to_csv_lines(["vrm", "date", "time", "site", "policing_area"], rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}-reads.csv"'
    return response
