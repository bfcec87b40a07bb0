"""The public pages: consultations with "Leave a reply", and the transparency figures. No
sign-in; nothing here reads a location, a grid reference, a camera or a VRM."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from anpr_governance.consultations import selectors, services
from anpr_governance.consultations.forms import PublicReplyForm, started_token
from anpr_governance.consultations.models import Consultation
from anpr_governance.core import ratelimit
from anpr_governance.core.forms import attempt

from . import transparency as figures


@require_GET
def consultations(request):
    return render(request, "public/consultations.html", {
        "open": selectors.published_consultations(state=Consultation.State.OPEN),
        "closed": selectors.published_consultations(state=Consultation.State.CLOSED),
    })


def _published_or_404(pk: int) -> Consultation:
    consultation = selectors.published_consultation(pk)
    if consultation is None:
        raise Http404("There is no public consultation with that number.")
    return consultation


def _too_many(request) -> HttpResponse:
    limit = settings.ANPR_PUBLIC_REPLIES_PER_HOUR
    return HttpResponse(
        f"Too many replies have been sent from your network in the last hour (the limit is {limit} an hour). "
        "Please wait an hour and try again.\n",
        status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": "3600"})


@never_cache
@require_http_methods(["GET", "POST"])
def consultation(request, pk):
    consultation = _published_or_404(pk)
    accepting = consultation.accepts_replies(timezone.localdate())
    form, status = PublicReplyForm(initial={"started": started_token()}), 200
    if request.method == "POST":
        if not accepting:
            return redirect("public:consultation", pk=pk)
        if not ratelimit.allow("public-reply", ratelimit.client_address(request),
                               limit=settings.ANPR_PUBLIC_REPLIES_PER_HOUR):
            return _too_many(request)
        form = PublicReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _, error = attempt(form, lambda: services.public_reply_submit(
                consultation=consultation, name=data["name"], email=data["email"], comment=data["comment"]))
            if error is None:
                return redirect("public:replied", pk=pk)
        status = 400
        # What was typed is kept; the time trap starts again from this page.
        form.data = form.data.copy()
        form.data["started"] = started_token()
    return render(request, "public/consultation.html", {
        "consultation": consultation, "replies": selectors.approved_replies(consultation), "form": form,
        "accepting": accepting}, status=status)


@require_GET
def replied(request, pk):
    return render(request, "public/replied.html", {"consultation": _published_or_404(pk)})


@require_GET
def transparency(request):
    now = timezone.now()
    return render(request, "public/transparency.html", {"figures": figures.figures(now), "generated_at": now})


@require_GET
def transparency_json(request):
    now = timezone.now()
    return JsonResponse(figures.as_json(figures.figures(now), now), json_dumps_params={"indent": 2})
