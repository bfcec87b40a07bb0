"""ICO prior consultation (DPA 2018 s.65; issue 14, point 4): while a residual risk is high the
site cannot be approved for deployment until the ICO's written advice is received or the
statutory period (ANPR_ICO_ADVICE_WEEKS after the request, one month more on an extension
notice) has ended; the refusal says which and when. Each step is in the DPIA's history and
the hash-chained access log, and on the pages, packs and API."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.assessments import ico, selectors, services
from anpr_governance.audit.chain import verify_chain
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import Texts, advance, complete_consultation, sign_off_dpia
from anpr_governance.sites import services as site_services
from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db

HIGH = {"description": "Images reveal visitors to a place of worship.", "likelihood": "probable",
        "severity": "severe", "measures": "Masking.", "effect": "reduced", "residual_likelihood": "possible",
        "residual_severity": "severe"}
TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


@pytest.fixture
def awaiting(make_site, actors, officer):
    """make(sent_on): a site awaiting approval whose approved DPIA keeps a residual high risk,
    the request to the ICO sent on `sent_on`."""

    def make(sent_on: datetime.date):
        texts = Texts(risks=[HIGH])
        site = make_site("privacy_review")
        advance(site, Status.CONSULTATION, actors, texts)
        complete_consultation(site, actors, texts, on=TODAY())
        services.dpia_record_ico_consultation(actor=officer, dpia=selectors.current_dpia(site), reference="RFA0001",
                                              consulted_on=sent_on)
        sign_off_dpia(site, actors, texts)
        site_services.site_transition(actor=officer, site=site, to=Status.AWAITING_APPROVAL)
        site.refresh_from_db()
        return site

    return make


def approve(site, manager):
    return site_services.site_transition(actor=manager, site=site, to=Status.APPROVED)


def test_the_period_ends_six_weeks_after_the_request_and_a_month_later_on_an_extension(settings):
    sent = datetime.date(2026, 1, 31)
    assert ico.period_end(sent, None) == datetime.date(2026, 3, 14)
    assert ico.period_end(sent, datetime.date(2026, 2, 10)) == datetime.date(2026, 4, 14)
    settings.ANPR_ICO_ADVICE_WEEKS = 8
    assert ico.period_end(sent, None) == datetime.date(2026, 3, 28)
    assert ico.period_end(None, None) is None


def test_the_site_waits_for_the_advice_and_the_refusal_says_when_the_period_ends(awaiting, manager):
    site = awaiting(days_ago(1))
    ends = days_ago(1) + datetime.timedelta(weeks=6)
    with pytest.raises(DomainError) as refused:
        approve(site, manager)
    assert "the ICO's written advice has not been received" in refused.value.message
    assert f"after the statutory period ends on {ends.day} {ends:%B %Y}" in refused.value.message
    site.refresh_from_db()
    assert site.status == Status.AWAITING_APPROVAL


def test_the_written_advice_lets_the_site_be_approved(awaiting, manager, officer):
    site = awaiting(days_ago(3))
    dpia = selectors.approved_dpia(site)
    services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1),
                                    summary="Proceed with masking; review after six months.")
    assert approve(site, manager).status == Status.APPROVED


def test_the_end_of_the_statutory_period_lets_the_site_be_approved(awaiting, manager):
    site = awaiting(days_ago(43))  # six weeks ended yesterday
    assert selectors.ico_state(selectors.approved_dpia(site)).code == ico.PERIOD_ENDED
    assert approve(site, manager).status == Status.APPROVED


def test_on_the_last_day_of_the_period_the_site_still_waits(awaiting, manager):
    site = awaiting(days_ago(42))
    with pytest.raises(DomainError, match=f"ends on {TODAY().day} {TODAY():%B %Y}"):
        approve(site, manager)


def test_an_extension_notice_adds_a_month_to_the_wait(awaiting, manager, officer):
    site = awaiting(days_ago(43))
    dpia = selectors.approved_dpia(site)
    services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(20))
    ends = ico.period_end(days_ago(43), days_ago(20))
    with pytest.raises(DomainError, match=f"ends on {ends.day} {ends:%B %Y}"):
        approve(site, manager)
    with pytest.raises(DomainError, match="may extend its period once"):
        services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(10))
    with pytest.raises(DomainError, match="cannot have been sent after the ICO's extension notice"):
        services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="RFA0001", consulted_on=days_ago(5))


def test_a_residual_high_risk_without_a_recorded_request_blocks_approval(awaiting, manager):
    site = awaiting(days_ago(1))
    dpia = selectors.approved_dpia(site)
    type(dpia).objects.filter(pk=dpia.pk).update(ico_consultation_reference="", ico_consulted_on=None)  # older data
    with pytest.raises(DomainError, match="must send the ICO a request for prior consultation and record it"):
        approve(site, manager)


def test_without_a_residual_high_risk_no_consultation_is_needed(make_site, manager):
    site = make_site("awaiting_approval")
    assert selectors.ico_state(selectors.approved_dpia(site)).code == ico.NOT_NEEDED
    assert approve(site, manager).status == Status.APPROVED


def test_the_sites_page_says_what_is_missing_and_when(client, awaiting, manager):
    site = awaiting(days_ago(1))
    ends = days_ago(1) + datetime.timedelta(weeks=6)
    client.force_login(manager)
    html = client.get(f"/sites/{site.reference}/").content.decode()
    assert "the ICO&#x27;s written advice has not been received" in html
    assert f"ends on {ends.day} {ends:%B %Y}" in html
    assert "Awaiting advice" in html



def test_the_deployment_decision_shows_where_the_prior_consultation_stands(client, awaiting, manager, officer):
    site = awaiting(days_ago(1))
    ends = days_ago(1) + datetime.timedelta(weeks=6)
    client.force_login(manager)
    evidence = client.get(f"/sites/{site.reference}/decide/").content.decode()
    evidence = evidence[evidence.index('data-testid="evidence"'):evidence.index("</dl>")]
    assert "Prior consultation with the ICO" in evidence
    assert "Awaiting the ICO&#x27;s written advice" in evidence
    assert f"{ends.day} {ends:%B %Y}" in evidence

    services.dpia_record_ico_advice(actor=officer, dpia=selectors.approved_dpia(site), received_on=TODAY(),
                                    summary="Proceed with masking.")
    evidence = client.get(f"/sites/{site.reference}/decide/").content.decode()
    assert "Written advice received" in evidence

# --- the steps and their records ------------------------------------------------------------


@pytest.fixture
def advised(make_site, actors, officer):
    texts = Texts(risks=[HIGH])
    site = make_site("privacy_review")
    advance(site, Status.CONSULTATION, actors, texts)
    return selectors.current_dpia(site)


def test_each_step_is_in_the_history_and_the_hash_chained_log(advised, officer):
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA0002",
                                                 consulted_on=days_ago(10))
    dpia = services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(5))
    dpia = services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1),
                                           summary="Proceed with masking.")
    reasons = list(dpia.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-3:] == ["privacyimpactassessment.ico_consulted", "privacyimpactassessment.ico_extended",
                            "privacyimpactassessment.ico_advised"]
    entries = list(AccessLogEntry.objects.filter(subject=f"dpia:{dpia.pk}").order_by("sequence"))
    assert [e.action for e in entries] == [Action.ICO_REQUESTED, Action.ICO_EXTENDED, Action.ICO_ADVISED]
    assert all(e.reference == "RFA0002" and e.actor == officer for e in entries)
    assert entries[1].details["period_ends_on"] == ico.period_end(days_ago(10), days_ago(5)).isoformat()
    assert verify_chain().intact


def test_the_advice_needs_a_request_a_summary_and_a_date_after_the_request(advised, officer):
    with pytest.raises(DomainError, match="Record the request sent to the ICO"):
        services.dpia_record_ico_advice(actor=officer, dpia=advised, received_on=days_ago(1), summary="Go.")
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA3",
                                                 consulted_on=days_ago(5))
    with pytest.raises(DomainError, match="cannot be before the date the request was sent"):
        services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(6), summary="Go.")
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(-1), summary="Go.")
    with pytest.raises(DomainError, match="Summarise the ICO's written advice"):
        services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1), summary=" ")
    dpia = services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1), summary="Go.")
    with pytest.raises(DomainError, match="already recorded"):
        services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="RFA4", consulted_on=days_ago(2))


def test_only_the_assigned_officer_records_the_icos_correspondence(advised, manager, another_officer):
    for actor in (manager, another_officer):
        with pytest.raises(DomainError):
            services.dpia_record_ico_consultation(actor=actor, dpia=advised, reference="RFA5",
                                                  consulted_on=days_ago(1))
    advised.refresh_from_db()
    assert advised.ico_consulted_on is None


# --- the page -------------------------------------------------------------------------------


def test_the_ico_page_records_each_step_with_its_errors_beside_the_fields(client, officer, advised):
    client.force_login(officer)
    url = f"/sites/{advised.site.reference}/dpia/ico/"
    assert "Required" in client.get(url).content.decode()
    sent = days_ago(3)
    response = client.post(url, {"step": "request", "request-reference": "RFA6", "request-consulted_on_0": sent.day,
                                 "request-consulted_on_1": sent.month, "request-consulted_on_2": sent.year})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    ends = sent + datetime.timedelta(weeks=6)
    assert "Awaiting advice" in html and f"{ends.day} {ends:%B %Y}" in html
    response = client.post(url, {"step": "advice", "advice-received_on_0": "", "advice-summary": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter the date the advice was received" in html
    assert "Enter a summary of the ICO&#x27;s advice" in html
    response = client.post(url, {"step": "extension", "extension-notice_on_0": sent.day,
                                 "extension-notice_on_1": sent.month, "extension-notice_on_2": sent.year - 1})
    assert "must be on or after the date the request was sent" in response.content.decode()
    response = client.post(url, {"step": "advice", "advice-received_on_0": TODAY().day,
                                 "advice-received_on_1": TODAY().month, "advice-received_on_2": TODAY().year,
                                 "advice-summary": "Proceed with masking."})
    assert response.status_code == 302
    html = client.get(f"/sites/{advised.site.reference}/").content.decode()
    assert "Advice received" in html and "Proceed with masking." in html


def test_the_api_shows_the_prior_consultation(client, awaiting, auditor):
    site = awaiting(days_ago(1))
    client.force_login(auditor)
    body = client.get(f"/api/v1/sites/{site.reference}/dpia/").json()["ico_prior_consultation"]
    assert body["state"] == "awaiting" and body["allows_approval"] is False
    assert body["sent_on"] == days_ago(1).isoformat()
    assert body["period_ends_on"] == (days_ago(1) + datetime.timedelta(weeks=6)).isoformat()


def test_only_the_assigned_officer_records_each_step_and_the_refusal_says_which_step(advised, officer,
                                                                                     another_officer):
    site = advised.site.reference
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA6",
                                                 consulted_on=days_ago(10))
    steps = {
        "record the ICO prior consultation": lambda actor: services.dpia_record_ico_consultation(
            actor=actor, dpia=dpia, reference="RFA7", consulted_on=days_ago(9)),
        "record the ICO's extension notice": lambda actor: services.dpia_record_ico_extension(
            actor=actor, dpia=dpia, notice_on=days_ago(5)),
        "record the ICO's written advice": lambda actor: services.dpia_record_ico_advice(
            actor=actor, dpia=dpia, received_on=days_ago(1), summary="Go."),
    }
    for doing, step in steps.items():
        with pytest.raises(DomainError) as refusal:
            step(another_officer)
        assert refusal.value.message == f"Only the governance officer assigned to {site} may {doing}."
    dpia.refresh_from_db()
    assert (dpia.ico_consultation_reference, dpia.ico_extension_notice_on, dpia.ico_advice_received_on) == (
        "RFA6", None, None)


def test_the_extension_notice_is_refused_word_for_word_beside_its_date(advised, officer):
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA8",
                                                 consulted_on=days_ago(10))
    for notice_on, message, beside in (
        (days_ago(-1), "The date of the ICO's notice cannot be in the future.",
         "The date of the ICO's notice must be today or in the past"),
        (days_ago(11), "The date of the ICO's notice cannot be before the date the request was sent.",
         "The date of the ICO's notice must be on or after the date the request was sent"),
    ):
        with pytest.raises(DomainError) as refusal:
            services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=notice_on)
        assert (refusal.value.message, refusal.value.field_errors) == (message, {"notice_on": [beside]})
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(11), summary="Go.")
    assert refusal.value.field_errors == {
        "received_on": ["The date the advice was received must be on or after the date the request was sent"]}
    services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(5))
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(4))
    assert refusal.value.message == "An extension notice is already recorded: the ICO may extend its period once."
    dpia.refresh_from_db()
    assert dpia.ico_extension_notice_on == days_ago(5)


def test_the_extension_is_in_the_history_by_its_officer_and_in_the_log_with_the_notice_date(advised, officer):
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA9",
                                                 consulted_on=days_ago(10))
    dpia = services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(5))
    latest = dpia.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("privacyimpactassessment.ico_extended", officer)
    entry = AccessLogEntry.objects.get(action=Action.ICO_EXTENDED)
    assert entry.details == {"site": dpia.site.reference, "dpia_version": dpia.version,
                             "notice_on": days_ago(5).isoformat(),
                             "period_ends_on": ico.period_end(days_ago(10), days_ago(5)).isoformat()}


def test_the_request_and_the_advice_are_refused_word_for_word_and_the_advice_logged_with_its_date(advised,
                                                                                                 officer):
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference=" ", consulted_on=days_ago(10))
    assert (refusal.value.message, refusal.value.field_errors) == (
        "Enter the ICO's reference.", {"reference": ["Enter the ICO's reference"]})
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA10",
                                                 consulted_on=days_ago(10))
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1), summary=" ")
    assert (refusal.value.message, refusal.value.field_errors) == (
        "Summarise the ICO's written advice.", {"summary": ["Enter a summary of the ICO's advice"]})
    dpia = services.dpia_record_ico_advice(actor=officer, dpia=dpia, received_on=days_ago(1), summary="Go.")
    latest = dpia.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("privacyimpactassessment.ico_advised", officer)
    entry = AccessLogEntry.objects.get(action=Action.ICO_ADVISED)
    assert entry.details == {"site": dpia.site.reference, "dpia_version": dpia.version,
                             "received_on": days_ago(1).isoformat()}
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="RFA11", consulted_on=days_ago(2))
    assert refusal.value.message == (
        "The ICO's written advice is already recorded: the request cannot be changed now.")
    dpia.refresh_from_db()
    assert (dpia.ico_consultation_reference, dpia.ico_consulted_on) == ("RFA10", days_ago(10))


def test_the_date_the_request_was_sent_is_refused_word_for_word_beside_its_field(advised, officer):
    for consulted_on, message, beside in (
        (None, "Enter the date the request was sent.", "Enter the date the request was sent"),
        (days_ago(-1), "The date the request was sent cannot be in the future.",
         "The date the request was sent must be today or in the past"),
    ):
        with pytest.raises(DomainError) as refusal:
            services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA12",
                                                  consulted_on=consulted_on)
        assert (refusal.value.message, refusal.value.field_errors) == (message, {"consulted_on": [beside]})
    advised.refresh_from_db()
    assert advised.ico_consulted_on is None and not advised.ico_consultation_reference


def test_the_request_corrected_after_an_extension_is_logged_with_the_extended_period(advised, officer):
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=advised, reference="RFA13",
                                                 consulted_on=days_ago(20))
    dpia = services.dpia_record_ico_extension(actor=officer, dpia=dpia, notice_on=days_ago(5))
    with pytest.raises(DomainError) as refusal:
        services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="RFA13", consulted_on=days_ago(4))
    assert (refusal.value.message, refusal.value.field_errors) == (
        "The request cannot have been sent after the ICO's extension notice.",
        {"consulted_on": ["The date the request was sent must be on or before the date of the ICO's extension notice"]})
    # On the day of the notice is not after it: the correction is accepted.
    dpia = services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="RFA14", consulted_on=days_ago(5))
    latest = dpia.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("privacyimpactassessment.ico_consulted", officer)
    entry = AccessLogEntry.objects.filter(action=Action.ICO_REQUESTED).latest("sequence")
    assert entry.details == {"site": dpia.site.reference, "dpia_version": dpia.version,
                             "sent_on": days_ago(5).isoformat(),
                             "period_ends_on": ico.period_end(days_ago(5), days_ago(5)).isoformat()}
    assert ico.period_end(days_ago(5), days_ago(5)) != ico.period_end(days_ago(5), None)
