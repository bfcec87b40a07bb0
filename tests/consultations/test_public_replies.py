"""Public replies in the services: kept sanitised, moderated by the site's governance officer,
and, once approved, part of the consultation record (and so of the compliance pack)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.consultations import selectors, services
from anpr_governance.consultations.models import ConsultationResponse, PublicReply
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.reports import asat, contents

pytestmark = pytest.mark.django_db

SUMMARY = "We propose cameras to tackle vehicle crime on the main routes into the town."


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def consultation(make_site, officer, today):
    site = make_site("consultation")
    return services.consultation_open(actor=officer, site=site, method="online_survey", summary="Proposal.",
                                      opened_on=today, public_summary=SUMMARY, public_purpose="local_crime",
                                      respond_by=today + datetime.timedelta(days=28))


def reply(consultation, comment="I support this.", **extra):
    return services.public_reply_submit(consultation=consultation, name=extra.get("name", "Jo Resident"),
                                        email=extra.get("email", ""), comment=comment)


def test_a_published_consultation_needs_its_purpose_and_a_date_for_replies(make_site, officer, today):
    site = make_site("consultation")
    with pytest.raises(DomainError) as refused:
        services.consultation_open(actor=officer, site=site, method="letter", summary="Proposal.", opened_on=today,
                                   public_summary=SUMMARY)
    assert set(refused.value.field_errors) == {"public_purpose", "respond_by"}
    assert not site.consultations.exists()


def test_a_consultation_without_a_public_summary_is_not_published(make_site, officer, today):
    site = make_site("consultation")
    services.consultation_open(actor=officer, site=site, method="letter", summary="Proposal.", opened_on=today)
    assert not selectors.published_consultations().exists()


def test_a_reply_is_kept_sanitised_and_waits_for_moderation(consultation):
    kept = reply(consultation, '<b onclick="x()">Yes</b> <script>alert(1)</script><a href="javascript:x">l</a>')
    assert kept.state == PublicReply.State.PENDING
    assert kept.comment == '<b>Yes</b> <a rel="nofollow noopener">l</a>'
    assert not selectors.approved_replies(consultation).exists()
    assert not consultation.responses.exists()


def test_an_oversized_comment_is_refused_not_cut(consultation, settings):
    settings.ANPR_PUBLIC_REPLY_MAX_CHARS = 100
    with pytest.raises(DomainError) as refused:
        reply(consultation, "x" * 101)
    assert refused.value.field_errors["comment"] == [
        "Your comment must be 100 characters or fewer (it has 101): shorten it"]
    assert not PublicReply.objects.exists()


def test_a_comment_that_is_only_forbidden_markup_is_refused(consultation):
    with pytest.raises(DomainError):
        reply(consultation, "<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert not PublicReply.objects.exists()


def test_replies_are_refused_after_the_date_for_replies(consultation, today):
    with time_machine.travel(today + datetime.timedelta(days=29)), pytest.raises(DomainError, match="no longer"):
        reply(consultation)
    assert not PublicReply.objects.exists()


def test_the_sites_officer_approves_a_reply_which_joins_the_consultation_record(consultation, officer):
    pending = reply(consultation, "<strong>Please</strong> go ahead &amp; install them.", name="Sam Jones")
    assert list(selectors.replies_awaiting_moderation(officer)) == [pending]
    approved = services.public_reply_moderate(actor=officer, reply=pending, approve=True)
    assert approved.state == PublicReply.State.APPROVED and approved.moderated_by == officer
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.respondent == "Sam Jones (public reply)"
    assert response.response == "Please go ahead & install them."
    assert response.history.first().history_change_reason == "consultation.response_recorded"
    assert list(selectors.approved_replies(consultation)) == [approved]
    assert not selectors.replies_awaiting_moderation(officer).exists()


def test_a_rejection_needs_a_reason_and_the_reply_is_kept(consultation, officer):
    pending = reply(consultation)
    with pytest.raises(DomainError) as refused:
        services.public_reply_moderate(actor=officer, reply=pending, approve=False, reason=" ")
    assert refused.value.field_errors == {"reason": ["Enter why the reply is rejected"]}
    rejected = services.public_reply_moderate(actor=officer, reply=pending, approve=False, reason="Off topic.")
    assert rejected.state == PublicReply.State.REJECTED and rejected.moderation_reason == "Off topic."
    assert not consultation.responses.exists() and PublicReply.objects.filter(pk=pending.pk).exists()


def test_only_the_officer_assigned_to_the_site_moderates(consultation, another_officer, manager):
    pending = reply(consultation)
    for person in (another_officer, manager):
        with pytest.raises(NotPermitted):
            services.public_reply_moderate(actor=person, reply=pending, approve=True)
        assert not selectors.replies_awaiting_moderation(person).exists()
    pending.refresh_from_db()
    assert pending.state == PublicReply.State.PENDING


def test_a_reply_is_moderated_once(consultation, officer):
    pending = reply(consultation)
    services.public_reply_moderate(actor=officer, reply=pending, approve=True)
    with pytest.raises(DomainError, match="already approved"):
        services.public_reply_moderate(actor=officer, reply=pending, approve=False, reason="Changed my mind.")
    assert consultation.responses.count() == 1


def test_a_consultation_with_replies_awaiting_moderation_cannot_close(consultation, officer, today):
    services.consultee_add(actor=officer, consultation=consultation, name="Parish council", kind="parish_council",
                           consulted_on=today)
    reply(consultation)
    with pytest.raises(DomainError) as refused:
        services.consultation_close(actor=officer, consultation=consultation, outcome="We went ahead.")
    assert "Approve or reject the 1 public reply awaiting moderation." in refused.value.message
    consultation.refresh_from_db()
    assert consultation.state == "open"


def test_an_approved_reply_is_in_the_compliance_packs_consultation_record(consultation, officer):
    approved = services.public_reply_moderate(actor=officer, reply=reply(consultation, "<b>Yes</b>", name="Sam"),
                                              approve=True)
    services.public_reply_moderate(actor=officer, reply=reply(consultation, "Spam", name="Bot"), approve=False,
                                   reason="Advertising.")
    now = timezone.now() + datetime.timedelta(seconds=1)
    snap = asat.take(cutoff=now, period_start=now - datetime.timedelta(days=365), site_ids=[consultation.site_id])
    rows = contents.consultation_rows(snap, consultation.site_id)
    assert rows[0]["responses"] == [{"respondent": "Sam (public reply)", "response": "Yes",
                                     "received_on": timezone.localdate(approved.received_at).isoformat()}]
