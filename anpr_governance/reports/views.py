"""Pages for compliance packs: build (choose scope and as-at date), follow progress,
download, and verify a file. Thin: parse, call one service or selector, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anpr_governance.accounts.permissions import can_build_packs, can_view_sites
from anpr_governance.core.exceptions import DomainError

from . import selectors, services
from .models import Pack
from .verification import verify_pack_file

RECENT = 50
MAX_UPLOAD = 500 * 1024 * 1024
NOT_ALLOWED = "Only auditors, approving managers and the data protection officer may build compliance packs."
FIELD_ORDER = ["scope", "site_reference", "as_at", "recipient"]
FIELD_ANCHORS = {"scope": "scope", "site_reference": "site_reference", "as_at": "as_at-day", "recipient": "recipient"}


def _require_builder(user):
    if not can_build_packs(user):
        raise PermissionDenied(NOT_ALLOWED)


def _as_at(post) -> tuple[datetime.date | None, str | None]:
    parts = [post.get(f"as_at-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, "Enter the as-at date, for example 31 3 2026."
    if not all(parts):
        missing = [name for name, value in zip(("day", "month", "year"), parts, strict=True) if not value]
        return None, f"The as-at date must include a {' and a '.join(missing)}."
    try:
        day, month, year = (int(p) for p in parts)
        return datetime.date(year, month, day), None
    except ValueError:
        return None, "The as-at date must be a real date, for example 31 3 2026."


@login_required
def index(request):
    _require_builder(request.user)
    today = timezone.localdate()
    values = {"scope": "site", "site_reference": "", "recipient": "",
              "day": today.day, "month": today.month, "year": today.year}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in ("scope", "site_reference", "recipient")}
        values |= {part: request.POST.get(f"as_at-{part}", "").strip() for part in ("day", "month", "year")}
        as_at, date_error = _as_at(request.POST)
        if date_error:
            errors["as_at"] = [date_error]
        if not values["scope"]:
            errors["scope"] = ["Choose a site pack or a force-wide pack."]
        if not errors:
            try:
                pack = services.pack_request(
                    actor=request.user, scope=values["scope"], site_reference=values["site_reference"], as_at=as_at,
                    recipient=values["recipient"],
                )
            except DomainError as error:
                errors = error.field_errors or {"__all__": [error.message]}
            else:
                messages.success(request, f"{pack.label} is being built. This page shows its progress.")
                return redirect("reports:pack", pack_id=pack.pk)
    packs = list(selectors.packs_for_user(request.user)[:RECENT])
    summary = [
        (FIELD_ANCHORS.get(field, ""), message)
        for field in [*FIELD_ORDER, *(k for k in errors if k not in FIELD_ORDER)]
        for message in errors.get(field, [])
    ]
    return render(request, "reports/index.html", {
        "values": values, "errors": errors, "error_summary": summary, "packs": packs, "recent": RECENT,
        "any_in_progress": any(not p.is_finished for p in packs),
    }, status=400 if errors else 200)


def _pack_or_404(user, pack_id) -> Pack:
    _require_builder(user)
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
    })


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
    if not can_view_sites(request.user):
        raise PermissionDenied("You need a role in the service to check compliance packs.")
    verdict, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("pack")
        if upload is None:
            error = "Select the PDF file of the pack to check."
        elif upload.size == 0:
            error = "The selected file is empty."
        elif upload.size > MAX_UPLOAD:
            error = "The selected file must be smaller than 500 MB."
        else:
            verdict = verify_pack_file(upload)
    return render(request, "reports/verify.html", {"verdict": verdict, "error": error},
                  status=400 if error else 200)
