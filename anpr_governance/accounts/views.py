"""The Roles page: system administrators propose role changes; another system administrator
or the data protection officer approves or refuses them (accounts.services)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from knox.models import AuthToken

from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted

from . import mfa as mfa_module
from . import services
from .forms import RoleChangeForm, RoleDecisionForm
from .models import RoleChange, User
from .permissions import holds_role, require_named_role
from .roles import Role


@login_required
def roles(request):
    user = request.user
    allowed_or_403(require_named_role, user, services.ROLE_APPROVERS, doing="see role changes")
    proposing = holds_role(user, Role.SYSTEM_ADMINISTRATOR)
    form = RoleChangeForm(posted(request)) if proposing else None
    error = None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        change, error = attempt(form, lambda: services.role_change_propose(
            actor=user, user=data["user"], role=data["role"], revoke=data["action"] == "revoke",
            reason=data["reason"]))
        if error is None:
            messages.success(request, f"Proposed: {change}. It takes effect when another person approves it.")
            return redirect("accounts:roles")
    people = User.objects.filter(is_active=True).prefetch_related("groups").order_by("username")
    return render(request, "accounts/roles.html", {
        "form": form, "people": people,
        "pending": RoleChange.objects.filter(status=RoleChange.Status.PENDING).select_related(
            "user", "proposed_by").order_by("proposed_at"),
    }, status=page_status(error, form=form) if form is not None else 200)


@login_required
def role_decide(request, pk: int):
    allowed_or_403(require_named_role, request.user, services.ROLE_APPROVERS, doing="decide role changes")
    change = get_object_or_404(RoleChange.objects.select_related("user", "proposed_by"), pk=pk)
    form = RoleDecisionForm(posted(request))
    error = None
    if form.is_valid():
        decided, error = attempt(form, lambda: services.role_change_decide(actor=request.user, change=change,
                                                                           **form.cleaned_data))
        if error is None:
            messages.success(request, f"Role change {decided.pk} {decided.get_status_display().lower()}.")
            return redirect("accounts:roles")
    return render(request, "accounts/role_decide.html", {"form": form, "change": change},
                  status=page_status(error, form=form))




@login_required
def api_tokens(request):
    """Your own API tokens: create one (shown once, on this answer only), see when each expires, revoke."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "create":
        instance, token = services.api_token_create(actor=user)
        response = render(request, "accounts/api_token_created.html", {"instance": instance, "token": token})
        response["Cache-Control"] = "no-store"
        return response
    if request.method == "POST" and request.POST.get("action") == "revoke":
        try:
            services.api_token_revoke(actor=user, token_key=request.POST.get("token", ""))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The token was revoked: it no longer works.")
        return redirect("accounts:api-tokens")
    return render(request, "accounts/api_tokens.html", {
        "tokens": AuthToken.objects.filter(user=user).order_by("-created"),
        "days": settings.ANPR_API_TOKEN_DAYS,
    })


@login_required
def mfa(request):
    """The second factor: enrol an authenticator app (QR code) the first time, then give its code."""
    user = request.user
    device = mfa_module.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = mfa_module.enrolment_device(user)
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip().replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            error = "Enter the 6-digit code your authenticator app shows."
        elif not device.verify_token(code):
            error = "That code is not right, or has expired: enter the code your app shows now."
        else:
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            target = request.POST.get("next", "")
            return redirect(target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "home")
    context = {"enrolling": enrolling, "error": error, "next": request.GET.get("next", request.POST.get("next", ""))}
    if enrolling:
        context |= {"qr": mfa_module.qr_code_data_uri(device), "secret": mfa_module.secret_base32(device)}
    response = render(request, "accounts/mfa.html", context, status=400 if error else 200)
    response["Cache-Control"] = "no-store"
    return response
