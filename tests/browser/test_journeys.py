"""Three journeys in a real browser, with axe-core checks on every page they pass through:
an officer completes an assessment and a DPIA and submits them; a manager returns the
assessment with a comment, the officer fixes it and the manager approves it; an auditor
opens the history and cannot change anything."""

import re

import pytest
from playwright.sync_api import expect

from anpr_governance.assessments import selectors
from anpr_governance.assessments.models import Assessment
from anpr_governance.demo.builder import seed
from anpr_governance.demo.walkthrough import DPIA_SECTIONS

PASSWORD = "correct horse battery"

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_completes_an_assessment_and_a_dpia_and_submits_them(
        page, make_site, sign_in, site_url, check_accessibility, screenshot):
    site = make_site("assessment")  # a local authority major road, assigned to "officer"
    sign_in(page, "officer")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    check_accessibility(page, "the dashboard")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sites").click()
    expect(page.get_by_role("heading", name="Camera sites")).to_be_visible()
    check_accessibility(page, "the register")
    page.get_by_role("link", name=site.reference).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(site.reference))).to_be_visible()
    check_accessibility(page, "the site page")

    # The in-depth assessment: start it, try to submit it empty, then complete it.
    page.locator('[data-testid="next-action"]').get_by_role("button", name="Start the in-depth assessment").click()
    page.get_by_role("button", name="Save and submit for approval").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Claim at least one of the five justification grounds.")
    check_accessibility(page, "the assessment form with errors")
    screenshot(page, "assessment-form-errors")
    summary.get_by_role("link", name=re.compile("Give the evidence of a pressing need")).click()
    expect(page.get_by_label("Evidence of a pressing need")).to_be_focused()

    page.get_by_label("National security and counter-terrorism").check()
    page.get_by_label("Serious, organised and major crime").check()
    justification = page.locator("#id_crime_prevention_justification")
    expect(justification).to_be_hidden()  # asked for only where needed
    page.get_by_label("Crime prevention and reduction").check()
    expect(justification).to_be_visible()
    justification.fill("Repeated fuel theft by an organised group; no other option works.")
    page.get_by_label("Evidence of a pressing need").fill("Burglaries on the route rose 18% in a year.")
    page.get_by_label("Local and wider views").fill("Parish council supportive at the public meeting.")
    page.get_by_label("Alternatives considered").fill("Mobile ANPR for six months: coverage too intermittent.")
    page.get_by_label("Measures of success").fill("Reads used in at least 12 investigations a year.")
    page.get_by_label("Conclusion").fill("Necessary and proportionate for the grounds claimed.")
    check_accessibility(page, "the completed assessment form")
    screenshot(page, "assessment-form")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted for approval")

    # The DPIA: screening, texts, a risk added in the page, then submitted.
    page.locator(".govuk-task-list").get_by_role("link", name="Privacy impact assessment (DPIA)").click()
    page.get_by_role("button", name="Start the privacy impact assessment").click()
    page.get_by_role("button", name="Save and submit for DPO advice and approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Add at least one risk to the risk register.")
    check_accessibility(page, "the DPIA form with errors")
    page.get_by_label("Public monitoring").check()
    page.get_by_label("Tracking").check()
    page.get_by_label("Description of the processing").fill("Two cameras read VRMs; reads kept 365 days.")
    page.get_by_label("Purposes of the processing").fill("Detect and disrupt crime on the route.")
    page.get_by_label("Necessity and proportionality").fill("Targeted at an evidenced problem.")
    for name, text in DPIA_SECTIONS.items():  # the rest of the ICO template's sections
        if isinstance(text, str):
            page.locator(f"#id_{name}").fill(text)
    page.get_by_role("group", name="Does sensitive processing arise?").get_by_label("No").check()
    new_risk = page.locator("fieldset", has=page.get_by_role("heading", name="Add a risk"))
    new_risk.get_by_label("Risk to individuals").fill("Collateral intrusion into drivers' movements.")
    new_risk.get_by_role("group", name="Likelihood of harm").get_by_label("Probable").check()
    new_risk.get_by_role("group", name="Severity of harm").get_by_label("Significant").check()
    new_risk.get_by_label("Measures to reduce or eliminate the risk").fill("Searches need a purpose and reference.")
    new_risk.get_by_label("Effect of the measures").select_option("reduced")
    new_risk.get_by_label("Likelihood of harm after the measures").select_option("remote")
    new_risk.get_by_label("Severity of harm after the measures").select_option("significant")
    page.get_by_role("button", name="Add this risk to the register").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The risk was added")
    expect(page.get_by_role("heading", name="Risk 1")).to_be_visible()
    # The levels come from the risk matrix: probable × significant is high, remote × significant low.
    expect(page.get_by_test_id("overall-level").first).to_contain_text("High")
    expect(page.get_by_test_id("residual-level").first).to_contain_text("Low")
    check_accessibility(page, "the DPIA form with a risk")
    screenshot(page, "dpia-form")
    page.get_by_role("button", name="Save and submit for DPO advice and approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")

    assert selectors.current_assessment(site).status == "submitted"
    dpia = selectors.current_dpia(site)
    assert dpia.status == "submitted" and dpia.screening_criteria == ["public_monitoring", "tracking"]
    assert [r.description for r in selectors.active_risks(dpia)] == ["Collateral intrusion into drivers' movements."]


def test_a_manager_returns_the_assessment_the_officer_fixes_it_and_the_manager_approves(
        page, sign_in, sign_out, site_url, check_accessibility, screenshot):
    """On the demo data (seed_demo): a realistic dashboard and queue."""
    seed(password=PASSWORD)
    doc = Assessment.objects.select_related("site").get(
        status="submitted", site__governance_officer__username="officer")
    site = doc.site

    sign_in(page, "manager")
    check_accessibility(page, "the manager's dashboard on the demo data")
    screenshot(page, "dashboard")
    queue = page.locator("section", has=page.get_by_role("heading", name="Awaiting my approval"))
    queue.get_by_role("listitem").filter(has_text=site.reference).get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Approve or return the in-depth assessment")).to_be_visible()
    check_accessibility(page, "the decision page")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to approve it or return it")
    check_accessibility(page, "the decision page with errors")
    page.get_by_label("Return it with comments").check()
    page.get_by_label("Comments", exact=True).fill("Give the crime figures for the route itself, not the district.")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("returned to the officer")
    sign_out(page)

    sign_in(page, "officer")
    page.goto(site_url(f"/sites/{site.reference}/"))
    page.locator(".govuk-task-list").get_by_role("link", name="In-depth assessment").click()
    expect(page.get_by_test_id("returned-comment")).to_contain_text("Give the crime figures for the route itself")
    page.get_by_label("Evidence of a pressing need").fill("On the route itself: 31 burglaries in a year, up 18%.")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted for approval")
    sign_out(page)

    sign_in(page, "manager")
    queue = page.locator("section", has=page.get_by_role("heading", name="Awaiting my approval"))
    queue.get_by_role("listitem").filter(has_text=site.reference).get_by_role("link").first.click()
    expect(page.get_by_text("On the route itself: 31 burglaries")).to_be_visible()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("was approved")

    doc.refresh_from_db()
    assert doc.status == "approved" and doc.decided_by.username == "manager"
    assert doc.pressing_need_evidence.startswith("On the route itself")
    timeline = page.locator("#approvals").locator("xpath=..")
    expect(timeline).to_contain_text("Returned with comments")
    expect(timeline).to_contain_text("Give the crime figures for the route itself")


def test_an_auditor_opens_the_history_and_cannot_change_anything(
        page, make_site, auditor, sign_in, site_url, check_accessibility, screenshot):
    site = make_site("live")
    sign_in(page, "auditor")
    page.goto(site_url(f"/sites/{site.reference}/"))
    check_accessibility(page, "the site page of a live site")
    screenshot(page, "site-page")
    main = page.locator("main")
    expect(main.locator("form")).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    for words in ("Edit", "Approve or return", "Start a new version", "Schedule a review"):
        expect(main.get_by_role("link", name=re.compile(words))).to_have_count(0)

    page.locator("summary", has_text="History").click()  # the records fold on the site page (issue 12)
    page.get_by_role("link", name="See the full history of every record").click()
    expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
    expect(main.locator(".app-diff").first).to_be_visible()
    expect(main).to_contain_text("Submitted for approval")
    check_accessibility(page, "the history page")
    screenshot(page, "history")

    page.goto(site_url(f"/sites/{site.reference}/assessment/"))
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(main).to_contain_text("Only a governance officer may prepare the in-depth assessment")
    check_accessibility(page, "the 403 page")
    page.goto(site_url("/sites/STS-999/"))
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
