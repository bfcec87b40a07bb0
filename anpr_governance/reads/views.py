"""Pages for read data: search and its results, authorisations, feeds and search grants.

Each view parses the form, calls one service and renders; the services check the rules
and write the access log. A refusal re-renders the form with the service's words."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.permissions import can_decide_authorisations, can_manage_feeds, can_search_reads
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.purposes import AUTHORISABLE_PURPOSES, Purpose
from anpr_governance.core.csv_export import to_csv_lines
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

from . import services
from .models import Authorisation, Feed
from .selectors import authorisations_for, feeds_for, search_grants, sites_searchable_by


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _refused(request, template: str, context: dict, error: DomainError):
    context.update(error=error.message, errors=error.field_errors)
    return render(request, template, context, status=403 if isinstance(error, NotPermitted) else 400)


def _purposes(authorisable_only=False):
    return [(value, label) for value, label in Purpose.choices
            if not authorisable_only or value in AUTHORISABLE_PURPOSES]


def _reference_hint() -> str:
    hint = settings.ANPR_REFERENCE_HINT
    return hint[:1].upper() + hint[1:]


# --- search ---------------------------------------------------------------------------------


@login_required
def search(request):
    """The search form; a POST runs the search (allowed or refused, it is logged)."""
    _require(can_search_reads(request.user), "Only investigators may search reads.")
    sites = sites_searchable_by(request.user).select_related("policing_area")
    approved = authorisations_for(request.user, status=Authorisation.Status.APPROVED).filter(
        expires_at__gt=timezone.now()
    )
    context = {"values": request.POST or request.GET, "purposes": _purposes(), "searchable": sites,
               "approved": approved, "reference_hint": _reference_hint()}
    if request.method != "POST":
        return render(request, "reads/search.html", context)
    data = request.POST
    try:
        result = services.read_search(
            actor=request.user, vrm=data.get("vrm"), date_from=data.get("from"), date_to=data.get("to"),
            purpose=data.get("purpose"), reference=data.get("reference"),
            authorisation=data.get("authorisation") or None,
        )
    except DomainError as error:
        context["needs_authorisation"] = isinstance(error, services.AuthorisationRequired)
        return _refused(request, "reads/search.html", context, error)
    context["result"] = result
    return render(request, "reads/search.html", context)


@login_required
@require_POST
def search_export(request, number: int):
    try:
        record, results = services.search_export(actor=request.user, search=number)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reads:search")

    rows = ([row["site"], row["camera"], row["vrm"], timezone.localtime(row["read_at"]).isoformat()] for row in results)
    response = StreamingHttpResponse(to_csv_lines(["site", "camera", "vrm", "read_at"], rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="search-{number}-export-{record.sequence}.csv"'
    return response


@login_required
def search_disclose(request, number: int):
    _require(can_search_reads(request.user), "Only investigators may disclose search results.")
    context = {"number": number, "values": request.POST}
    if request.method != "POST":
        return render(request, "reads/disclose.html", context)
    try:
        entry = services.search_disclose(actor=request.user, search=number, recipient=request.POST.get("recipient"),
                                         reason=request.POST.get("reason"))
    except DomainError as error:
        return _refused(request, "reads/disclose.html", context, error)
    messages.success(request, f"Disclosure of search {number} recorded in the access log (entry {entry.sequence}).")
    return redirect("reads:search")


# --- authorisations ---------------------------------------------------------------------------


@login_required
def authorisations(request):
    user = request.user
    _require(can_search_reads(user) or can_decide_authorisations(user),
             "Only investigators and authorising officers see authorisations.")
    status = request.GET.get("status") or None
    if status not in (None, *Authorisation.Status.values):
        status = None
    return render(request, "reads/authorisations.html", {
        "authorisations": authorisations_for(user, status=status)[:200],
        "status": status, "statuses": Authorisation.Status.choices,
        "can_request": can_search_reads(user), "can_decide": can_decide_authorisations(user),
    })


@login_required
def authorisation_new(request):
    _require(can_search_reads(request.user), "Only investigators request authorisations.")
    context = {"values": request.POST or request.GET, "purposes": _purposes(authorisable_only=True),
               "reference_hint": _reference_hint()}
    if request.method != "POST":
        return render(request, "reads/authorisation_new.html", context)
    data = request.POST
    try:
        authorisation = services.authorisation_request(
            actor=request.user, vrm=data.get("vrm"), date_from=data.get("from"), date_to=data.get("to"),
            purpose=data.get("purpose"), reference=data.get("reference"), reason=data.get("reason", ""),
        )
    except DomainError as error:
        return _refused(request, "reads/authorisation_new.html", context, error)
    messages.success(request, f"Authorisation {authorisation.pk} requested: an authorising officer will decide it.")
    return redirect("reads:authorisation", pk=authorisation.pk)


@login_required
def authorisation_detail(request, pk: int):
    authorisation = get_object_or_404(authorisations_for(request.user), pk=pk)
    can_decide = (
        can_decide_authorisations(request.user)
        and authorisation.status == Authorisation.Status.PENDING
        and authorisation.requested_by_id != request.user.pk
    )
    context = {"authorisation": authorisation, "can_decide": can_decide, "values": request.POST}
    if request.method != "POST":
        return render(request, "reads/authorisation_detail.html", context)
    try:
        authorisation = services.authorisation_decide(
            actor=request.user, authorisation=authorisation, decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as error:
        return _refused(request, "reads/authorisation_detail.html", context, error)
    messages.success(request, f"Authorisation {authorisation.pk} {authorisation.get_status_display().lower()}.")
    return redirect("reads:authorisation", pk=authorisation.pk)


# --- feeds and grants (system administrators) ------------------------------------------------


def _feed_sites():
    return Site.objects.exclude(status=Status.DECOMMISSIONED).order_by("reference")


@login_required
def feeds(request):
    _require(can_manage_feeds(request.user), "Only system administrators manage feeds.")
    context = {"feeds": feeds_for(request.user), "sites": _feed_sites(), "values": request.POST}
    if request.method != "POST":
        return render(request, "reads/feeds.html", context)
    site = Site.objects.filter(pk=request.POST.get("site") or 0).first()
    if site is None:
        error = DomainError("Choose the site the feed delivers reads for.",
                            field_errors={"site": ["Choose the site the feed delivers reads for."]})
        return _refused(request, "reads/feeds.html", context, error)
    try:
        feed, token = services.feed_create(actor=request.user, site=site, name=request.POST.get("name", ""))
    except DomainError as error:
        return _refused(request, "reads/feeds.html", context, error)
    # The token is shown on this page only: it is not stored and cannot be shown again.
    response = render(request, "reads/feed_created.html", {"feed": feed, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def feed_revoke(request, pk: int):
    _require(can_manage_feeds(request.user), "Only system administrators manage feeds.")
    feed = get_object_or_404(Feed, pk=pk)
    try:
        services.feed_revoke(actor=request.user, feed=feed)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Feed “{feed.name}” revoked: its token no longer works.")
    return redirect("reads:feeds")


@login_required
def grants(request):
    _require(can_manage_feeds(request.user), "Only system administrators manage search grants.")
    investigators = User.objects.filter(is_active=True, groups__name=Role.INVESTIGATOR).order_by("username")
    context = {
        "grants": search_grants(), "investigators": investigators, "areas": PolicingArea.objects.all(),
        "sites": Site.objects.order_by("reference"), "values": request.POST,
    }
    if request.method != "POST":
        return render(request, "reads/grants.html", context)
    data = request.POST
    user = investigators.filter(pk=data.get("user") or 0).first()
    area = PolicingArea.objects.filter(pk=data.get("area") or 0).first()
    site = Site.objects.filter(pk=data.get("site") or 0).first()
    service = services.search_revoke if data.get("action") == "revoke" else services.search_grant
    try:
        if user is None:
            raise DomainError("Choose the investigator.", field_errors={"user": ["Choose the investigator."]})
        service(actor=request.user, user=user, area=area, site=site)
    except DomainError as error:
        return _refused(request, "reads/grants.html", context, error)
    scope = f"the {area.name} policing area" if area else f"site {site.reference}"
    verb = "may no longer search" if service is services.search_revoke else "may now search"
    messages.success(request, f"{user.get_full_name() or user.username} {verb} {scope}.")
    return redirect("reads:grants")
