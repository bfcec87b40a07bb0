"""Pages for read data: search and its results, authorisations, feeds and search grants.

Each view parses the form, calls one service and renders; the services check the rules
and write the access log. A refusal is put on the form (core.forms.attempt) and the page
is shown again with what was typed, answered as core.web.page_status says: 403 when the
person may not, 400 when what was sent is refused (also when the form itself refuses it:
no site or investigator chosen)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied

from anpr_governance.accounts.permissions import (
    can_decide_authorisations,
    can_manage_feeds,
    can_search_reads,
    require_named_role,
)
from anpr_governance.accounts.roles import ADMINISTRATOR, AUTHORISING_OFFICER, INVESTIGATOR
from anpr_governance.core.csv_export import to_csv_lines
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted, refusal_status

from . import services
from .forms import (
    AuthorisationDecisionForm,
    AuthorisationRequestForm,
    DisclosureForm,
    FeedForm,
    FeedRevokeForm,
    GrantDecisionForm,
    GrantForm,
    SearchForm,
)
from .models import Authorisation, Feed, SearchGrant
from .selectors import authorisations_for, feeds_for, pending_search_grants, search_grants, sites_searchable_by


def _page(request, template: str, context: dict, error: DomainError | None = None):
    """A form page, first drawn or shown again after a refusal (already on context["form"])."""
    return render(request, template, context, status=page_status(error, form=context["form"]))


# --- search ---------------------------------------------------------------------------------


@login_required
def search(request):
    """The search form; a POST runs the search (allowed or refused, it is logged)."""
    form = SearchForm(posted(request), initial=request.GET.dict())
    if request.method == "POST" and not can_search_reads(request.user) and form.submitted():
        # Refused all the same, but by the service, which logs the attempt (the 403 is answered,
        # not raised, so the request's transaction keeps that entry).
        _, error = attempt(None, lambda: services.read_search(actor=request.user, **form.search()))
        return permission_denied(request, PermissionDenied(error.message))
    allowed_or_403(require_named_role, request.user, INVESTIGATOR, doing="search reads")
    result = error = None
    if form.submitted():
        result, error = attempt(form, lambda: services.read_search(actor=request.user, **form.search()))
    return _page(request, "reads/search.html", {
        "form": form, "result": result, "needs_authorisation": isinstance(error, services.AuthorisationRequired),
        "searchable": sites_searchable_by(request.user).select_related("policing_area"),
        "approved": authorisations_for(request.user, status=Authorisation.Status.APPROVED).filter(
            expires_at__gt=timezone.now()
        ),
    }, error)


@login_required
@require_POST
def search_export(request, number: int):
    try:
        record, results = services.search_export(actor=request.user, search=number)
    except DomainError as error:
        # A person who may not export (not an investigator, or not the one who searched) is refused
        # as on every page: 403 saying why, answered, not raised, so the request's transaction keeps
        # the service's log of the refusal; a search past its time goes back to the form.
        if refusal_status(error) == 403:
            return permission_denied(request, PermissionDenied(error.message))
        messages.error(request, error.message)
        return redirect("reads:search")

    rows = ([row["site"], row["camera"], row["vrm"], timezone.localtime(row["read_at"]).isoformat()] for row in results)
    response = StreamingHttpResponse(to_csv_lines(["site", "camera", "vrm", "read_at"], rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="search-{number}-export-{record.sequence}.csv"'
    return response


@login_required
def search_disclose(request, number: int):
    allowed_or_403(require_named_role, request.user, INVESTIGATOR, doing="disclose search results")
    form = DisclosureForm(posted(request))
    error = None
    if form.is_valid():
        entry, error = attempt(form, lambda: services.search_disclose(actor=request.user, search=number,
                                                                       **form.cleaned_data))
        if error is None:
            messages.success(request,
                             f"Disclosure of search {number} recorded in the access log (entry {entry.sequence}).")
            return redirect("reads:search")
    return _page(request, "reads/disclose.html", {"form": form, "number": number}, error)


# --- authorisations ---------------------------------------------------------------------------


@login_required
def authorisations(request):
    user = request.user
    allowed_or_403(require_named_role, user, INVESTIGATOR | AUTHORISING_OFFICER, doing="see authorisations")
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
    form = AuthorisationRequestForm(posted(request), initial=request.GET.dict())
    if request.method == "POST" and not can_search_reads(request.user) and form.submitted():
        # Refused by the service, which logs the attempt, as on the search page.
        _, error = attempt(None, lambda: services.authorisation_request(actor=request.user, **form.request()))
        return permission_denied(request, PermissionDenied(error.message))
    allowed_or_403(require_named_role, request.user, INVESTIGATOR, doing="request authorisations")
    error = None
    if form.submitted():
        authorisation, error = attempt(form, lambda: services.authorisation_request(actor=request.user,
                                                                                    **form.request()))
        if error is None:
            messages.success(request,
                             f"Authorisation {authorisation.pk} requested: an authorising officer will decide it.")
            return redirect("reads:authorisation", pk=authorisation.pk)
    return _page(request, "reads/authorisation_new.html", {"form": form}, error)


@login_required
def authorisation_detail(request, pk: int):
    authorisation = get_object_or_404(authorisations_for(request.user), pk=pk)
    can_decide = (
        can_decide_authorisations(request.user)
        and authorisation.status == Authorisation.Status.PENDING
        and authorisation.requested_by_id != request.user.pk
    )
    form = AuthorisationDecisionForm(posted(request))
    error = None
    if form.is_valid():
        decided, error = attempt(form, lambda: services.authorisation_decide(
            actor=request.user, authorisation=authorisation, **form.cleaned_data))
        if error is None:
            messages.success(request, f"Authorisation {decided.pk} {decided.get_status_display().lower()}.")
            return redirect("reads:authorisation", pk=decided.pk)
    return _page(request, "reads/authorisation_detail.html",
                 {"form": form, "authorisation": authorisation, "can_decide": can_decide}, error)


# --- feeds and grants (system administrators) ------------------------------------------------


@login_required
def feeds(request):
    allowed_or_403(require_named_role, request.user, ADMINISTRATOR, doing="manage feeds")
    form = FeedForm(posted(request))
    error = None
    if form.is_valid():
        created, error = attempt(form, lambda: services.feed_create(actor=request.user, **form.cleaned_data))
        if error is None:
            feed, token = created
            # The token is shown on this page only: it is not stored and cannot be shown again.
            response = render(request, "reads/feed_created.html", {"feed": feed, "token": token})
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, "reads/feeds.html", {"form": form, "feeds": feeds_for(request.user)}, error)


@login_required
def feed_revoke(request, pk: int):
    """Revoking cannot be undone: a page that says so and asks why, then the revocation."""
    allowed_or_403(require_named_role, request.user, ADMINISTRATOR, doing="manage feeds")
    feed = get_object_or_404(Feed.objects.select_related("site"), pk=pk)
    if not feed.is_active:
        messages.info(request, f"Feed “{feed.name}” is already revoked.")
        return redirect("reads:feeds")
    form = FeedRevokeForm(posted(request))
    error = None
    if form.is_valid():
        _, error = attempt(form, lambda: services.feed_revoke(actor=request.user, feed=feed,
                                                              reason=form.cleaned_data["reason"]))
        if error is None:
            messages.success(request, f"Feed “{feed.name}” revoked: its token no longer works.")
            return redirect("reads:feeds")
    return render(request, "reads/feed_revoke.html", {"feed": feed, "form": form},
                  status=page_status(error, form=form))


@login_required
def grants(request):
    """System administrators propose grants and withdrawals; authorising officers decide them here."""
    user = request.user
    allowed_or_403(require_named_role, user, ADMINISTRATOR | AUTHORISING_OFFICER, doing="see search grants")
    proposing = can_manage_feeds(user)
    form = GrantForm(posted(request)) if proposing else None
    error = None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        proposal, error = attempt(form, lambda: services.search_grant_propose(
            actor=user, user=data["user"], area=data["area"], site=data["site"], revoke=form.revoking,
            reason=data["reason"]))
        if error is None:
            messages.success(request, f"Proposed: {proposal}. It takes effect when an authorising officer approves it.")
            return redirect("reads:grants")
    return render(request, "reads/grants.html", {
        "form": form, "grants": search_grants(), "pending": pending_search_grants(),
        "can_decide": can_decide_authorisations(user), "grant_months": settings.ANPR_SEARCH_GRANT_MONTHS,
    }, status=page_status(error, form=form) if form is not None else 200)


@login_required
def grant_decide(request, pk: int):
    allowed_or_403(require_named_role, request.user, AUTHORISING_OFFICER, doing="decide search grants")
    grant = get_object_or_404(SearchGrant, pk=pk)
    form = GrantDecisionForm(posted(request))
    error = None
    if form.is_valid():
        decided, error = attempt(form, lambda: services.search_grant_decide(actor=request.user, grant=grant,
                                                                            **form.cleaned_data))
        if error is None:
            messages.success(request, f"Search grant {decided.pk} {decided.get_status_display().lower()}.")
            return redirect("reads:grants")
    return _page(request, "reads/grant_decide.html", {"form": form, "grant": grant}, error)
