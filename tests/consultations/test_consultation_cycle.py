"""Consultation with those with a reasonable interest, or an approved exemption."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from anpr_governance.accounts.roles import Role
from anpr_governance.consultations import selectors, services
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import site_assign_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(make_site, officer):
    site = make_site("consultation")
    return services.consultation_open(actor=officer, site=site, method="public_meeting",
                                      summary="ANPR coverage in the district.", opened_on=timezone.localdate())


def test_closing_needs_consultees_and_a_you_said_we_did_outcome(consultation, officer):
    with pytest.raises(DomainError) as refused:
        services.consultation_close(actor=officer, consultation=consultation, outcome="")
    assert set(refused.value.field_errors) == {"consultees", "outcome"}
    assert not selectors.consultation_requirement_met(consultation.site)


def test_a_closed_consultation_meets_the_requirement_and_accepts_nothing_more(consultation, officer):
    today = timezone.localdate()
    consultee = services.consultee_add(actor=officer, consultation=consultation, name="Parish council",
                                       kind="parish_council", consulted_on=today)
    services.response_record(actor=officer, consultation=consultation, consultee=consultee,
                             respondent="Parish council", response="Supportive.", received_on=today)
    services.consultation_close(actor=officer, consultation=consultation, outcome="You said X; we did Y.")
    assert selectors.consultation_requirement_met(consultation.site)
    with pytest.raises(DomainError, match="This consultation is closed"):
        services.consultee_add(actor=officer, consultation=consultation, name="Late", kind="resident",
                               consulted_on=today)


def test_dates_in_the_future_are_refused(consultation, officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.consultee_add(actor=officer, consultation=consultation, name="Resident", kind="resident",
                               consulted_on=tomorrow)


def test_an_approved_exemption_meets_the_requirement_but_a_pending_one_does_not(make_site, officer, manager):
    site = make_site("consultation")
    exemption = services.exemption_request(
        ground="covert_or_temporary", actor=officer, site=site,
        reason="Consulting would reveal a covert deployment against an active organised crime group.",
    )
    assert not selectors.consultation_requirement_met(site)
    services.exemption_decide(actor=manager, exemption=exemption, approve=True)
    assert selectors.consultation_requirement_met(site)


def test_an_exemption_needs_a_real_reason_and_a_refusal_needs_a_comment(make_site, officer, manager):
    site = make_site("consultation")
    with pytest.raises(DomainError, match="why consulting would defeat the policing purpose"):
        services.exemption_request(ground="covert_or_temporary", actor=officer, site=site, reason="Operational.")
    exemption = services.exemption_request(
        ground="alert_offenders", actor=officer, site=site,
        reason="Consulting would alert the group under investigation to the camera."
    )
    with pytest.raises(DomainError, match="Say why the exemption is refused"):
        services.exemption_decide(actor=manager, exemption=exemption, approve=False)
    refused = services.exemption_decide(actor=manager, exemption=exemption, approve=False, comment="Consult.")
    assert refused.state == "refused"


def test_only_the_assigned_officer_records_consultation(consultation, another_officer, auditor):
    for actor in (another_officer, auditor):
        with pytest.raises(NotPermitted):
            services.consultee_add(actor=actor, consultation=consultation, name="X", kind="resident",
                                   consulted_on=timezone.localdate())


EXEMPTION_REASON = "Consulting would alert the group under investigation to the camera."


def test_an_exemption_is_decided_once_by_another_manager_and_each_refusal_says_why(make_site, officer, manager,
                                                                                    make_user):
    both = make_user("both", Role.GOVERNANCE_OFFICER, Role.APPROVING_MANAGER)
    site = make_site("consultation")
    site_assign_officer(actor=manager, site=site, officer=both)
    exemption = services.exemption_request(ground="alert_offenders", actor=both, site=site, reason=EXEMPTION_REASON)
    refusals = []
    for actor, comment, approve in ((officer, "", True), (both, "", True), (manager, " ", False)):
        with pytest.raises(DomainError) as refusal:
            services.exemption_decide(actor=actor, exemption=exemption, approve=approve, comment=comment)
        refusals.append((refusal.value.message, refusal.value.field_errors))
    assert refusals == [
        ("Only an approving manager may decide on an exemption from consultation.", {}),
        ("You cannot decide on this exemption because you requested it; another person must do it.", {}),
        ("Say why the exemption is refused.", {"comment": ["Enter the reason."]}),
    ]
    exemption.refresh_from_db()
    assert exemption.state == "pending" and exemption.decided_by is None
    approved = services.exemption_decide(actor=manager, exemption=exemption, approve=True)
    latest = approved.history.order_by("history_date").last()
    assert (latest.history_change_reason, latest.history_user) == ("consultation.exemption_approved", manager)
    with pytest.raises(DomainError) as refusal:
        services.exemption_decide(actor=manager, exemption=exemption, approve=False, comment="Consult after all.")
    assert refusal.value.message == "This exemption was already approved."


@pytest.mark.parametrize(("due_in_days", "lasts_until_the_review"), [(30, True), (0, False)])
def test_an_exemption_approved_while_a_review_is_due_lasts_until_that_review_at_most(
        make_site, officer, manager, settings, due_in_days, lasts_until_the_review):
    site = make_site("consultation")
    today = timezone.localdate()
    Site.objects.filter(pk=site.pk).update(next_review_due=today + datetime.timedelta(days=due_in_days))
    exemption = services.exemption_request(ground="alert_offenders", actor=officer, site=site,
                                           reason=EXEMPTION_REASON)
    approved = services.exemption_decide(actor=manager, exemption=exemption, approve=True)
    # A review due today or earlier caps nothing: the review is then under way.
    assert approved.valid_until == (today + datetime.timedelta(days=due_in_days) if lasts_until_the_review
                                    else today + relativedelta(months=settings.ANPR_EXEMPTION_MONTHS))
