"""GET /api/v1/sites/<reference>/consultation/ (issue 14 point 8): the site's current consultation
with its counts and "you said, we did", and its exemption with its ground, expiry and whether it
has lapsed (and why), for the governance roles only; never the camera location."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.consultations import services
from anpr_governance.demo.walkthrough import Texts, advance
from anpr_governance.sites import services as sites

pytestmark = pytest.mark.django_db
REASON = "Consulting would reveal a covert deployment against an active organised crime group."


def url(site):
    return f"/api/v1/sites/{site.reference}/consultation/"


def on(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))), tick=False)


@pytest.fixture
def consulting(make_site, officer):
    """A site in consultation: two consultees, one response by letter, two public replies of which
    one is approved (it joins the responses) and one rejected."""
    site = make_site("consultation")
    today = timezone.localdate()
    consultation = services.consultation_open(
        actor=officer, site=site, method="online_survey", summary="Proposal for ANPR coverage.", opened_on=today,
        public_summary="Cameras are proposed in the area.", public_purpose="local_crime",
        respond_by=today + datetime.timedelta(days=28))
    council = services.consultee_add(actor=officer, consultation=consultation, name="Parish council",
                                     kind="parish_council", consulted_on=today)
    services.consultee_add(actor=officer, consultation=consultation, name="Residents' association",
                           kind="community_group", consulted_on=today)
    services.response_record(actor=officer, consultation=consultation, consultee=council,
                             respondent="Parish council", response="Supportive.", received_on=today)
    for name, approve in (("Jo Resident", True), ("Sam Resident", False)):
        reply = services.public_reply_submit(consultation=consultation, name=name, email="", comment="A view.")
        services.public_reply_moderate(actor=officer, reply=reply, approve=approve,
                                       reason="" if approve else "Off topic.")
    return site, consultation


def test_an_open_consultation_gives_its_dates_state_and_counts(client, auditor, consulting):
    site, consultation = consulting
    client.force_login(auditor)
    body = client.get(url(site)).json()
    assert body["site"] == site.reference and body["exemption"] is None
    shown = body["consultation"]
    assert shown["opened_on"] == consultation.opened_on.isoformat()
    assert shown["respond_by"] == consultation.respond_by.isoformat() and shown["closed_on"] is None
    assert (shown["state"], shown["state_label"]) == ("open", "Open")
    assert (shown["consultees"], shown["responses"], shown["public_replies_approved"]) == (2, 2, 1)
    assert shown["you_said_we_did"] == ""


def test_a_closed_consultation_says_what_the_responses_changed(client, dpo, officer, consulting):
    site, consultation = consulting
    services.consultation_close(actor=officer, consultation=consultation, outcome="You said signage; we added it.")
    client.force_login(dpo)
    shown = client.get(url(site)).json()["consultation"]
    assert shown["state"] == "closed" and shown["closed_on"] == timezone.localdate().isoformat()
    assert shown["you_said_we_did"] == "You said signage; we added it."


@pytest.fixture
def exempt(make_site, actors):
    """A live site that went without consultation on an approved exemption."""
    return advance(make_site("privacy_review"), "live", actors, Texts(use_exemption=True, exemption_reason=REASON))


def test_an_exemption_gives_its_ground_reasoning_approver_and_expiry(client, manager, exempt):
    client.force_login(manager)
    body = client.get(url(exempt)).json()
    exemption = exempt.exemptions.get()
    assert body["consultation"] is None
    shown = body["exemption"]
    assert (shown["ground"], shown["ground_label"]) == (
        "covert_or_temporary", "Consulting would reveal a covert or temporary deployment")
    assert shown["reasoning"] == REASON and shown["state"] == "approved"
    assert shown["approved_by"] == str(exemption.decided_by) == "manager"
    assert shown["expires_on"] == exemption.valid_until.isoformat()
    assert (shown["lapsed"], shown["lapse_reason"]) == (False, "")


def test_an_expired_exemption_shows_as_lapsed_with_the_reason(client, auditor, exempt):
    expiry = exempt.exemptions.get().valid_until
    with on(expiry + datetime.timedelta(days=1)):
        client.force_login(auditor)  # signed in that day (a session does not last months)
        shown = client.get(url(exempt)).json()["exemption"]
    assert shown["lapsed"] is True and shown["lapse_reason"] == f"it expired on {expiry:%-d %B %Y}"


def test_an_exemption_lapses_at_a_camera_change(client, officer, manager, exempt):
    sites.camera_add(actor=manager, site=exempt, identifier=f"{exempt.reference}-C9", lane=1)
    client.force_login(officer)
    shown = client.get(url(exempt)).json()["exemption"]
    assert shown["lapsed"] is True and "cameras have changed" in shown["lapse_reason"]


def test_an_exemption_awaiting_a_decision_has_no_approver_and_does_not_lapse(client, auditor, officer, make_site):
    site = make_site("consultation")
    services.exemption_request(actor=officer, site=site, ground="operational_security", reason=REASON)
    client.force_login(auditor)
    shown = client.get(url(site)).json()["exemption"]
    assert (shown["state"], shown["approved_by"], shown["expires_on"], shown["lapsed"]) == (
        "pending", None, None, False)
    assert shown["ground_label"] == "Operational security"


def test_the_camera_location_is_never_shown(client, auditor, consulting):
    site, _ = consulting
    client.force_login(auditor)
    text = client.get(url(site)).content.decode()
    assert site.location_description not in text and site.grid_reference not in text


@pytest.mark.parametrize("role", ["officer", "manager", "auditor", "dpo"])
def test_the_governance_roles_read_it(client, make_site, role, request):
    site = make_site("live")
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(site))
    assert response.status_code == 200 and response.json()["consultation"]["state"] == "closed"


@pytest.mark.parametrize("role", ["investigator", "authoriser", "sysadmin"])
def test_other_roles_are_refused(client, make_site, role, request):
    site = make_site("live")
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(site))
    assert response.status_code == 403 and "reading governance records" in response.json()["detail"]


def test_anonymous_is_refused(client, make_site):
    assert client.get(url(make_site("live"))).status_code == 403


def test_an_unknown_site_is_not_found(client, auditor):
    client.force_login(auditor)
    assert client.get("/api/v1/sites/NO-SUCH/consultation/").status_code == 404


@pytest.mark.parametrize("fixture", ["consulting", "exempt"])
def test_the_answer_conforms_to_the_openapi_schema(client, auditor, fixture, request):
    from fuzz.conformance import assert_conforms

    made = request.getfixturevalue(fixture)
    site = made[0] if isinstance(made, tuple) else made
    client.force_login(auditor)
    answer = client.get(url(site))
    assert answer.status_code == 200
    assert_conforms(answer, "/api/v1/sites/{reference}/consultation/", reference=site.reference)
