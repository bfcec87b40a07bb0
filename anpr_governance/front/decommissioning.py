"""The decommissioning pages: flagged sites, one site's flags and their decisions, its
decommissioning checklist, and the reader's notices. They compose reviews (flags, decisions,
checklist, notices) with the site's lifecycle. Views parse, call one service and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from anpr_governance.accounts.decorators import governance_view, staff_view
from anpr_governance.accounts.permissions import can_decide, can_prepare
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.web import refusal_status
from anpr_governance.reviews import flags as flag_rules
from anpr_governance.reviews import notices as notice_services
from anpr_governance.reviews import selectors, services
from anpr_governance.reviews.forms import CHECKLIST_LABELS, ChecklistItemForm, FlagDecisionForm
from anpr_governance.reviews.models import DecommissionChecklist, FlagDecision, Notice
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.selectors import site_or_404
from anpr_governance.sites.services import site_transition


def _site(user, reference: str):
    return site_or_404(user, reference, sites=selectors.sites_with_flags(user))


@governance_view
def flagged(request):
    rule = request.GET.get("rule") or None
    if rule is not None and rule not in flag_rules.RULES:
        rule = None
    rows = selectors.flagged_sites(request.user, rule=rule)
    caption = f"{len(rows)} flagged site{'' if len(rows) == 1 else 's'}"
    return render(request, "front/decommissioning/flagged.html", {
        "rows": rows, "rule": rule, "rules": flag_rules.RULE_TITLES, "caption": caption,
    })


def _site_page(request, site, *, status=200, errors=None, forms=None):
    """The review and decommissioning page of one site; `errors` is a list of
    (anchor, message) for the error summary, `forms` bound forms keyed by their anchor."""
    user = request.user
    checklist = selectors.decommission_checklist(site)
    items = []
    for item in DecommissionChecklist.ITEMS:
        items.append({
            "code": item, "label": CHECKLIST_LABELS[item],
            "done_on": getattr(checklist, f"{item}_on", None) if checklist else None,
            "evidence": getattr(checklist, f"{item}_evidence", "") if checklist else "",
            "form": (forms or {}).get(f"item-{item}"),
        })
    can_record = site.status == Status.COLLECTION_CEASED and (can_decide(user) or can_prepare(user, site))
    context = {
        "site": site,
        "flags": flag_rules.flags_for(site),
        "overruled": flag_rules.overruled_flags_for(site),
        "decisions": selectors.flag_decisions(site),
        "open_review": selectors.open_review(site),
        "collecting": site.status in COLLECTING,
        "ceased": site.status == Status.COLLECTION_CEASED,
        "decommissioned": site.status == Status.DECOMMISSIONED,
        "can_decide": can_decide(user) and site.status in COLLECTING,
        "can_record": can_record,
        "can_decommission": can_decide(user) and site.status == Status.COLLECTION_CEASED,
        "checklist": checklist,
        "checklist_items": items,
        "checklist_missing": checklist.missing_items() if checklist else list(CHECKLIST_LABELS.values()),
        "errors": errors or [],
        "error_items": [{"href": f"#{anchor}", "text": message} for anchor, message in errors or []],
        "forms": forms or {},
        "rule_titles": flag_rules.RULE_TITLES,
        "lead_days": settings.ANPR_REVIEW_LEAD_DAYS,
    }
    return render(request, "front/decommissioning/site.html", context, status=status)


@governance_view
def site_page(request, reference):
    return _site_page(request, _site(request.user, reference))


@governance_view
@require_POST
def flag_decide(request, reference, rule, decision):
    site = _site(request.user, reference)
    if rule not in flag_rules.RULES or decision not in FlagDecision.Decision.values:
        raise Http404("No such decision.")
    form = FlagDecisionForm(request.POST)
    anchor = f"{decision}-{rule}"
    if not form.is_valid():
        return _site_page(request, site, status=400, errors=[(anchor, "Enter a reason of at most 4,000 characters.")],
                          forms={anchor: form})
    comment = form.cleaned_data["comment"]
    service = (services.decommission_flag_confirm if decision == FlagDecision.Decision.CONFIRMED
               else services.decommission_flag_overrule)
    try:
        service(actor=request.user, site=site, rule=rule, comment=comment)
    except DomainError as error:
        return _site_page(request, site, status=refusal_status(error), errors=[(anchor, error.message)],
                          forms={anchor: form})
    title = flag_rules.RULE_TITLES[rule].lower()
    if decision == FlagDecision.Decision.CONFIRMED:
        messages.success(request, f"Flag confirmed: collection has ceased at {site.reference}. Complete the "
                                  "decommissioning checklist.")
    else:
        messages.success(request, f"The {title} flag on {site.reference} is overruled.")
    return redirect("decommissioning:site", reference=site.reference)


@governance_view
@require_POST
def checklist_record(request, reference, item):
    site = _site(request.user, reference)
    if item not in DecommissionChecklist.ITEMS:
        raise Http404("No such checklist item.")
    anchor = f"item-{item}"
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        errors = [(f"{anchor}-{name}", message) for name, msgs in form.errors.items() for message in msgs]
        return _site_page(request, site, status=400, errors=errors, forms={anchor: form})
    try:
        services.decommission_checklist_record(
            actor=request.user, site=site, item=item, done_on=form.cleaned_data["done_on"],
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as error:
        return _site_page(request, site, status=refusal_status(error), errors=[(anchor, error.message)],
                          forms={anchor: form})
    messages.success(request, f"{CHECKLIST_LABELS[item]}: recorded for {site.reference}.")
    return redirect("decommissioning:site", reference=site.reference)


@governance_view
@require_POST
def decommission(request, reference):
    site = _site(request.user, reference)
    try:
        site_transition(actor=request.user, site=site, to=Status.DECOMMISSIONED)
    except DomainError as error:
        return _site_page(request, site, status=refusal_status(error), errors=[("decommission", error.message)])
    messages.success(request, f"{site.reference} is decommissioned.")
    return redirect("decommissioning:site", reference=site.reference)


@staff_view
def notice_list(request):
    notices = selectors.notices_for_user(request.user, unread_only=False, limit=200)
    return render(request, "front/decommissioning/notices.html", {"notices": notices})


@login_required
@require_POST
def notice_read(request, pk):
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    notice_services.notice_mark_read(actor=request.user, notice=notice)
    return _back(request)


@login_required
@require_POST
def notices_read_all(request):
    count = notice_services.notices_mark_all_read(actor=request.user)
    messages.success(request, f"{count} notice{'' if count == 1 else 's'} marked as read.")
    return _back(request)


def _back(request):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("decommissioning:notices")
