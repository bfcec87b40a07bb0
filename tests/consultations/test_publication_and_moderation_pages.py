"""The officer's side of public consultation: the public summary with a preview of exactly
what will be public, and the moderation of public replies."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.consultations import services
from anpr_governance.consultations.models import Consultation, PublicReply

pytestmark = pytest.mark.django_db

SUMMARY = "We propose cameras to tackle vehicle crime on the main routes into the town."


def day_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def site(make_site):
    return make_site("consultation")


def public_form(today, **extra):
    return {"method": "online_survey", "summary": "Internal: the junction by the school.",
            **day_fields("opened_on", today), "public_summary": SUMMARY, "public_purpose": "local_crime",
            **day_fields("respond_by", today + datetime.timedelta(days=28)), **extra}


def test_the_preview_shows_exactly_the_public_content_and_saves_nothing(client, officer, site, today):
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/consultation/open/", public_form(today, preview="1"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="public-preview"' in html
    preview = html.split('data-testid="public-preview"')[1].split("</form>")[0].split("<form")[0]
    for shown in (SUMMARY, "Stafford", "Tackling local crime", "How your reply is used"):
        assert shown in preview
    for hidden in ("Internal: the junction", site.location_description, site.grid_reference, site.reference):
        assert hidden not in preview
    assert f">{SUMMARY}</textarea>" in html  # the form is still there to change or open
    assert not Consultation.objects.exists()


def test_the_preview_asks_for_a_public_summary_purpose_and_date(client, officer, site, today):
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/consultation/open/",
                       public_form(today, public_purpose="", respond_by_0="", respond_by_1="", respond_by_2="",
                                   preview="1")).content.decode()
    assert "Choose the purpose residents are told the cameras serve" in html
    assert "Enter the date by which the public may reply" in html and 'data-testid="public-preview"' not in html


def test_opening_with_a_public_summary_publishes_it(client, officer, site, today):
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/consultation/open/", public_form(today), follow=True)
    assert "It is published on the public consultation page." in response.content.decode()
    consultation = Consultation.objects.get()
    assert (consultation.public_summary, consultation.public_purpose) == (SUMMARY, "local_crime")
    assert f'href="/consult/{consultation.pk}/">Published</a>: tackling local crime' in response.content.decode()
    assert client.get(f"/consult/{consultation.pk}/").status_code == 200


@pytest.fixture
def pending(site, officer, today):
    consultation = services.consultation_open(
        actor=officer, site=site, method="online_survey", summary="Proposal.", opened_on=today,
        public_summary=SUMMARY, public_purpose="local_crime", respond_by=today + datetime.timedelta(days=28))
    return services.public_reply_submit(consultation=consultation, name="Jo Resident", email="jo@example.com",
                                        comment="<strong>Yes</strong>, but add signs.")


def test_the_officer_sees_the_replies_awaiting_moderation_on_their_sites(client, officer, pending):
    client.force_login(officer)
    html = client.get("/consultations/replies/").content.decode()
    assert "Jo Resident" in html and "<strong>Yes</strong>, but add signs." in html and "jo@example.com" in html
    assert "Public replies" in html  # in the service navigation


def test_approving_a_reply_publishes_it_and_adds_it_to_the_record(client, officer, pending, site):
    client.force_login(officer)
    response = client.post(f"/consultations/replies/{pending.pk}/", {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == PublicReply.State.APPROVED
    assert "<strong>Yes</strong>, but add signs." in client.get(f"/consult/{pending.consultation_id}/").content.decode()
    detail = client.get(f"/sites/{site.reference}/").content.decode()
    assert "Jo Resident (public reply)" in detail


def test_rejecting_without_a_reason_says_what_to_give(client, officer, pending):
    client.force_login(officer)
    response = client.post(f"/consultations/replies/{pending.pk}/", {"decision": "return", "comment": ""})
    assert response.status_code == 400 and "Enter why the reply is rejected" in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == PublicReply.State.PENDING


def test_other_roles_and_officers_may_not_moderate(client, another_officer, manager, pending):
    for person in (another_officer, manager):
        client.force_login(person)
        assert client.post(f"/consultations/replies/{pending.pk}/", {"decision": "approve"}).status_code == 403
    assert client.get("/consultations/replies/").status_code == 403  # the manager
    pending.refresh_from_db()
    assert pending.state == PublicReply.State.PENDING
