"""The response letter to a subject access request, as PDF: made here because the reports
app is the one place PDFs are made (rendering.html_to_pdf, the packs' path: PDF/A-3b, the
static-files-only fetcher). The letter's data is attached as JSON, as a pack's is."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone

from anpr_governance.reads.models import SubjectAccessRequest
from anpr_governance.reads.services.subject_access import reads_held
from anpr_governance.reads.subject_access_views import request_for

from .contents import canonical_json
from .formatting import iso_moment
from .rendering import html_to_pdf


def letter_data(sar: SubjectAccessRequest) -> dict:
    reads = reads_held(sar)
    disclosed = [r for r in reads if not r["withheld_reason"]]
    reasons = sorted({r["withheld_reason"] for r in reads if r["withheld_reason"]})
    return {
        "schema": "anpr-governance/subject-access-response/1",
        "force": settings.FORCE_NAME,
        "reference": sar.reference,
        "vrm": sar.vrm,
        "searched_at": iso_moment(sar.searched_at),
        "retained_since": iso_moment(sar.retained_since),
        "responded_at": iso_moment(sar.disclosed_at),
        "retention_days": settings.ANPR_RETENTION_DAYS,
        "reads": [{"date": f"{timezone.localtime(r['read_at']):%Y-%m-%d}",
                   "time": f"{timezone.localtime(r['read_at']):%H:%M:%S}",
                   "site": r["site"], "policing_area": r["policing_area"]} for r in disclosed],
        "withheld": len(reads) - len(disclosed),
        "withheld_reasons": reasons,
    }


@login_required
def letter(request, pk: int):
    sar = request_for(request.user, pk)
    if sar.state != SubjectAccessRequest.State.DISCLOSED:
        messages.error(request, "Produce the response first: choose any reads to withhold, then produce it.")
        return redirect("dpo:subject-access-detail", pk=sar.pk)
    data = letter_data(sar)
    html = render_to_string("reports/pdf/sar_letter.html", {"letter": data})
    pdf, _pages = html_to_pdf(html, attachment=canonical_json(data), attachment_name="response-data.json",
                              description="The reads disclosed in this response, as data.")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}-response.pdf"'
    return response
