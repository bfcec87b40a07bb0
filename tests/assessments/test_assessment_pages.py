"""The in-depth assessment in the browser: start, write, submit; approve or return."""

import pytest

from anpr_governance.accounts.roles import Role
from anpr_governance.assessments import selectors, services
from anpr_governance.sites.services import site_assign_officer

pytestmark = pytest.mark.django_db

COMPLETE = {
    "national_security_claimed": "on",
    "pressing_need_evidence": "Burglaries on the route rose 18% in a year.",
    "community_views": "Parish council supportive.",
    "alternatives_considered": "Mobile ANPR tried; too intermittent.",
    "measures_of_success": "Reads used in 12 investigations a year.",
    "conclusion": "Necessary and proportionate.",
}


def url(site, path="assessment/"):
    return f"/sites/{site.reference}/{path}"


@pytest.fixture
def site(make_site):
    return make_site("assessment")  # a local authority major road


@pytest.fixture
def draft(site, officer):
    return services.assessment_start(actor=officer, site=site)


def post(client, site, data, action="save", version=None, assessment=None):
    assessment = assessment or selectors.current_assessment(site)
    payload = {"lock_version": assessment.lock_version if version is None else version, "action": action, **data}
    return client.post(url(site), payload)


def test_the_officer_starts_an_assessment_and_lands_on_its_form(client, officer, site):
    client.force_login(officer)
    assert "Start the in-depth assessment" in client.get(url(site)).content.decode()
    response = client.post(url(site, "assessment/start/"))
    assert response.status_code == 302 and response.url == url(site)
    assert selectors.current_assessment(site).status == "draft"


def test_each_ground_shows_its_grade_and_only_e_grounds_ask_for_an_exceptional_case(client, officer, site, draft):
    client.force_login(officer)
    html = client.get(url(site)).content.decode()
    assert html.count("Grade V") == 2 and html.count("Grade M") == 1 and html.count("Grade E") == 2
    assert 'name="crime_prevention_justification"' in html
    assert 'name="community_confidence_justification"' in html
    assert 'name="national_security_justification"' not in html


def test_saving_a_draft_keeps_what_was_written(client, officer, site, draft):
    client.force_login(officer)
    response = post(client, site, {"conclusion": "Half a thought."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.conclusion == "Half a thought." and draft.status == "draft"


def test_an_incomplete_submission_is_refused_with_each_message_beside_its_field(client, officer, site, draft):
    client.force_login(officer)
    response = post(client, site, {"conclusion": "Typed but not enough."}, action="submit")
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert 'href="#id_national_security_claimed"' in html and "Claim at least one" in html
    assert 'href="#id_pressing_need_evidence"' in html and "Give the evidence of a pressing need" in html
    assert 'id="id_pressing_need_evidence-error"' in html
    assert "Typed but not enough." in html  # what was typed is kept
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.conclusion == ""  # all or nothing: nothing was saved


def test_an_exceptional_ground_without_its_justification_is_refused_at_that_field(client, officer, site, draft):
    client.force_login(officer)
    response = post(client, site, {**COMPLETE, "crime_prevention_claimed": "on"}, action="submit")
    html = response.content.decode()
    assert 'href="#id_crime_prevention_justification"' in html and "exceptional cases only" in html


def test_a_complete_assessment_is_submitted(client, officer, site, draft):
    client.force_login(officer)
    response = post(client, site, COMPLETE, action="submit")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.national_security_claimed


@pytest.mark.parametrize("role", ["auditor", "manager", "dpo"])
def test_other_roles_get_a_403_that_says_only_an_officer_may_prepare_it(client, request, role, site, draft):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(site))
    assert response.status_code == 403
    assert "Only a governance officer may prepare the in-depth assessment" in response.content.decode()


def test_an_officer_not_assigned_to_the_site_gets_a_403_saying_so(client, another_officer, site, draft):
    client.force_login(another_officer)
    response = post(client, site, COMPLETE)
    assert response.status_code == 403
    assert f"Only the governance officer assigned to {site.reference}" in response.content.decode()
    draft.refresh_from_db()
    assert draft.conclusion == ""


@pytest.fixture
def submitted(client, officer, site, draft):
    client.force_login(officer)
    post(client, site, COMPLETE, action="submit")
    client.logout()
    draft.refresh_from_db()
    return draft


def test_returning_needs_a_comment_tied_to_its_field(client, manager, site, submitted):
    client.force_login(manager)
    response = client.post(url(site, "assessment/decide/"), {"decision": "return", "comment": ""})
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_comment"' in html and "Enter what must change" in html
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_manager_returns_it_the_officer_sees_why_fixes_it_and_the_manager_approves(client, manager, officer,
                                                                                   site, submitted):
    client.force_login(manager)
    client.post(url(site, "assessment/decide/"), {"decision": "return", "comment": "Give the route's figures."})
    client.force_login(officer)
    html = client.get(url(site)).content.decode()
    assert "Give the route&#x27;s figures." in html and "Returned" in html
    post(client, site, {**COMPLETE, "pressing_need_evidence": "On the A34 itself: 31 burglaries."}, action="submit")
    client.force_login(manager)
    response = client.post(url(site, "assessment/decide/"), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.decided_by == manager


def test_nobody_approves_their_own_assessment_and_the_page_says_why(client, make_user, make_site, manager):
    both = make_user("both", Role.GOVERNANCE_OFFICER, Role.APPROVING_MANAGER)
    site = make_site("assessment")
    site_assign_officer(actor=manager, site=site, officer=both)
    doc = services.assessment_start(actor=both, site=site)
    services.assessment_save(actor=both, assessment=doc, submit=True, fields={
        "national_security_claimed": True, "pressing_need_evidence": "x", "alternatives_considered": "y",
        "measures_of_success": "z", "conclusion": "w"})
    client.force_login(both)
    response = client.post(url(site, "assessment/decide/"), {"decision": "approve"})
    html = response.content.decode()
    assert response.status_code == 403 and "There is a problem" in html
    assert "because you submitted it; another person must do it" in html


def test_the_decision_page_is_a_403_for_anyone_but_a_manager(client, auditor, site, submitted):
    client.force_login(auditor)
    response = client.get(url(site, "assessment/decide/"))
    assert response.status_code == 403 and "Only an approving manager may" in response.content.decode()


def test_a_new_version_starts_from_the_approved_one(client, officer, make_site):
    site = make_site("privacy_review")
    approved = selectors.approved_assessment(site)
    client.force_login(officer)
    client.post(url(site, "assessment/start/"))
    new = selectors.current_assessment(site)
    assert new.version == approved.version + 1 and new.status == "draft"
    assert new.conclusion == approved.conclusion and new.claimed_grounds() == approved.claimed_grounds()


def test_after_a_decision_the_site_page_opens_at_its_confirmation_with_the_focus(client, manager, site, submitted):
    """Issue 12, point 4: not at #assessment, 1,800 px down, where the banner is never seen."""
    client.force_login(manager)
    response = client.post(url(site, "assessment/decide/"), {"decision": "approve", "comment": ""})
    assert response.status_code == 302 and "#" not in response["Location"]
    html = client.get(response["Location"]).content.decode()
    banner = html[html.index("<main"):].split("</div>")[0]
    assert "govuk-notification-banner--success" in banner and 'tabindex="-1"' in banner
