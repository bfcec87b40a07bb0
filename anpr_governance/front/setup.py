"""Pages that set sites up (approving managers): propose a site, change its details, assign its
governance officer, record its cameras (added, removed, moved) and import a force's register.
Each parses, calls one service of sites, and renders; the services check again."""

import base64
import binascii

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from anpr_governance.accounts.decorators import staff_view
from anpr_governance.accounts.permissions import can_view_location, require_role
from anpr_governance.accounts.roles import MANAGER
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted
from anpr_governance.sites import services
from anpr_governance.sites.history_links import record_history_url
from anpr_governance.sites.register_import import HEADER, register_check, register_import
from anpr_governance.sites.selectors import site_or_404

from .setup_forms import (
    CameraAddForm,
    CameraMoveForm,
    CameraRemoveForm,
    ImportForm,
    OfficerForm,
    ProposeForm,
    SiteDetailsForm,
)

# Largest register file accepted: a force's register is a few hundred rows (a few kilobytes).
# The preview carries the file back in base64, which must stay under DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_IMPORT_BYTES = 1024 * 1024


def _managers_only(request, doing: str) -> None:
    allowed_or_403(require_role, request.user, MANAGER, doing=doing)


@staff_view
def propose(request):
    _managers_only(request, "propose a camera site")
    form = ProposeForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        site, error = attempt(form, lambda: services.site_propose(actor=request.user, **form.cleaned_data))
        if error is None:
            messages.success(request, f"{site.reference} {site.name} has been proposed. Assign its governance "
                                      "officer and record its cameras.")
            return redirect("sites:detail", reference=site.reference)
    return render(request, "front/setup/form.html", {
        "form": form, "heading": "Propose a camera site", "button": "Propose the site",
        "intro": "The site is created as proposed, with the next free reference. Its governance officer then "
                 "prepares the in-depth assessment.",
        "back_url": reverse("sites:register"), "back_text": "Back to camera sites",
    }, status=page_status(error, form=form))


@staff_view
def edit(request, reference):
    site = site_or_404(request.user, reference)
    _managers_only(request, f"change the details of {site.reference}")
    initial = {name: getattr(site, name) for name in SiteDetailsForm.field_order} | {"lock_version": site.lock_version}
    form = SiteDetailsForm(posted(request), initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        _, error = attempt(form, lambda: services.site_update(
            actor=request.user, site=site, expected_version=form.cleaned_data["lock_version"], **data))
        if error is None:
            messages.success(request, f"The details of {site.reference} have been saved.")
            return redirect("sites:detail", reference=site.reference)
        if form.conflict:
            form.accept_version(error.record)
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": "Change the site's details", "button": "Save the details",
        "intro": "A change of location type re-grades the grounds of the assessment in preparation and is a "
                 "material change: the site then needs a new DPIA.",
        "history_url": record_history_url(site, site),
    }, status=page_status(error, form=form))


@staff_view
def officer(request, reference):
    site = site_or_404(request.user, reference)
    _managers_only(request, "assign a governance officer")
    current = site.governance_officer
    form = OfficerForm(posted(request), reassigning=current is not None,
                       initial={"officer": str(current.pk) if current else None})
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.site_assign_officer(
            actor=request.user, site=site, officer=form.chosen_officer(), reason=form.cleaned_data["reason"]))
        if error is None:
            chosen = form.chosen_officer()
            messages.success(request, f"{chosen.get_full_name() or chosen.username} is now the governance officer "
                                      f"of {site.reference}, and has been sent a notice.")
            return redirect("sites:detail", reference=site.reference)
    current_text = f"{current.get_full_name() or current.username} ({current.username})" if current else "nobody yet"
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": "Governance officer", "button": "Assign",
        "intro": f"Assigned now: {current_text}. Only the assigned officer may prepare the site's documents; the "
                 "new officer is sent a notice.",
    }, status=page_status(error, form=form))


def _camera_or_404(site, identifier: str):
    camera = site.cameras.filter(identifier=identifier).first()
    if camera is None:
        raise Http404(f"{site.reference} has no camera {identifier}.")
    return camera


@staff_view
def cameras(request, reference):
    site = site_or_404(request.user, reference)
    _managers_only(request, f"record the cameras of {site.reference}")
    form = CameraAddForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        camera, error = attempt(form, lambda: services.camera_add(actor=request.user, site=site, **form.cleaned_data))
        if error is None:
            messages.success(request, f"Camera {camera.identifier} has been added to {site.reference}.")
            return redirect("sites:cameras", reference=site.reference)
    all_cameras = list(site.cameras.order_by("removed_on", "identifier"))
    return render(request, "front/setup/cameras.html", {
        "site": site, "form": form, "show_location": can_view_location(request.user),
        "in_service": [c for c in all_cameras if c.removed_on is None],
        "removed": [c for c in all_cameras if c.removed_on is not None],
    }, status=page_status(error, form=form))


@staff_view
def camera_remove(request, reference, identifier):
    site = site_or_404(request.user, reference)
    _managers_only(request, "record a camera's removal")
    camera = _camera_or_404(site, identifier)
    form = CameraRemoveForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.camera_remove(
            actor=request.user, camera=camera, removed_on=form.cleaned_data["removed_on"],
            reason=form.cleaned_data["reason"]))
        if error is None:
            messages.success(request, f"Camera {camera.identifier} has been recorded as removed.")
            return redirect("sites:cameras", reference=site.reference)
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": f"Remove camera {camera.identifier}", "button": "Record the removal",
        "intro": "The camera is kept on record with the date it came down. At a live site this is a material "
                 "change: the site then needs a new DPIA.",
    }, status=page_status(error, form=form))


@staff_view
def camera_move(request, reference, identifier):
    site = site_or_404(request.user, reference)
    _managers_only(request, "record a camera's move")
    camera = _camera_or_404(site, identifier)
    form = CameraMoveForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.camera_move(actor=request.user, camera=camera, **form.cleaned_data))
        if error is None:
            messages.success(request, f"The move of camera {camera.identifier} has been recorded.")
            return redirect("sites:cameras", reference=site.reference)
    old = camera.location_description or "not recorded"
    intro = f"Recorded as one change: its old position ({old}) stays in its history." if can_view_location(
        request.user) else "Recorded as one change: its old position stays in its history."
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": f"Move camera {camera.identifier}", "button": "Record the move",
        "intro": intro + " At a live site this is a material change: the site then needs a new DPIA.",
    }, status=page_status(error, form=form))


@staff_view
def import_register(request):
    """Upload, preview (nothing written), then confirm: the preview carries the file back."""
    _managers_only(request, "import a register of sites")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "header": ",".join(HEADER)}
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        form = context["form"] = ImportForm()  # the file comes back in the preview, not as an upload
        filename, content = request.POST.get("filename", ""), _decoded(request.POST.get("content", ""))
        if content is None:
            context["failure"] = "The file to import was lost: choose it again."
            return render(request, "front/setup/import.html", context, status=400)
        plan = register_import(actor=request.user, filename=filename, content=content)
        if plan.applied:
            messages.success(request, f"{len(plan.creates)} site(s) created and {len(plan.updates)} updated from "
                                      f"{filename}.")
            return redirect("sites:register")
        context |= {"plan": plan, "filename": filename}
        status = 400 if plan.problems else 200
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "The selected file must be smaller than 1 MB")
        else:
            content = upload.read()
            plan = register_check(filename=upload.name, content=content)
            context |= {"plan": plan, "filename": upload.name,
                        "content": base64.b64encode(content).decode("ascii")}
            status = 400 if plan.problems else 200
    if form.errors:
        status = 400
    return render(request, "front/setup/import.html", context, status=status)


def _decoded(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True) if text else None
    except (binascii.Error, ValueError):
        return None
