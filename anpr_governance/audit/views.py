"""The access log page, for auditors and the data protection officer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anpr_governance.accounts.permissions import holds_role, require_named_role
from anpr_governance.accounts.roles import ACCESS_LOG_READERS, AUDITORS
from anpr_governance.core.web import allowed_or_403

from .api import csv_response
from .forms import AccessLogPageFilterForm
from .selectors import access_log_for, access_log_head, chain_checks
from .services import access_log_export, chain_check_run
from .subjects import describe_subjects

PAGE_SIZE = 50


@login_required
def access_log(request):
    allowed_or_403(require_named_role, request.user, ACCESS_LOG_READERS, doing="read the access log")
    form = AccessLogPageFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    entries = access_log_for(request.user, **filters).prefetch_related("site_links__site")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    describe_subjects(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/access_log.html", {
        "form": form, "page": page, "query": query.urlencode(), "head": access_log_head(),
        "filter_values": [(name, value) for name, value in query.items() if value],  # carried to the export
        "may_sample": holds_role(request.user, *AUDITORS),
    })


@login_required
@require_POST
def access_log_export_csv(request):
    allowed_or_403(require_named_role, request.user, ACCESS_LOG_READERS, doing="read the access log")
    form = AccessLogPageFilterForm(request.POST)
    filters = form.filters() if form.is_valid() else {}
    record, entries = access_log_export(actor=request.user, filters=filters)
    return csv_response(record, entries)


@login_required
def verify(request):
    """The latest verifications of the chain (daily, or run here), and a button to run one now."""
    allowed_or_403(require_named_role, request.user, ACCESS_LOG_READERS, doing="read the access log")
    if request.method == "POST":
        allowed_or_403(require_named_role, request.user, AUDITORS, doing="verify the access log")
        check = chain_check_run(actor=request.user)
        if check.intact:
            messages.success(request, f"The access log is intact: {check.entries} entries.")
        else:
            messages.error(request, f"The access log is NOT intact. {check.problem}")
        return redirect("audit:verify")
    return render(request, "audit/verify.html", {
        "checks": chain_checks(), "head": access_log_head(), "may_run": holds_role(request.user, *AUDITORS),
    })
