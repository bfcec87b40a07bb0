"""Pages for compliance packs: build (choose scope and as-at date), follow progress,
download, and verify a file. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anpr_governance.accounts.permissions import PACK_PERMISSION, require_permission
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.forms import attempt
from anpr_governance.core.uploads import upload_refused
from anpr_governance.core.web import allowed_or_403, page_status, posted

from . import selectors, services
from .forms import PackForm, VerifyForm
from .models import Pack
from .verification import verify_pack_file

RECENT = 50


@login_required
def index(request):
    """Build a pack: the form answers 400 with what is wrong, as when the service refuses."""
    allowed_or_403(require_permission, request.user, PACK_PERMISSION, doing="build compliance packs")
    form = PackForm(posted(request), initial={"scope": "site", "as_at": timezone.localdate()})
    error = None
    if form.is_valid():
        data = form.cleaned_data
        pack, error = attempt(form, lambda: services.pack_request(
            actor=request.user, scope=data["scope"], site_reference=data["site_reference"], as_at=data["as_at"],
            recipient=data["recipient"], redact_locations=data["redact_locations"]))
        if error is None:
            messages.success(request, f"{pack.label} is being built. This page shows its progress.")
            return redirect("reports:pack", pack_id=pack.pk)
    packs = list(selectors.packs_for_user(request.user)[:RECENT])
    return render(request, "reports/index.html", {
        "form": form, "packs": packs, "recent": RECENT, "any_in_progress": any(not p.is_finished for p in packs),
    }, status=page_status(error, form=form))


def _pack_or_404(user, pack_id) -> Pack:
    allowed_or_403(require_permission, user, PACK_PERMISSION, doing="open compliance packs")
    pack = selectors.pack_for_user(user, pack_id)
    if pack is None:
        raise Http404("No such pack.")
    return pack


@login_required
def pack_detail(request, pack_id: int):
    pack = _pack_or_404(request.user, pack_id)
    return render(request, "reports/pack.html", {
        "pack": pack, "disclosures": selectors.pack_disclosures(pack),
    })


@login_required
def pack_status(request, pack_id: int):
    pack = _pack_or_404(request.user, pack_id)
    return JsonResponse({
        "state": pack.state,
        "state_label": pack.get_state_display(),
        "progress": pack.progress,
        "message": pack.error if pack.state == Pack.State.FAILED else pack.progress_message,
        "finished": pack.is_finished,
        "pages": pack.page_count,
        "url": reverse("reports:pack", kwargs={"pack_id": pack.pk}),
    } | ({"parts": {"done": pack.parts_done, "total": pack.parts_total}} if pack.parts_total else {}))


@login_required
@require_POST
def pack_download(request, pack_id: int):
    pack = _pack_or_404(request.user, pack_id)
    try:
        pack = services.pack_download(actor=request.user, pack=pack)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:pack", pack_id=pack.pk)
    return FileResponse(pack.file.open("rb"), as_attachment=True, filename=pack.download_name(),
                        content_type="application/pdf")


@login_required
def verify(request):
    """Check a pack file: for the roles that build packs. A file over the limit never reaches
    the disk (core.uploads) and is refused here with the limit."""
    allowed_or_403(require_permission, request.user, PACK_PERMISSION, doing="check compliance pack files")
    form = VerifyForm(posted(request), request.FILES or None, too_large=upload_refused(request))
    verdict = verify_pack_file(form.cleaned_data["pack"]) if form.is_valid() else None
    return render(request, "reports/verify.html", {"form": form, "verdict": verdict},
                  status=page_status(form=form))
