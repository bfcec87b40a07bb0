"""Consultation with those with a reasonable interest, or an approved exemption."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.consultations import selectors, services
from anpr_governance.core.exceptions import DomainError, NotPermitted

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
