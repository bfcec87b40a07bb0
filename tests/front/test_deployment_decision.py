"""Approving a deployment shows a summary of the evidence and offers approve or return with
reasons, like the other decisions (issue 12, point 6). It was a comment box and a button."""

import pytest

from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db


def test_the_decision_page_summarises_the_evidence(client, manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    html = client.get(f"/sites/{site.reference}/decide/").content.decode()
    for evidence in ("In-depth assessment", "Privacy impact assessment", "Residual risks", "DPO advice",
                     "Consultation"):
        assert evidence in html, evidence
    assert 'value="approve"' in html and 'value="return"' in html


def test_the_site_page_leads_the_manager_to_the_decision(client, manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    html = client.get(f"/sites/{site.reference}/").content.decode()
    assert f'href="/sites/{site.reference}/decide/"' in html


def test_returning_needs_what_must_change_and_changes_nothing_without_it(client, manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/decide/", {"decision": "return", "comment": ""})
    assert response.status_code == 400 and "Enter what must change" in response.content.decode()
    site.refresh_from_db()
    assert site.status == Status.AWAITING_APPROVAL
    response = client.post(f"/sites/{site.reference}/decide/", {"decision": "return", "comment": "Consult again."})
    site.refresh_from_db()
    assert response.status_code == 302 and site.status == Status.CONSULTATION


def test_approving_approves(client, manager, make_site):
    site = make_site("awaiting_approval")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/decide/", {"decision": "approve", "comment": ""})
    site.refresh_from_db()
    assert response.status_code == 302 and site.status == Status.APPROVED and site.approved_by == manager


def test_nobody_else_may_open_it(client, auditor, officer, make_site):
    site = make_site("awaiting_approval")
    for user in (auditor, officer):
        client.force_login(user)
        assert client.get(f"/sites/{site.reference}/decide/").status_code == 403
