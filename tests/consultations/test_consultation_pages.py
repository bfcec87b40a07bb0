"""Consultation in the browser: open, consultees, responses, "you said, we did"; or an exemption."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.consultations import services
from anpr_governance.consultations.models import Consultation, ConsultationExemption

pytestmark = pytest.mark.django_db

REASON = "Consulting would reveal a covert deployment against an active organised crime group on the route."


def day_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def site(make_site):
    return make_site("consultation")


@pytest.fixture
def today():
    return timezone.localdate()


def test_the_officer_opens_a_consultation(client, officer, site, today):
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/consultation/open/", {
        "method": "public_meeting", "summary": "ANPR proposal for the area.", **day_fields("opened_on", today)})
    assert response.status_code == 302
    assert Consultation.objects.get(site=site).method == "public_meeting"


def test_an_empty_form_names_every_missing_answer_beside_its_field(client, officer, site):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/consultation/open/", {}).content.decode()
    for anchor, message in [("#id_method", "Choose how you are consulting"),
                            ("#id_summary", "Describe what you are consulting on"),
                            ("#id_opened_on-day", "Enter the date the consultation opened")]:
        assert f'href="{anchor}"' in html and message in html


def test_a_date_in_the_future_is_refused_with_the_services_message(client, officer, site, today):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/consultation/open/", {
        "method": "letter", "summary": "Proposal.",
        **day_fields("opened_on", today + datetime.timedelta(days=3))}).content.decode()
    assert "The opening date cannot be in the future." in html and ">Proposal.</textarea>" in html


@pytest.fixture
def consultation(site, officer, today):
    return services.consultation_open(actor=officer, site=site, method="letter", summary="Proposal.",
                                      opened_on=today)


def test_consultees_and_responses_are_recorded_and_the_consultation_closed_with_its_outcome(
        client, officer, site, consultation, today):
    client.force_login(officer)
    base = f"/sites/{site.reference}/consultation/{consultation.pk}"
    assert client.post(f"{base}/consultees/add/", {"name": "Parish council", "kind": "parish_council",
                                                   **day_fields("consulted_on", today)}).status_code == 302
    consultee = consultation.consultees.get()
    assert client.post(f"{base}/responses/add/", {
        "consultee": consultee.pk, "respondent": "Parish clerk", "response": "Supportive.",
        **day_fields("received_on", today)}).status_code == 302
    assert client.post(f"{base}/close/", {"outcome": "You said signs; we added signs.",
                                          **day_fields("closed_on", today)}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == "closed" and consultation.responses.get().consultee == consultee
    html = client.get(f"/sites/{site.reference}/").content.decode()
    assert "You said, we did" in html and "You said signs; we added signs." in html


def test_closing_without_consultees_is_refused_with_the_reason(client, officer, site, consultation, today):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/consultation/{consultation.pk}/close/", {
        "outcome": "Nothing.", **day_fields("closed_on", today)}).content.decode()
    assert "Record who was consulted before closing the consultation." in html


def test_a_short_exemption_reason_is_refused_at_its_field(client, officer, site):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/exemption/request/", {"ground": "operational_security",
                                                                        "reason": "Covert."}).content.decode()
    assert 'href="#id_reason"' in html and "Explain why consulting would defeat the policing purpose." in html


def test_an_exemption_is_requested_and_a_manager_refuses_it_with_a_reason(client, officer, manager, site):
    client.force_login(officer)
    client.post(f"/sites/{site.reference}/exemption/request/", {"ground": "alert_offenders", "reason": REASON})
    exemption = ConsultationExemption.objects.get(site=site)
    client.force_login(manager)
    url = f"/sites/{site.reference}/exemption/{exemption.pk}/decide/"
    assert b"Enter why the exemption is refused" in client.post(url, {"decision": "return"}).content
    assert client.post(url, {"decision": "return", "comment": "Consult the council in confidence."}).status_code == 302
    exemption.refresh_from_db()
    assert exemption.state == "refused" and exemption.decided_by == manager


def test_only_the_assigned_officer_may_open_a_consultation(client, auditor, another_officer, site):
    client.force_login(auditor)
    assert client.get(f"/sites/{site.reference}/consultation/open/").status_code == 403
    client.force_login(another_officer)
    response = client.get(f"/sites/{site.reference}/consultation/open/")
    assert response.status_code == 403 and "Only the governance officer assigned" in response.content.decode()


def test_a_consultation_of_another_site_is_not_found(client, officer, make_site, consultation):
    other = make_site("consultation")
    client.force_login(officer)
    assert client.get(f"/sites/{other.reference}/consultation/{consultation.pk}/close/").status_code == 404


def test_an_exemption_without_a_ground_is_refused_and_keeps_the_reasoning(client, officer, site):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/exemption/request/", {"reason": REASON}).content.decode()
    assert "Choose the ground for the exemption" in html and REASON in html
    assert not site.exemptions.exists()
