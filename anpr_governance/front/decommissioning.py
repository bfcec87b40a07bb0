"""The decommissioning pages: flagged sites, one site's flags and their decisions, its
decommissioning checklist, and the reader's notices. They compose reviews (flags, decisions,
checklist, notices) with the site's lifecycle. Views parse, call one service and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from anpr_governance.accounts.decorators import governance_view, staff_view
from anpr_governance.accounts.permissions import can_decide, can_prepare, require_role
from anpr_governance.accounts.roles import MANAGER
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted, refusal_status
from anpr_governance.reviews import flags as flag_rules
from anpr_governance.reviews import notices as notice_services
from anpr_governance.reviews import selectors, services
from anpr_governance.reviews.forms import CHECKLIST_LABELS, ChecklistItemForm, FlagDecisionForm
from anpr_governance.reviews.models import DecommissionChecklist, FlagDecision, Notice
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.selectors import site_or_404
from anpr_governance.sites.services import site_transition

from .forms import ReasonForm


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
def flag_decide(request, reference, rule, decision):
    """Overrule a flag (a form on the site page), or confirm it: collection ceases for good,
    so confirming goes through its own page that says what will happen and asks why."""
    site = _site(request.user, reference)
    if rule not in flag_rules.RULES or decision not in FlagDecision.Decision.values:
        raise Http404("No such decision.")
    if decision == FlagDecision.Decision.CONFIRMED:
        return _cease(request, site, rule)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = FlagDecisionForm(request.POST)
    anchor = f"{decision}-{rule}"
    if not form.is_valid():
        return _site_page(request, site, status=400, errors=[(anchor, "Enter a reason of at most 4,000 characters.")],
                          forms={anchor: form})
    try:
        services.decommission_flag_overrule(actor=request.user, site=site, rule=rule,
                                            comment=form.cleaned_data["comment"])
    except DomainError as error:
        return _site_page(request, site, status=refusal_status(error), errors=[(anchor, error.message)],
                          forms={anchor: form})
    messages.success(request, f"The {flag_rules.RULE_TITLES[rule].lower()} flag on {site.reference} is overruled.")
    return redirect("decommissioning:site", reference=site.reference)


def _cease(request, site, rule):
    allowed_or_403(require_role, request.user, MANAGER, doing=f"confirm a decommissioning flag on {site.reference}")
    flag = next((f for f in flag_rules.flags_for(site) if f.rule == rule), None)
    if flag is None and request.method != "POST":
        messages.info(request, f"{site.reference} has no {flag_rules.RULE_TITLES[rule].lower()} flag to confirm.")
        return redirect("decommissioning:site", reference=site.reference)
    form = ReasonForm(posted(request), label="Why must collection cease?",
                      hint="This is kept in the site's history and shown with the decision.",
                      required="Enter why collection must cease at this site")
    error = None
    if form.is_valid():
        _, error = attempt(form, lambda: services.decommission_flag_confirm(
            actor=request.user, site=site, rule=rule, comment=form.cleaned_data["comment"]))
        if error is None:
            messages.success(request, f"Collection has ceased at {site.reference}. Complete the decommissioning "
                                      "checklist.")
            return redirect("decommissioning:site", reference=site.reference)
    review = selectors.open_review(site)
    consequences = [
        f"{site.reference} stops collecting at once: reads its cameras send are refused from then on.",
        f"The open review (due {review.due_on.day} {review.due_on:%B %Y}) is withdrawn." if review else "",
        "The decommissioning checklist opens: feed stopped, cameras removed, signs taken down, data deleted.",
    ]
    return render(request, "front/decommissioning/confirm.html", {
        "site": site, "form": form, "heading": f"Cease collection at {site.reference}",
        "intro": flag.reason if flag else "",
        "consequences": [c for c in consequences if c], "button": "Cease collection",
        "back_url": reverse("decommissioning:site", args=[site.reference]),
    }, status=page_status(error, form=form))


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
def decommission(request, reference):
    """The last move of a site's life: a page that says what it means and asks why, then the move."""
    site = _site(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER, doing=f"decommission {site.reference}")
    if site.status != Status.COLLECTION_CEASED:
        messages.info(request, f"{site.reference} is {site.get_status_display().lower()}: it cannot be "
                               "decommissioned now.")
        return redirect("decommissioning:site", reference=site.reference)
    form = ReasonForm(posted(request), label="Why is the site being decommissioned?",
                      hint="This is kept in the site's history.",
                      required="Enter why the site is being decommissioned")
    error = None
    if form.is_valid():
        _, error = attempt(form, lambda: site_transition(
            actor=request.user, site=site, to=Status.DECOMMISSIONED, comment=form.cleaned_data["comment"]))
        if error is None:
            messages.success(request, f"{site.reference} has been decommissioned.")
            return redirect("decommissioning:site", reference=site.reference)
    return render(request, "front/decommissioning/confirm.html", {
        "site": site, "form": form, "heading": f"Decommission {site.reference}",
        "consequences": [
            f"{site.reference} is closed for good: it can never collect again, take a camera or a feed.",
            "It leaves the review cycle: no review will be due.",
            "Its records, checklist and history are kept.",
        ],
        "button": f"Decommission {site.reference}",
        "back_url": reverse("decommissioning:site", args=[site.reference]),
    }, status=page_status(error, form=form))


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
