"""axe-core on the DPIA form with the ICO template's sections, the ICO prior consultation page
(each of its forms and their error states) and a site page showing an old DPIA's "Missing"
sections: no serious or critical violation (issue 14, point 9)."""

import pytest
from playwright.sync_api import expect

from anpr_governance.assessments import selectors, services
from anpr_governance.assessments.models import PrivacyImpactAssessment
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts, advance
from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db(transaction=True)

HIGH = {"description": "Images reveal visitors to a place of worship.", "likelihood": "probable",
        "severity": "severe", "measures": "Masking.", "effect": "reduced", "residual_likelihood": "possible",
        "residual_severity": "severe"}


def test_the_dpia_form_and_the_ico_page_and_their_errors_have_no_serious_accessibility_problem(
        page, sign_in, sign_out, site_url, check_accessibility, make_site, officer, auditor, actors):
    drafting = make_site("privacy_review")
    services.dpia_start(actor=officer, site=drafting)
    consulting = make_site("privacy_review")
    advance(consulting, Status.CONSULTATION, actors, Texts(risks=[HIGH]))
    old = make_site("live")
    PrivacyImpactAssessment.objects.filter(pk=selectors.approved_dpia(old).pk).update(
        **{name: "" for name in DPIA_SECTIONS if name != "sensitive_processing"}, sensitive_processing=None)

    sign_in(page, "officer")
    page.goto(site_url(f"/sites/{drafting.reference}/dpia/"))
    expect(page.locator("main h1")).to_have_text("Privacy impact assessment (DPIA)")
    check_accessibility(page, "the DPIA form with the ICO template's sections")
    page.get_by_label("Nature of the processing").fill("Cameras read plates.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save and submit for DPO advice and approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Scope of the processing is missing")
    expect(page.get_by_label("Nature of the processing")).to_have_value("Cameras read plates.")
    check_accessibility(page, "the DPIA form with missing sections")

    ico = f"/sites/{consulting.reference}/dpia/ico/"
    page.goto(site_url(ico))
    expect(page.locator("main h1")).to_have_text("Prior consultation with the ICO")
    check_accessibility(page, "the ICO page before the request")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the ICO's reference")
    check_accessibility(page, "the ICO request with errors")
    page.get_by_label("ICO reference").fill("RFA0007")
    page.locator("#id_request-consulted_on-day").fill("1")
    page.locator("#id_request-consulted_on-month").fill("1")
    page.locator("#id_request-consulted_on-year").fill("2026")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was recorded")
    page.goto(site_url(ico))
    expect(page.locator("[data-testid=ico-consultation]")).to_contain_text("Statutory period ends")
    check_accessibility(page, "the ICO page awaiting advice")
    page.get_by_role("button", name="Record the advice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary of the ICO's advice")
    check_accessibility(page, "the ICO advice with errors")
    page.get_by_role("button", name="Record the extension").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the ICO's notice")
    check_accessibility(page, "the ICO extension with errors")
    sign_out(page)

    sign_in(page, "auditor")
    page.goto(site_url(f"/sites/{old.reference}/"))
    page.locator("#dpia").scroll_into_view_if_needed()
    expect(page.get_by_text("Missing").first).to_be_attached()
    check_accessibility(page, "a site page with an old DPIA's missing sections")
