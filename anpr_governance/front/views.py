"""Staff pages that compose several apps: the dashboard, the register of sites, one site's page,
its history and its lifecycle moves. Each parses, reads or calls one service, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from anpr_governance.accounts.decorators import governance_view, staff_view
from anpr_governance.accounts.permissions import (
    can_decide,
    can_view_location,
    can_view_sites,
)
from anpr_governance.core.csv_export import to_csv
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.core.forms import DecisionForm, attempt
from anpr_governance.core.web import page_status, posted, refusal_status
from anpr_governance.reviews.selectors import notices_for_user, site_flags, sites_with_flags
from anpr_governance.sites import services
from anpr_governance.sites.lifecycle import Status, check_move, transition_for
from anpr_governance.sites.selectors import site_or_404

from .dashboard import bar_chart, dashboard_for
from .dossier import MOVES, site_dossier
from .forms import MoveForm, RegisterFilterForm
from .history import approvals_timeline, latest_entries, site_history
from .register import register_csv, register_sites
from .work_queue import queues_for

PAGE_SIZE = 50
# The records of the site page, each folded under its title (key, title, template).
SECTIONS = [
    ("assessment", "In-depth assessment", "front/detail/_assessment.html"),
    ("dpia", "Privacy impact assessment (DPIA)", "front/detail/_dpia.html"),
    ("consultation", "Consultation", "front/detail/_consultation.html"),
    ("reviews", "Reviews", "front/detail/_reviews.html"),
    ("approvals", "Approvals timeline", "front/detail/_approvals.html"),
    ("history", "History", "front/detail/_recent.html"),
]


@require_GET
@login_required
def dashboard(request):
    """The home page of signed-in staff: where the sites stand and what waits for them."""
    if not can_view_sites(request.user):
        return render(request, "front/no_role.html")
    board = dashboard_for(request.user)
    return render(request, "front/dashboard.html", {
        "board": board,
        "chart": bar_chart(board.months),
        "queues": queues_for(request.user, whole=request.GET.get("whole", "")),
        "notices": notices_for_user(request.user),
    })


@require_GET
@staff_view
def register(request):
    form = RegisterFilterForm(request.GET)  # bound even when empty: no filter is valid too
    filters = form.filters()
    paginator = Paginator(register_sites(request.user, filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [(site, site_flags(site)) for site in page.object_list]
    return render(request, "front/register.html", {
        "form": form,
        "page_obj": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": rows,
        "show_location": can_view_location(request.user),
        "filtered": bool(request.GET.dict().keys() - {"page", "sort", "order"}),
        "export_query": request.GET.copy().urlencode(),
        "can_set_up": can_decide(request.user),
    })


@require_GET
@staff_view
def export_csv(request):
    filters = RegisterFilterForm(request.GET).filters()
    header, rows = register_csv(request.user, register_sites(request.user, filters))
    response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sites-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@require_GET
@staff_view
def detail(request, reference):
    site = site_or_404(request.user, reference, sites=sites_with_flags(request.user))
    dossier = site_dossier(site, user=request.user)
    context = {"site": site, "dossier": dossier, "flags": site_flags(site),
               "show_location": can_view_location(request.user), "sections": SECTIONS}
    if dossier.governance:
        records = site_history(site, viewer=request.user)
        context |= {"recent": latest_entries(records), "timeline": approvals_timeline(records)}
    return render(request, "front/detail.html", context)


@require_GET
@governance_view
def history(request, reference):
    site = site_or_404(request.user, reference)
    records = site_history(site, viewer=request.user)
    only = request.GET.get("record", "")
    if only:
        records = [r for r in records if r.key == only]
        if not records:
            raise Http404(f"{site.reference} has no record {only}.")
    return render(request, "front/history.html", {"site": site, "records": records, "only": only})


# What a move did, in plain words (shown at the top of the site page afterwards).
MOVED = {
    Status.ASSESSMENT: "The in-depth assessment of {ref} has started.",
    Status.PRIVACY_REVIEW: "{ref} has moved on to the privacy review: write the privacy impact assessment.",
    Status.CONSULTATION: "{ref} has moved on to consultation.",
    Status.AWAITING_APPROVAL: "The deployment of {ref} was submitted for approval.",
    Status.LIVE: "{ref} is live: it collects reads from now on.",
}


@staff_view
def move(request, reference, target):
    """Confirm a move along the lifecycle (with a comment where one is needed), then make it."""
    site = site_or_404(request.user, reference)
    if target not in Status.values or (site.status, target) not in {(s.value, t.value) for s, t in MOVES}:
        rule = None
    else:
        rule = transition_for(site.status, target)
    if rule is None:
        label = Status(target).label.lower() if target in Status.values else target
        messages.error(request, f"{site.reference} is {Status(site.status).label.lower()}: it cannot be moved "
                                f"to {label} from here.")
        return redirect("sites:detail", reference=site.reference)
    label = MOVES[(Status(site.status), Status(target))]
    try:
        check_move(request.user, site, rule)  # the service's own check: the page offers what it allows
    except NotPermitted as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError:
        pass  # prerequisites missing: the page says what, and offers no button
    form = MoveForm(posted(request), needs_comment=rule.needs_comment)
    status = 200
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.site_transition(
            actor=request.user, site=site, to=target, comment=form.cleaned_data["comment"]))
        if error is None:
            messages.success(request, MOVED.get(target, "{ref} has moved on.").format(ref=site.reference))
            return redirect("sites:detail", reference=site.reference)
        status = refusal_status(error)
    missing = rule.check_prerequisites(site)
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": label, "button": label, "target": Status(target), "missing": missing,
        "summary_template": "front/_move_summary.html", "blocked": bool(missing),
    }, status=status)


@staff_view
def deployment_decide(request, reference):
    """Approve a deployment, or return it to consultation with what must change, seeing the
    evidence first. The two moves of the lifecycle table; the same check as the service."""
    site = site_or_404(request.user, reference, sites=sites_with_flags(request.user))
    if site.status != Status.AWAITING_APPROVAL:
        messages.info(request, f"{site.reference} is not awaiting approval.")
        return redirect("sites:detail", reference=site.reference)
    try:
        check_move(request.user, site, transition_for(site.status, Status.CONSULTATION))
    except NotPermitted as refused:
        raise PermissionDenied(refused.message) from refused
    form = DecisionForm(posted(request), return_label="Return it to consultation with what must change")
    error = None
    if form.is_valid():
        target = Status.APPROVED if form.approving else Status.CONSULTATION
        _, error = attempt(form, lambda: services.site_transition(
            actor=request.user, site=site, to=target, comment=form.cleaned_data["comment"]))
        if error is None:
            messages.success(request, f"The deployment of {site.reference} was "
                                      f"{'approved' if form.approving else 'returned to consultation'}.")
            return redirect("sites:detail", reference=site.reference)
    dossier = site_dossier(site, user=request.user)
    return render(request, "front/deployment_decide.html", {
        "site": site, "dossier": dossier, "form": form,
        "missing": transition_for(site.status, Status.APPROVED).check_prerequisites(site),
    }, status=page_status(error, form=form))
