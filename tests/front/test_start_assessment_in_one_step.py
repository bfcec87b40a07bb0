"""Issue 12, point 2: starting the in-depth assessment from the site page is one button that
opens the assessment form: no interstitial page, no banner saying done while the page says
none has started. The lifecycle rule still holds: only the site's assigned officer starts it."""

import pytest

from anpr_governance.assessments.models import Assessment
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import site_transition

pytestmark = pytest.mark.django_db

START = 'action="/sites/{ref}/assessment/start/"'


def test_the_officer_starts_the_assessment_with_one_button_and_lands_on_its_form(client, officer, make_site):
    site = make_site("proposed")
    client.force_login(officer)
    page = client.get(f"/sites/{site.reference}/").content.decode()
    assert START.format(ref=site.reference) in page
    assert f"/sites/{site.reference}/move/assessment/" not in page  # no interstitial confirmation
    response = client.post(f"/sites/{site.reference}/assessment/start/")
    assert response["Location"] == f"/sites/{site.reference}/assessment/"
    form = client.get(response["Location"]).content.decode()
    assert "Save as draft" in form and "Save and submit for approval" in form
    assert "Start the in-depth assessment" not in form
    assert Site.objects.get(pk=site.pk).status == Status.ASSESSMENT
    assert Assessment.objects.filter(site=site, status="draft").count() == 1


def test_a_site_in_assessment_without_one_offers_the_same_button(client, officer, make_site):
    site = make_site("proposed")
    site_transition(actor=officer, site=site, to=Status.ASSESSMENT)
    client.force_login(officer)
    assert START.format(ref=site.reference) in client.get(f"/sites/{site.reference}/").content.decode()
    assert client.post(f"/sites/{site.reference}/assessment/start/").status_code == 302
    assert Assessment.objects.filter(site=site).count() == 1


def test_another_officer_is_refused_and_nothing_changes(client, another_officer, make_site):
    site = make_site("proposed")
    client.force_login(another_officer)
    assert START.format(ref=site.reference) not in client.get(f"/sites/{site.reference}/").content.decode()
    response = client.post(f"/sites/{site.reference}/assessment/start/")
    assert response.status_code == 403
    assert Site.objects.get(pk=site.pk).status == Status.PROPOSED
    assert not Assessment.objects.filter(site=site).exists()


def test_a_manager_is_offered_no_start(client, manager, make_site):
    site = make_site("proposed")
    client.force_login(manager)
    assert START.format(ref=site.reference) not in client.get(f"/sites/{site.reference}/").content.decode()
