"""Dip-sampling pages, for auditors: draw a sample of searches, see its summary, record a
finding on each sampled search. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import AUDITORS
from anpr_governance.core.forms import attempt
from anpr_governance.core.web import allowed_or_403, page_status, posted

from .forms import FindingForm, SampleForm
from .models import Finding, Sample, SampledSearch
from .sampling import finding_record, sample_draw
from .selectors import sampled_searches, samples_for

DOING = "dip-sample searches"


@login_required
def sampling(request):
    allowed_or_403(require_named_role, request.user, AUDITORS, doing=DOING)
    form = SampleForm(posted(request))
    error = None
    if form.is_valid():
        sample, error = attempt(form, lambda: sample_draw(actor=request.user, **form.cleaned_data))
        if error is None:
            messages.success(request, f"{sample.searches.count()} searches drawn from {sample.population}, "
                                      f"with seed {sample.seed}.")
            return redirect("audit:sample", pk=sample.pk)
    return render(request, "audit/sampling.html", {"form": form, "samples": samples_for(request.user)[:50]},
                  status=page_status(error, form=form))


def _sample(user, pk) -> Sample:
    allowed_or_403(require_named_role, user, AUDITORS, doing=DOING)
    sample = samples_for(user).filter(pk=pk).first()
    if sample is None:
        raise Http404("No such sample.")
    return sample


@login_required
def sample_detail(request, pk: int):
    """The sample's summary: its draw, the findings so far by kind, and each sampled search."""
    sample = _sample(request.user, pk)
    searches = sampled_searches(sample)
    counts = [(label, sum(1 for s in searches if s.finding == value)) for value, label in Finding.choices]
    counts.append(("Not yet checked", sum(1 for s in searches if not s.finding)))
    return render(request, "audit/sample.html", {"sample": sample, "searches": searches, "counts": counts})


@login_required
def finding(request, pk: int, search_pk: int):
    sample = _sample(request.user, pk)
    sampled = SampledSearch.objects.filter(sample=sample, pk=search_pk).select_related("entry").first()
    if sampled is None:
        raise Http404("No such search in this sample.")
    form = FindingForm(posted(request), initial={"finding": sampled.finding, "notes": sampled.notes,
                                                 "lock_version": sampled.lock_version})
    error = None
    if form.is_valid():
        data = form.cleaned_data
        _, error = attempt(form, lambda: finding_record(actor=request.user, sampled=sampled, finding=data["finding"],
                                                        notes=data["notes"], lock_version=data["lock_version"]))
        if error is None:
            messages.success(request, f"Finding on search {sampled.entry.sequence} recorded.")
            return redirect("audit:sample", pk=sample.pk)
        if form.conflict:
            form.accept_version(error.record)
    return render(request, "audit/finding.html", {"sample": sample, "sampled": sampled, "form": form},
                  status=page_status(error, form=form))
