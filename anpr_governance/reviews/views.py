"""Pages of a site's reviews: schedule, start, write and submit, approve or return."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from anpr_governance.accounts.decorators import governance_view
from anpr_governance.accounts.permissions import require_role, require_site_assignment
from anpr_governance.accounts.roles import MANAGER, OFFICER
from anpr_governance.consultations import selectors as consultation_selectors
from anpr_governance.core.forms import DecisionForm, attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted
from anpr_governance.sites.history_links import record_history_url
from anpr_governance.sites.selectors import site_or_404

from . import services
from .forms import ReviewForm, ScheduleReviewForm, StartReviewForm
from .models import Review
from .review_evidence import review_evidence


def _done(request, site, message):
    messages.success(request, message)
    return redirect("sites:detail", reference=site.reference)  # its top, where the confirmation is


def _review(site, pk):
    return get_object_or_404(Review.objects.select_related("site"), pk=pk, site=site)


def _officer_site(request, reference, doing):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, OFFICER, doing=doing)
    allowed_or_403(require_site_assignment, request.user, site, doing=doing)
    return site


@governance_view
def schedule(request, reference):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER, doing="schedule a review")
    form = ScheduleReviewForm(posted(request), initial={"due_on": site.next_review_due})
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.review_schedule(
            actor=request.user, site=site, due_on=form.cleaned_data["due_on"]))
        if error is None:
            return _done(request, site, "The review was scheduled.")
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": "Schedule a review", "button": "Schedule the review",
        "intro": f"The governance officer ({site.governance_officer or 'not assigned'}) carries out the review.",
    }, status=page_status(error))


@governance_view
def start(request, reference, pk):
    site = _officer_site(request, reference, "start a review")
    review = _review(site, pk)
    form = StartReviewForm(posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        _, error = attempt(form, lambda: services.review_start(actor=request.user, review=review))
        if error is None:
            messages.success(request, f"The review was started: {site.reference} is now under review.")
            return redirect("reviews:edit", reference=site.reference, pk=review.pk)
    return render(request, "includes/form_page.html", {
        "site": site, "form": form, "heading": "Start the review", "button": "Start the review",
        "intro": f"The review is due {review.due_on.day} {review.due_on:%B %Y}. Starting it moves the site to "
                 "“under review” until a manager approves the review's outcome.",
    }, status=page_status(error))


@governance_view
def edit(request, reference, pk):
    site = _officer_site(request, reference, "write this review")
    review = _review(site, pk)
    if review.state not in (Review.State.IN_PROGRESS, Review.State.RETURNED):
        messages.info(request, f"This review is {review.get_state_display().lower()}: it cannot be edited.")
        return redirect("sites:detail", reference=site.reference)
    form = ReviewForm(posted(request), initial=ReviewForm.initial_for(review))
    error = None
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        _, error = attempt(form, lambda: services.review_save(
            actor=request.user, review=review, expected_version=form.cleaned_data["lock_version"],
            fields=form.service_fields(), submit=submit))
        if error is None:
            return _done(request, site, "The review was submitted for approval." if submit
                         else "Your changes to the review were saved.")
        if form.conflict:
            form.accept_version(error.record)
    return render(request, "reviews/review_form.html", {
        "site": site, "review": review, "form": form, "exemption": consultation_selectors.approved_exemption(site),
        "history_url": record_history_url(site, review), "draws_on": review_evidence(review),
    }, status=page_status(error))


@governance_view
def decide(request, reference, pk):
    site = site_or_404(request.user, reference)
    allowed_or_403(require_role, request.user, MANAGER, doing="approve or return a review")
    review = _review(site, pk)
    if review.state != Review.State.SUBMITTED:
        messages.info(request, f"This review is {review.get_state_display().lower()}: there is nothing to decide.")
        return redirect("sites:detail", reference=site.reference)
    form = DecisionForm(posted(request), approve_label="Approve the review and apply its outcome")
    error = None
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.approving:
            _, error = attempt(form, lambda: services.review_approve(actor=request.user, review=review,
                                                                     comment=comment))
        else:
            _, error = attempt(form, lambda: services.review_return(actor=request.user, review=review,
                                                                    comment=comment))
        if error is None:
            return _done(request, site, "The review was approved and its outcome applied." if form.approving
                         else "The review was returned to the officer.")
    return render(request, "reviews/review_decide.html", {"site": site, "review": review, "form": form,
                                                          "draws_on": review_evidence(review)},
                  status=page_status(error))
