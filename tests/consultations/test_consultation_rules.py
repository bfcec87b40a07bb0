"""A consultation from its opening to its close, and an exemption's request and end: who may do
each step and why not, each refusal word for word and beside its field, and what each step
records (the people, the dates, the history row with its user and reason) (mutation testing of
consultations.services but exemption_decide, which is in test_consultation_cycle.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from guard_helpers import last_history, refusal

from anpr_governance.consultations import services
from anpr_governance.consultations.models import Consultation, ConsultationExemption, PublicReply
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.demo.walkthrough import Texts, advance

pytestmark = pytest.mark.django_db

REASON = "Consulting would alert the group under investigation to the camera."
SUMMARY = "We propose cameras to tackle vehicle crime on the main routes into the town."


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def site(make_site):
    return make_site("consultation")


@pytest.fixture
def consultation(site, officer, today):
    return services.consultation_open(actor=officer, site=site, method="public_meeting",
                                      summary="ANPR coverage in the district.", opened_on=today)


def opening(site, officer, today, **extra):
    return dict(actor=officer, site=site, method="online_survey", summary="Proposal.", opened_on=today, **extra)


# --- opening --------------------------------------------------------------------------------------


def test_an_opened_consultation_records_its_method_summary_day_and_officer(site, officer, today):
    opened = services.consultation_open(actor=officer, site=site, method="public_meeting",
                                        summary="ANPR coverage in the district.", opened_on=today)
    opened.refresh_from_db()
    assert (opened.site, opened.method, opened.summary, opened.opened_on, opened.opened_by, opened.state) == (
        site, "public_meeting", "ANPR coverage in the district.", today, officer, Consultation.State.OPEN)
    assert (opened.public_summary, opened.public_purpose, opened.respond_by) == ("", "", None)
    assert last_history(opened) == ("consultation.opened", officer)


def test_a_published_consultation_keeps_its_summary_stripped_its_purpose_and_its_date_for_replies(
        site, officer, today):
    by = today + datetime.timedelta(days=28)
    opened = services.consultation_open(**opening(site, officer, today, public_summary=f"  {SUMMARY}  ",
                                                  public_purpose="local_crime", respond_by=by))
    opened.refresh_from_db()
    assert (opened.public_summary, opened.public_purpose, opened.respond_by) == (SUMMARY, "local_crime", by)


def test_a_purpose_and_date_given_without_a_public_summary_are_not_kept(site, officer, today):
    opened = services.consultation_open(**opening(site, officer, today, public_summary="   ",
                                                  public_purpose="local_crime",
                                                  respond_by=today + datetime.timedelta(days=28)))
    opened.refresh_from_db()
    assert (opened.public_summary, opened.public_purpose, opened.respond_by) == ("", "", None)


def test_a_public_summary_without_a_purpose_or_a_date_is_refused_beside_each_field(site, officer, today):
    refused = refusal(services.consultation_open, **opening(site, officer, today, public_summary=SUMMARY))
    assert refused.message == ("The consultation cannot be published yet: Choose the purpose residents are told "
                               "the cameras serve. Enter the date by which the public may reply.")
    assert refused.field_errors == {
        "public_purpose": ["Choose the purpose residents are told the cameras serve"],
        "respond_by": ["Enter the date by which the public may reply"],
    }
    assert not site.consultations.exists()


def test_the_date_for_replies_may_be_the_opening_day_but_not_before_it(site, officer, today):
    refused = refusal(services.consultation_open, **opening(
        site, officer, today, public_summary=SUMMARY, public_purpose="local_crime",
        respond_by=today - datetime.timedelta(days=1)))
    assert refused.field_errors == {"respond_by": ["The date for replies must be on or after the opening date"]}
    opened = services.consultation_open(**opening(site, officer, today, public_summary=SUMMARY,
                                                  public_purpose="local_crime", respond_by=today))
    assert opened.respond_by == today


def test_a_consultation_opened_today_is_accepted_and_tomorrow_is_refused(site, officer, today):
    refused = refusal(services.consultation_open, **opening(site, officer, today + datetime.timedelta(days=1)))
    assert refused.message == "The opening date cannot be in the future."
    assert services.consultation_open(**opening(site, officer, today)).opened_on == today


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may open a consultation."),
    ("another_officer", "Only the governance officer assigned to {site} may open a consultation."),
])
def test_only_the_assigned_officer_opens_a_consultation(request, site, today, who, message):
    refused = refusal(services.consultation_open, **opening(site, request.getfixturevalue(who), today))
    assert isinstance(refused, NotPermitted)
    assert refused.message == message.format(site=site.reference)


def test_a_site_before_its_assessment_is_approved_is_not_consulted_on_and_the_refusal_names_its_status(
        make_site, officer, today):
    site = make_site("assessment")
    refused = refusal(services.consultation_open, **opening(site, officer, today))
    assert refused.message == (f"{site.reference} is in-depth assessment: consultation opens once its in-depth "
                               "assessment is approved.")


def test_a_live_site_is_consulted_again(make_site, officer, today):
    site = make_site("live")
    assert services.consultation_open(**opening(site, officer, today)).site == site


def test_a_site_with_a_consultation_open_is_not_given_another(consultation, officer, today):
    refused = refusal(services.consultation_open, **opening(consultation.site, officer, today))
    assert refused.message == f"{consultation.site.reference} already has an open consultation: close it first."


# --- consultees and responses ---------------------------------------------------------------------


def test_a_consultee_is_recorded_with_its_kind_and_day_by_the_officer(consultation, officer, today):
    consultee = services.consultee_add(actor=officer, consultation=consultation, name="Parish council",
                                       kind="parish_council", consulted_on=today)
    consultee.refresh_from_db()
    assert (consultee.consultation, consultee.name, consultee.kind, consultee.consulted_on) == (
        consultation, "Parish council", "parish_council", today)
    assert last_history(consultee) == ("consultation.consultee_added", officer)


def test_a_consultee_is_not_consulted_before_the_consultation_opened_nor_in_the_future(
        site, officer, today):
    consultation = services.consultation_open(**opening(site, officer, today - datetime.timedelta(days=3)))
    refused = refusal(services.consultee_add, actor=officer, consultation=consultation, name="Resident",
                      kind="resident", consulted_on=today - datetime.timedelta(days=4))
    assert refused.message == "The date consulted is before the consultation opened."
    refused = refusal(services.consultee_add, actor=officer, consultation=consultation, name="Resident",
                      kind="resident", consulted_on=today + datetime.timedelta(days=1))
    assert refused.message == "The date consulted cannot be in the future."
    assert services.consultee_add(actor=officer, consultation=consultation, name="Resident", kind="resident",
                                  consulted_on=today - datetime.timedelta(days=3)).name == "Resident"


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may add a consultee."),
    ("another_officer", "Only the governance officer assigned to {site} may add a consultee."),
])
def test_only_the_assigned_officer_adds_a_consultee(request, consultation, today, who, message):
    refused = refusal(services.consultee_add, actor=request.getfixturevalue(who), consultation=consultation,
                      name="Resident", kind="resident", consulted_on=today)
    assert refused.message == message.format(site=consultation.site.reference)


def test_a_response_is_recorded_with_its_consultee_and_day_by_the_officer(consultation, officer, today):
    consultee = services.consultee_add(actor=officer, consultation=consultation, name="Parish council",
                                       kind="parish_council", consulted_on=today)
    row = services.response_record(actor=officer, consultation=consultation, consultee=consultee,
                                   respondent="Parish council", response="Supportive.", received_on=today)
    row.refresh_from_db()
    assert (row.consultation, row.consultee, row.respondent, row.response, row.received_on) == (
        consultation, consultee, "Parish council", "Supportive.", today)
    assert last_history(row) == ("consultation.response_recorded", officer)


def test_a_response_received_tomorrow_is_refused(consultation, officer, today):
    refused = refusal(services.response_record, actor=officer, consultation=consultation, respondent="Resident",
                      response="No.", received_on=today + datetime.timedelta(days=1))
    assert refused.message == "The date received cannot be in the future."


def test_a_response_from_another_consultations_consultee_is_refused(consultation, make_site, officer, today):
    other = services.consultation_open(**opening(make_site("consultation"), officer, today))
    stranger = services.consultee_add(actor=officer, consultation=other, name="Parish council",
                                      kind="parish_council", consulted_on=today)
    refused = refusal(services.response_record, actor=officer, consultation=consultation, consultee=stranger,
                      respondent="Parish council", response="Supportive.", received_on=today)
    assert refused.message == "That consultee belongs to another consultation."
    assert not consultation.responses.exists()


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may record a consultation response."),
    ("another_officer", "Only the governance officer assigned to {site} may record a consultation response."),
])
def test_only_the_assigned_officer_records_a_response(request, consultation, today, who, message):
    refused = refusal(services.response_record, actor=request.getfixturevalue(who), consultation=consultation,
                      respondent="Resident", response="No.", received_on=today)
    assert refused.message == message.format(site=consultation.site.reference)


# --- closing --------------------------------------------------------------------------------------


@pytest.fixture
def consulted(consultation, officer, today):
    services.consultee_add(actor=officer, consultation=consultation, name="Parish council", kind="parish_council",
                           consulted_on=today)
    return consultation


def test_a_closed_consultation_records_its_outcome_stripped_its_day_and_officer(consulted, officer, today):
    yesterday = today - datetime.timedelta(days=1)
    Consultation.objects.filter(pk=consulted.pk).update(opened_on=yesterday)
    services.consultation_close(actor=officer, consultation=consulted, outcome="  You said X; we did Y.  ",
                                closed_on=yesterday)
    consulted.refresh_from_db()
    assert (consulted.state, consulted.outcome, consulted.closed_on, consulted.closed_by) == (
        Consultation.State.CLOSED, "You said X; we did Y.", yesterday, officer)
    assert last_history(consulted) == ("consultation.closed", officer)


def test_a_consultation_closed_without_a_day_closes_today(consulted, officer, today):
    services.consultation_close(actor=officer, consultation=consulted, outcome="You said X; we did Y.")
    consulted.refresh_from_db()
    assert consulted.closed_on == today


def test_an_empty_close_is_refused_with_each_problem_beside_its_field(consultation, officer, today):
    refused = refusal(services.consultation_close, actor=officer, consultation=consultation, outcome="  ",
                      closed_on=today - datetime.timedelta(days=1))
    expected = {
        "consultees": "Record who was consulted before closing the consultation.",
        "outcome": "Write the “you said, we did” outcome.",
        "closed_on": "The closing date is before the opening date.",
    }
    assert refused.field_errors == {name: [message] for name, message in expected.items()}
    assert refused.message == "The consultation cannot be closed yet: " + " ".join(expected.values())
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN


def test_a_close_dated_tomorrow_is_refused(consulted, officer, today):
    refused = refusal(services.consultation_close, actor=officer, consultation=consulted, outcome="Done.",
                      closed_on=today + datetime.timedelta(days=1))
    assert refused.message == "The closing date cannot be in the future."


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may close the consultation."),
    ("another_officer", "Only the governance officer assigned to {site} may close the consultation."),
])
def test_only_the_assigned_officer_closes_a_consultation(request, consulted, who, message):
    refused = refusal(services.consultation_close, actor=request.getfixturevalue(who), consultation=consulted,
                      outcome="Done.")
    assert refused.message == message.format(site=consulted.site.reference)


def test_a_closed_consultation_takes_no_more_responses_and_cannot_be_closed_again(consulted, officer, today):
    services.consultation_close(actor=officer, consultation=consulted, outcome="Done.")
    for call, kwargs in ((services.response_record, dict(respondent="Late", response="No.", received_on=today)),
                         (services.consultation_close, dict(outcome="Again."))):
        refused = refusal(call, actor=officer, consultation=consulted, **kwargs)
        assert refused.message == "This consultation is closed: open a new one to record more."


# --- exemptions: the request and the end ------------------------------------------------------------


def test_an_exemption_request_records_its_ground_and_reason_stripped_by_the_officer(site, officer):
    exemption = services.exemption_request(actor=officer, site=site, ground="alert_offenders",
                                           reason=f"  {REASON}  ")
    exemption.refresh_from_db()
    assert (exemption.site, exemption.ground, exemption.reason, exemption.requested_by, exemption.state) == (
        site, "alert_offenders", REASON, officer, ConsultationExemption.State.PENDING)
    assert last_history(exemption) == ("consultation.exemption_requested", officer)


def test_an_exemption_without_a_ground_from_the_list_is_refused_beside_its_field(site, officer):
    refused = refusal(services.exemption_request, actor=officer, site=site, ground="inconvenient", reason=REASON)
    assert refused.message == "Choose the ground for the exemption from the list."
    assert refused.field_errors == {"ground": ["Choose the ground for the exemption."]}


def test_an_exemption_reason_of_forty_characters_is_enough_and_thirty_nine_are_not(site, officer):
    refused = refusal(services.exemption_request, actor=officer, site=site, ground="alert_offenders",
                      reason="  " + "x" * 39 + "  ")
    assert refused.message == ("Explain, in at least a sentence or two, why consulting would defeat the policing "
                               "purpose.")
    assert refused.field_errors == {"reason": ["Explain why consulting would defeat the policing purpose."]}
    assert services.exemption_request(actor=officer, site=site, ground="alert_offenders",
                                      reason="x" * 40).reason == "x" * 40


def test_a_second_exemption_waits_for_the_first_to_be_decided(site, officer, manager):
    first = services.exemption_request(actor=officer, site=site, ground="alert_offenders", reason=REASON)
    refused = refusal(services.exemption_request, actor=officer, site=site, ground="alert_offenders",
                      reason=REASON)
    assert refused.message == f"{site.reference} already has an exemption awaiting a decision."
    services.exemption_decide(actor=manager, exemption=first, approve=False, comment="Consult.")
    assert services.exemption_request(actor=officer, site=site, ground="alert_offenders",
                                      reason=REASON).state == ConsultationExemption.State.PENDING


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may request an exemption from consultation."),
    ("another_officer", "Only the governance officer assigned to {site} may request an exemption from "
                        "consultation."),
])
def test_only_the_assigned_officer_requests_an_exemption(request, site, who, message):
    refused = refusal(services.exemption_request, actor=request.getfixturevalue(who), site=site,
                      ground="alert_offenders", reason=REASON)
    assert refused.message == message.format(site=site.reference)


@pytest.fixture
def exempt(make_site, actors):
    site = advance(make_site("privacy_review"), "live", actors, Texts(use_exemption=True))
    return site.exemptions.get(state=ConsultationExemption.State.APPROVED)


def test_an_ended_exemption_is_kept_ended_today_with_the_reason_and_the_manager(exempt, manager, today):
    services.exemption_end(actor=manager, exemption=exempt, reason="the review found it no longer holds")
    exempt.refresh_from_db()
    assert (exempt.state, exempt.ended_on) == (ConsultationExemption.State.APPROVED, today)
    assert last_history(exempt) == ("consultation.exemption_ended: the review found it no longer holds", manager)


def test_only_an_approving_manager_ends_an_exemption(exempt, officer):
    refused = refusal(services.exemption_end, actor=officer, exemption=exempt, reason="No longer holds.")
    assert refused.message == "Only an approving manager may end an exemption from consultation."
    exempt.refresh_from_db()
    assert exempt.ended_on is None


def test_an_exemption_ended_or_not_approved_cannot_be_ended(exempt, site, officer, manager):
    services.exemption_end(actor=manager, exemption=exempt, reason="No longer holds.")
    refused = refusal(services.exemption_end, actor=manager, exemption=exempt, reason="Again.")
    assert refused.message == "Only an approved exemption that has not ended can be ended."
    pending = services.exemption_request(actor=officer, site=site, ground="alert_offenders", reason=REASON)
    refused = refusal(services.exemption_end, actor=manager, exemption=pending, reason="Never approved.")
    assert refused.message == "Only an approved exemption that has not ended can be ended."


# --- public replies ---------------------------------------------------------------------------------


@pytest.fixture
def published(site, officer, today):
    return services.consultation_open(**opening(site, officer, today, public_summary=SUMMARY,
                                                public_purpose="local_crime",
                                                respond_by=today + datetime.timedelta(days=28)))


def reply(consultation, comment="I support this.", name="Jo Resident", email=""):
    return services.public_reply_submit(consultation=consultation, name=name, email=email, comment=comment)


def test_a_public_reply_is_kept_with_its_name_and_address_stripped_received_from_nobody(published):
    kept = reply(published, "I support this.", name="  Jo Resident  ", email="  jo@example.org ")
    kept.refresh_from_db()
    assert (kept.consultation, kept.name, kept.email, kept.comment, kept.state) == (
        published, "Jo Resident", "jo@example.org", "I support this.", PublicReply.State.PENDING)
    assert last_history(kept) == ("consultation.public_reply_received", None)


def test_a_public_reply_without_a_name_or_a_comment_is_refused_beside_each_field(published):
    refused = refusal(services.public_reply_submit, consultation=published, name=" ", email="", comment="\n")
    assert refused.message == "Enter your name Enter your comment"
    assert refused.field_errors == {"name": ["Enter your name"], "comment": ["Enter your comment"]}
    assert not PublicReply.objects.exists()


def test_a_comment_at_the_limit_is_kept_and_one_character_more_is_refused_with_the_figures(published, settings):
    settings.ANPR_PUBLIC_REPLY_MAX_CHARS = 1000
    assert len(reply(published, "x" * 1000).comment) == 1000
    refused = refusal(services.public_reply_submit, consultation=published, name="Jo", email="",
                      comment="x" * 1001)
    assert refused.message == "Your comment must be 1,000 characters or fewer (it has 1,001): shorten it"
    assert refused.field_errors == {"comment": [refused.message]}


def test_a_comment_of_forbidden_markup_only_is_refused_in_plain_words_beside_its_field(published):
    refused = refusal(services.public_reply_submit, consultation=published, name="Jo", email="",
                      comment="<script>alert(1)</script>")
    assert refused.message == ("Your comment has no words left once the HTML that is not allowed is removed: "
                               "write it in plain words.")
    assert refused.field_errors == {
        "comment": ["Write your comment in plain words (only the HTML tags listed are allowed)"]}


def test_a_consultation_not_published_takes_no_public_reply(consultation):
    refused = refusal(services.public_reply_submit, consultation=consultation, name="Jo", email="",
                      comment="I support this.")
    assert refused.message == "This consultation is no longer taking replies."


def test_an_approved_reply_joins_the_record_on_its_uk_day_with_the_moderator_and_moment(published, officer):
    # Received at 00:30 on 16 July in London (still 15 July in UTC), moderated the next day.
    received = datetime.datetime(2027, 7, 16, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    moderated = datetime.datetime(2027, 7, 17, 13, 0, tzinfo=ZoneInfo("Europe/London"))
    pending = reply(published, "Please go ahead.", name="S" * 200)
    PublicReply.objects.filter(pk=pending.pk).update(received_at=received)
    with time_machine.travel(moderated, tick=False):
        services.public_reply_moderate(actor=officer, reply=pending, approve=True, reason="  Relevant.  ")
    pending.refresh_from_db()
    assert (pending.state, pending.moderated_by, pending.moderated_at, pending.moderation_reason) == (
        PublicReply.State.APPROVED, officer, moderated, "Relevant.")
    assert last_history(pending) == ("consultation.public_reply_approved", officer)
    response = pending.response
    assert (response.consultation, response.respondent, response.received_on, response.response) == (
        published, "S" * 180 + " (public reply)", datetime.date(2027, 7, 16), "Please go ahead.")
    assert last_history(response) == ("consultation.response_recorded", officer)


def test_a_rejected_reply_keeps_the_reason_and_joins_nothing(published, officer):
    pending = reply(published)
    services.public_reply_moderate(actor=officer, reply=pending, approve=False, reason="  Off topic.  ")
    pending.refresh_from_db()
    assert (pending.state, pending.moderated_by, pending.moderation_reason, pending.response) == (
        PublicReply.State.REJECTED, officer, "Off topic.", None)
    assert last_history(pending) == ("consultation.public_reply_rejected", officer)
    refused = refusal(services.public_reply_moderate, actor=officer, reply=pending, approve=True)
    assert refused.message == "This reply was already rejected."
    assert not published.responses.exists()


def test_a_rejection_without_a_reason_is_refused_beside_its_field(published, officer):
    refused = refusal(services.public_reply_moderate, actor=officer, reply=reply(published), approve=False,
                      reason="  ")
    assert refused.message == "Say why the reply is rejected."
    assert refused.field_errors == {"reason": ["Enter why the reply is rejected"]}


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may moderate public replies."),
    ("another_officer", "Only the governance officer assigned to {site} may moderate public replies."),
])
def test_only_the_assigned_officer_moderates_and_the_refusal_says_so(request, published, who, message):
    refused = refusal(services.public_reply_moderate, actor=request.getfixturevalue(who), reply=reply(published),
                      approve=True)
    assert refused.message == message.format(site=published.site.reference)


def test_the_close_names_the_number_of_replies_awaiting_moderation(published, officer, today):
    services.consultee_add(actor=officer, consultation=published, name="Parish council", kind="parish_council",
                           consulted_on=today)
    reply(published)
    reply(published, "Second.")
    refused = refusal(services.consultation_close, actor=officer, consultation=published, outcome="Done.")
    assert refused.field_errors == {"replies": ["Approve or reject the 2 public replies awaiting moderation."]}


def test_an_approval_needs_no_reason_and_records_none(published, officer):
    pending = reply(published)
    services.public_reply_moderate(actor=officer, reply=pending, approve=True)
    pending.refresh_from_db()
    assert (pending.state, pending.moderation_reason) == (PublicReply.State.APPROVED, "")
