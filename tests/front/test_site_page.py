"""The site page at /sites/<reference>/: lifecycle task list, what is missing, documents,
approvals timeline and history; and the page that moves a site along its lifecycle."""

import pytest

from anpr_governance.assessments import services as assessments
from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db


def page(client, user, site, path=""):
    client.force_login(user)
    response = client.get(f"/sites/{site.reference}/{path}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_unknown_reference_is_the_404_page_in_the_service_style(client, auditor):
    client.force_login(auditor)
    response = client.get("/sites/STS-999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "govuk-header" in response.content.decode()


def test_the_task_list_shows_where_a_site_stands_and_what_is_missing(client, officer, make_site):
    site = make_site("privacy_review")
    html = page(client, officer, site)
    assert "govuk-task-list" in html
    assert "In-depth assessment" in html and "Completed" in html
    assert "Privacy impact assessment (DPIA)" in html and "Not yet started" in html
    assert f"{site.reference} has no privacy impact assessment the data protection officer has advised on" in html


def test_the_assigned_officer_is_offered_the_next_move_and_an_auditor_is_not(client, officer, auditor, make_site):
    site = make_site("consultation")
    assert "Submit the deployment for approval" in page(client, officer, site)
    assert "Submit the deployment for approval" not in page(client, auditor, site)


def test_an_auditor_sees_the_documents_but_no_button_to_change_them(client, auditor, make_site):
    site = make_site("live")
    html = page(client, auditor, site)
    for heading in ("In-depth assessment", "Privacy impact assessment (DPIA)", "Consultation", "Reviews",
                    "Approvals timeline", "History"):
        assert heading in html
    for action in ("Edit the", "Start a new version", "Approve or return", "Schedule a review", "<form"):
        assert action not in html.split('id="main-content"')[1]


def test_the_approvals_timeline_lists_submissions_and_decisions_with_who_and_why(client, auditor, make_site,
                                                                                 officer, manager):
    site = make_site("assessment")
    doc = assessments.assessment_start(actor=officer, site=site)
    assessments.assessment_update(actor=officer, assessment=doc, national_security_claimed=True,
                                  pressing_need_evidence="Figures.", alternatives_considered="Patrols.",
                                  measures_of_success="Use.", conclusion="Justified.")
    assessments.assessment_submit(actor=officer, assessment=doc)
    assessments.assessment_return(actor=manager, assessment=doc, comment="Give the route's own figures.")
    html = page(client, auditor, site)
    timeline = html.split('id="approvals"')[1].split('id="history"')[0]
    assert "Submitted for approval" in timeline and "Returned with comments" in timeline
    assert "Give the route&#x27;s own figures." in timeline and str(manager) in timeline


def test_the_history_shows_who_changed_what_when_and_why_field_by_field(client, auditor, make_site, officer):
    site = make_site("assessment")
    doc = assessments.assessment_start(actor=officer, site=site)
    assessments.assessment_update(actor=officer, assessment=doc, conclusion="First words.")
    assessments.assessment_update(actor=officer, assessment=doc, conclusion="Better words.")
    html = page(client, auditor, site, f"history/?record=assessment-{doc.pk}")
    assert "In-depth assessment, version 1" in html
    assert "First words." in html and "Better words." in html  # before and after
    assert "Conclusion" in html and str(officer) in html and "Edited" in html


def test_the_history_of_every_record_of_the_site_is_on_one_page(client, auditor, make_site):
    site = make_site("live")
    html = page(client, auditor, site, "history/")
    for label in ("Site " + site.reference, "In-depth assessment, version 1", "Privacy impact assessment, version 1",
                  "Risk: ", "Consultation opened", "Consultee: ", "Camera "):
        assert label in html


def test_the_history_hides_restricted_locations_from_roles_not_allowed_them(client, make_site, make_user):
    from django.contrib.auth.models import Group, Permission

    reader = make_user("reader")
    group = Group.objects.create(name="Reads governance but not locations")
    group.permissions.set(Permission.objects.filter(codename__in=["view_site", "view_assessment"]))
    reader.groups.add(group)
    site = make_site("proposed")
    html = page(client, reader, site, "history/")
    assert "Northbound carriageway" not in html and "Restricted" in html


def test_roles_that_do_not_read_governance_records_see_the_site_but_not_its_documents(client, investigator,
                                                                                         make_site):
    site = make_site("live")
    html = page(client, investigator, site)
    assert site.reference in html and "Approvals timeline" not in html
    client.force_login(investigator)
    response = client.get(f"/sites/{site.reference}/history/")
    assert response.status_code == 403 and "does not include reading governance records" in response.content.decode()


def test_the_system_administrator_never_sees_a_location(client, sysadmin, make_site):
    site = make_site("live")
    html = page(client, sysadmin, site)
    assert "SJ 912 234" not in html and "Northbound carriageway" not in html


def test_a_manager_approves_a_deployment_from_the_move_page(client, manager, another_manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/move/approved/")
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.status == Status.APPROVED and site.approved_by == manager


def test_returning_a_deployment_needs_a_reason_and_keeps_the_page(client, manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/move/consultation/", {"comment": "  "})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "Say why: a comment is required" in html
    response = client.post(f"/sites/{site.reference}/move/consultation/", {"comment": "Consult the parish."})
    site.refresh_from_db()
    assert response.status_code == 302 and site.status == Status.CONSULTATION


def test_a_refused_move_shows_the_services_reason_in_the_error_summary(client, officer, make_site):
    site = make_site("assessment")  # no approved assessment yet
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/move/privacy_review/")
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert "has no approved in-depth assessment: submit one and have it approved." in html


def test_a_move_the_person_may_not_make_is_a_403_that_says_why(client, auditor, make_site):
    site = make_site("awaiting_approval")
    client.force_login(auditor)
    response = client.post(f"/sites/{site.reference}/move/approved/")
    assert response.status_code == 403
    assert "Only an approving manager may move" in response.content.decode()
    site.refresh_from_db()
    assert site.status == Status.AWAITING_APPROVAL


def test_a_move_the_lifecycle_does_not_allow_is_refused_with_a_message(client, manager, make_site):
    site = make_site("proposed")
    client.force_login(manager)
    response = client.get(f"/sites/{site.reference}/move/live/", follow=True)
    assert "it cannot be moved to live from here" in response.content.decode()
