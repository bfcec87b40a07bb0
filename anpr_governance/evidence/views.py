"""Evidence pages: a record's files with the upload form, and the download of one file.
Files are never served from MEDIA_ROOT directly: only the download view reads them."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from anpr_governance.accounts.decorators import governance_view
from anpr_governance.accounts.permissions import can_add_evidence, can_read_evidence, require_evidence_upload
from anpr_governance.core.forms import attempt
from anpr_governance.core.uploads import upload_refused, with_upload_limit
from anpr_governance.core.web import allowed_or_403, page_status
from anpr_governance.sites.selectors import site_or_404

from . import selectors, services
from .forms import EvidenceForm, prefix_for


@with_upload_limit(lambda: settings.ANPR_EVIDENCE_MAX_MB)
@governance_view
@require_http_methods(["GET", "POST"])
def record_files(request, reference: str, kind: str, pk: int):
    site = site_or_404(request.user, reference)
    record_kind, record = selectors.record_or_404(site, kind, pk)
    files = list(selectors.evidence_for_record(record))
    replacing = _replacing(request, files)
    form, error = None, None
    if request.method == "POST":
        allowed_or_403(require_evidence_upload, request.user, site)
        form = EvidenceForm(request.POST, request.FILES, too_large=upload_refused(request),
                            prefix=prefix_for(kind, record.pk))
        if form.is_valid():
            data = form.cleaned_data
            replacing = next((f for f in files if f.pk == data["supersedes"]), None) if data["supersedes"] else None
            evidence, error = attempt(form, lambda: services.evidence_upload(
                actor=request.user, record=record, upload=data["file"], description=data["description"],
                kind=data["kind"], restricted=data["restricted"], supersedes=replacing))
            if error is None:
                messages.success(request, f"{evidence.original_name} has been added as evidence "
                                          f"(SHA-256 {evidence.sha256[:12]}…).")
                return redirect("evidence:record", reference=site.reference, kind=kind, pk=record.pk)
    elif can_add_evidence(request.user, site):
        form = EvidenceForm(initial={"supersedes": replacing.pk if replacing else None},
                            prefix=prefix_for(kind, record.pk))
    context = {
        "site": site, "record": record, "record_kind": record_kind, "record_name": record_kind.describe(record),
        "record_url": record_kind.page_url(record), "files": files, "form": form, "replacing": replacing,
        "may_read_restricted": can_read_evidence(request.user, restricted=True),
    }
    return render(request, "evidence/record.html", context, status=page_status(error, form=form))


@governance_view
@require_http_methods(["GET"])
def download(request, reference: str, pk: int):
    site = site_or_404(request.user, reference)
    evidence = selectors.evidence_file_or_404(site, pk)
    handle = _or_403(lambda: services.evidence_download(actor=request.user, evidence=evidence))
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.mime_type)


def _replacing(request, files):
    wanted = request.GET.get("replace", "")
    return next((f for f in files if str(f.pk) == wanted and f.is_current), None)


def _or_403(action):
    result = []
    allowed_or_403(lambda: result.append(action()))
    return result[0]
