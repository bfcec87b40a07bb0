"""The transparency figures on arranged data: each counts what its owning app says, over its
period; and the page is the list FIGURES, so a new figure is one function and one line."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.audit.models import Action, Outcome
from anpr_governance.audit.sampling import sample_draw
from anpr_governance.audit.services import access_log_append
from anpr_governance.public import transparency
from anpr_governance.reports.models import Pack
from anpr_governance.reviews.models import Review

pytestmark = pytest.mark.django_db


def figures(client) -> dict:
    return {key: f["value"] for key, f in client.get("/transparency.json").json()["figures"].items()}


def test_reviews_count_against_when_late_or_still_open(client, make_site):
    today = timezone.localdate()
    sites = [make_site("approved") for _ in range(4)]
    due = today - datetime.timedelta(days=40)
    Review.objects.create(site=sites[0], due_on=due, state=Review.State.APPROVED, completed_on=due)
    Review.objects.create(site=sites[1], due_on=due, state=Review.State.APPROVED,
                          completed_on=due + datetime.timedelta(days=1))
    Review.objects.create(site=sites[2], due_on=due, state=Review.State.IN_PROGRESS)
    Review.objects.create(site=sites[3], due_on=today - datetime.timedelta(days=400), state=Review.State.APPROVED,
                          completed_on=today - datetime.timedelta(days=400))  # before the 12 months
    assert figures(client)["reviews_completed_on_time"] == "33%"


def test_searches_and_authorisations_are_counted_over_their_periods(client, investigator, authoriser):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        access_log_append(actor=investigator, action=Action.SEARCH, vrm="AB12CDE", purpose="major_crime",
                          reference="CRI/12345/25", result_count=1)
    for purpose in ("major_crime", "safeguarding", "safeguarding"):
        access_log_append(actor=investigator, action=Action.SEARCH, vrm="AB12CDE", purpose=purpose,
                          reference="CRI/12345/25", result_count=1)
    access_log_append(actor=investigator, action=Action.SEARCH, outcome=Outcome.REFUSED, vrm="XY99ZZZ",
                      reference="N/A")
    access_log_append(actor=authoriser, action=Action.AUTHORISATION_APPROVED, vrm="AB12CDE", subject="a:1")
    access_log_append(actor=authoriser, action=Action.AUTHORISATION_REFUSED, vrm="AB12CDE", subject="a:2")
    got = figures(client)
    assert got["searches_last_30_days_by_purpose"] == {
        "National security and counter-terrorism": 0, "Serious and organised crime": 0, "Major crime": 1,
        "Priority and volume crime": 0, "Safeguarding": 2}
    assert got["authorisations_last_12_months"] == {"Granted": 1, "Refused": 1}
    page = client.get("/transparency/").content.decode()
    assert "3 in all; 1 attempt was refused" in page and "AB12CDE" not in page and "XY99ZZZ" not in page


def test_the_last_self_assessment_is_the_latest_force_wide_pack(client, auditor):
    assert figures(client)["last_self_assessment"] is None
    for as_at, scope, state in [(datetime.date(2026, 3, 31), "force", "ready"), (datetime.date(2026, 6, 30), "site",
                                "ready"), (datetime.date(2026, 5, 31), "force", "failed")]:
        Pack.objects.create(scope=scope, scope_key=scope, version=as_at.month, as_at=as_at, state=state,
                            requested_by=auditor)
    assert figures(client)["last_self_assessment"] == "2026-03-31"
    assert "31 March 2026" in client.get("/transparency/").content.decode()


def test_the_contact_point_is_the_setting(client, settings):
    settings.ANPR_PUBLIC_CONTACT = "Write to the Information Manager, PO Box 1, Stafford."
    assert figures(client)["contact"] == settings.ANPR_PUBLIC_CONTACT


def test_one_more_figure_is_one_more_function_in_the_list(client, monkeypatch):
    def searches_sampled(p):
        return transparency.Figure("searches_sampled", "Searches checked by dip sampling", 7)

    monkeypatch.setattr(transparency, "FIGURES", [*transparency.FIGURES, searches_sampled])
    assert figures(client)["searches_sampled"] == 7
    assert 'data-figure="searches_sampled"' in client.get("/transparency/").content.decode()


def test_searches_checked_by_auditors_are_counted_by_finding_without_a_vrm(client, investigator, auditor):
    for n in range(3):
        access_log_append(actor=investigator, action=Action.SEARCH, vrm=f"AB{n:02d}CDE", purpose="major_crime",
                          reference=f"CRI/{10000 + n}/25", result_count=1)
    today = timezone.localdate()
    sample = sample_draw(actor=auditor, period_from=today, period_to=today, size="3")
    auditor_client = type(client)()
    auditor_client.force_login(auditor)
    first, second, _ = sample.searches.order_by("pk")
    for sampled, finding in ((first, "justified"), (second, "not_justified")):
        auditor_client.post(f"/audit/sampling/{sample.pk}/searches/{sampled.pk}/",
                            {"finding": finding, "notes": "Checked against the crime record.", "lock_version": 0})
    assert figures(client)["searches_audited_last_12_months"] == {
        "Justified": 1, "Not justified": 1, "Needs follow-up": 0, "Not yet checked": 1}
    page = client.get("/transparency/").content.decode()
    assert "3 searches of the last 12 months drawn at random" in page and "AB00CDE" not in page
