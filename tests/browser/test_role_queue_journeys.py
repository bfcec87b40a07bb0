"""More roles from sign-in to their work queue item done (issue 12, point 9), axe-core on every
new or changed page and state: the DPO gives advice that was requested; the auditor checks the
log (GOV.UK date inputs on its filter); the investigator searches with a purpose and a reference
(the window typed in GOV.UK date inputs and a time box);
the authorising officer refuses an authorisation, which needs a reason; the manager ceases
collection and decommissions a site, each through its confirmation page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anpr_governance.assessments import services as assessments
from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts
from anpr_governance.reads import services as reads
from anpr_governance.reads.models import Authorisation
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import DecommissionChecklist, Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db(transaction=True)


def confirmed(page, words: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(words)
    expect(banner).to_be_focused()


def test_the_dpo_gives_the_advice_requested(page, sign_in, make_site, officer, check_accessibility):
    site = make_site("privacy_review")
    texts = Texts()
    dpia = assessments.dpia_create(actor=officer, site=site)
    assessments.dpia_update(actor=officer, dpia=dpia, screening_criteria=["public_monitoring"],
                            processing_description=texts.processing, purposes=texts.purposes,
                            necessity_and_proportionality=texts.necessity, **DPIA_SECTIONS)
    for risk in texts.risks:
        assessments.risk_add(actor=officer, dpia=dpia, **risk)
    assessments.dpia_submit(actor=officer, dpia=dpia)

    sign_in(page, "dpo")
    queue = page.locator('[data-testid="queue-awaiting-me"]')
    expect(queue).to_contain_text("DPO advice on the DPIA")
    check_accessibility(page, "the DPO's dashboard with advice requested")
    queue.get_by_role("link", name=re.compile("DPO advice on the DPIA")).click()
    heading = page.get_by_role("heading", level=1, name="Give DPO advice on the privacy impact assessment")
    expect(heading).to_be_visible()
    check_accessibility(page, "the DPO advice page")
    page.get_by_role("button", name="Record my advice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary of your advice")
    check_accessibility(page, "the DPO advice page with errors")
    page.get_by_label("Summary of your advice").fill("Proportionate; keep the retention at 90 days.")
    page.get_by_role("button", name="Record my advice").click()
    confirmed(page, f"Your advice on the DPIA for {site.reference} was recorded.")
    check_accessibility(page, "the site page after the advice")
    page.goto(page.url.split("/sites/")[0] + "/")
    expect(page.locator('[data-testid="queue-awaiting-me"]')).to_contain_text("Nothing is waiting for your decision.")


def test_the_auditor_checks_the_log_from_their_queue(page, sign_in, investigator, auditor, check_accessibility):
    access_log_append(actor=investigator, action=Action.SEARCH, vrm="AB12CDE", purpose="major_crime",
                      reference="CRI/12345/25", result_count=2)
    today = timezone.localdate()
    sign_in(page, "auditor")
    page.locator('[data-testid="queue-packs"]').get_by_role("link", name="Check the access log").click()
    expect(page.get_by_role("heading", level=1, name="Access log")).to_be_visible()
    page.get_by_text("Filter the log").click()
    group = page.get_by_role("group", name="From")
    group.get_by_label("Day").fill("31")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The start date must be a real date")
    check_accessibility(page, "the access log with a wrong date")
    group = page.get_by_role("group", name="From")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table")).to_contain_text("AB12CDE")
    check_accessibility(page, "the access log filtered by day")
    page.get_by_role("link", name="Verify the chain").click()
    check_accessibility(page, "the verification page")
    page.get_by_role("button", name="Verify the chain now").click()
    confirmed(page, "The access log is intact")


def type_moment(group, moment: datetime.datetime, time: str) -> None:
    """Type a date in the day, month and year boxes of a date and time group, and `time` in its time box."""
    group.get_by_label("Day").fill(str(moment.day))
    group.get_by_label("Month").fill(str(moment.month))
    group.get_by_label("Year").fill(str(moment.year))
    group.get_by_label("Time").fill(time)


def test_the_investigator_searches_with_a_purpose_and_a_reference(page, sign_in, make_site, sysadmin, investigator,
                                                                grant_search, check_accessibility):
    site = make_site("live", reference="STS-070")
    grant_search(investigator, area=site.policing_area)
    feed, _ = reads.feed_create(actor=sysadmin, site=site, name="STS-070 back office")
    now = timezone.now()
    reads.reads_ingest(feed=feed, body={"reads": [
        {"camera": "STS-070-C1", "vrm": "AB12CDE", "read_at": (now - datetime.timedelta(hours=h)).isoformat()}
        for h in (2, 5)]})
    sign_in(page, "investigator")
    page.locator('[data-testid="queue-my-requests"]').get_by_role("link", name="Search reads").click()
    expect(page.get_by_role("heading", level=1, name="Search reads")).to_be_visible()
    check_accessibility(page, "the search page")
    page.get_by_label("VRM").fill("AB12 CDE")
    start, end = timezone.localtime(now - datetime.timedelta(days=1)), timezone.localtime(now)
    type_moment(page.get_by_role("group", name="From"), start, f"{start:%H.%M}")  # a dot is a time too
    type_moment(page.get_by_role("group", name="To"), end, "25:00")
    page.get_by_label("Crime or incident reference").fill("N/A")
    page.get_by_role("button", name="Search", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The end time must be a real time, for example 14:30")
    expect(summary.get_by_role("link", name="The end time must be a real time")).to_have_attribute("href", "#to-time")
    expect(page.locator("#to-time")).to_have_value("25:00")  # what was typed is kept
    expect(page.locator("#from-time")).to_have_value(f"{start:%H.%M}")
    check_accessibility(page, "the search page with errors")
    page.get_by_role("group", name="To").get_by_label("Time").fill(f"{end:%H:%M}")
    page.get_by_label("Major crime").check()
    page.get_by_label("Crime or incident reference").fill("CRI/12345/25")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"Search \d+: 2 reads"))).to_be_visible()
    check_accessibility(page, "the search results")


def test_the_investigator_asks_to_search_older_reads_with_the_window_the_search_was_refused(
        page, sign_in, site_url, make_site, investigator, grant_search, check_accessibility):
    site = make_site("live")
    grant_search(investigator, area=site.policing_area)
    start = timezone.localtime(timezone.now() - datetime.timedelta(days=100))
    end = start + datetime.timedelta(days=10)
    sign_in(page, "investigator")
    page.goto(site_url("/reads/search/"))
    page.get_by_label("VRM").fill("AB12CDE")
    type_moment(page.get_by_role("group", name="From"), start, "9:05")
    type_moment(page.get_by_role("group", name="To"), end, "2:30pm")
    page.get_by_label("Major crime").check()
    page.get_by_label("Crime or incident reference").fill("CRI/12345/25")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Request an authorisation for this search").click()
    expect(page.get_by_role("heading", level=1, name="Request an authorisation to search older reads")).to_be_visible()
    for name, moment, time in (("from", start, "9:05"), ("to", end, "2:30pm")):  # every box carried over
        for part, value in (("day", moment.day), ("month", moment.month), ("year", moment.year), ("time", time)):
            expect(page.locator(f"#{name}-{part}")).to_have_value(str(value))
    check_accessibility(page, "the authorisation request drawn from a refused search")
    page.get_by_label("Why older reads are needed").fill("Vehicle linked to a stabbing in March, seen nearby.")
    page.get_by_role("button", name="Request authorisation").click()
    expect(page.get_by_text(re.compile(r"Authorisation \d+ requested"))).to_be_visible()
    requested = Authorisation.objects.get()
    assert timezone.localtime(requested.window_from).replace(second=0, microsecond=0) == start.replace(
        hour=9, minute=5, second=0, microsecond=0)
    assert f"{timezone.localtime(requested.window_to):%d %m %Y %H:%M}" == f"{end:%d %m %Y} 14:30"


def test_the_authorising_officer_refuses_an_authorisation_with_a_reason(page, sign_in, make_site, investigator,
                                                                      grant_search, authoriser, check_accessibility):
    site = make_site("live")
    grant_search(investigator, area=site.policing_area)
    now = timezone.now()
    pending = reads.authorisation_request(
        actor=investigator, vrm="AB12CDE", date_from=now - datetime.timedelta(days=200),
        date_to=now - datetime.timedelta(days=100), purpose="serious_organised_crime",
        reference="CRI/12345/25", reason="Suspect vehicle seen at three burglaries.")
    sign_in(page, "authoriser")
    awaiting = page.locator('[data-testid="awaiting-decision"]')
    awaiting.get_by_role("link", name=re.compile(f"Authorisation {pending.pk}")).click()
    expect(page.get_by_text("If you refuse, the decision is final")).to_be_visible()
    check_accessibility(page, "the authorisation to decide")
    page.get_by_label("Refuse").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the authorisation is refused.")
    check_accessibility(page, "the authorisation with errors")
    page.get_by_label("Reason for your decision").fill("Not proportionate for a single burglary.")
    page.get_by_role("button", name="Record decision").click()
    confirmed(page, f"Authorisation {pending.pk} refused.")
    check_accessibility(page, "the refused authorisation")
    assert Authorisation.objects.get(pk=pending.pk).status == Authorisation.Status.REFUSED


def test_the_manager_ceases_collection_then_decommissions_through_confirmation_pages(
        page, sign_in, make_site, due_on, manager, check_accessibility, screenshot):
    due = timezone.localdate() - datetime.timedelta(days=45)
    site = due_on(make_site("live"), due)
    reviews.review_schedule(actor=manager, site=site, due_on=due)
    sign_in(page, "manager")
    page.locator('[data-testid="queue-flags"]').get_by_role("link", name=re.compile("overdue")).first.click()
    page.get_by_role("button", name=re.compile("Confirm and cease collection")).click()
    expect(page.get_by_role("heading", level=1, name=f"Cease collection at {site.reference}")).to_be_visible()
    expect(page.get_by_test_id("consequences")).to_contain_text("is withdrawn")
    check_accessibility(page, "the cease collection page")
    screenshot(page, "cease-collection")
    page.get_by_role("button", name="Cease collection").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why collection must cease at this site")
    check_accessibility(page, "the cease collection page with errors")
    page.get_by_label("Why must collection cease?").fill("No officer has been able to review it.")
    page.get_by_role("button", name="Cease collection").click()
    confirmed(page, f"Collection has ceased at {site.reference}")
    check_accessibility(page, "the checklist after ceasing")
    assert Review.objects.filter(site=site, state=Review.State.WITHDRAWN).exists()
    for item in DecommissionChecklist.ITEMS:
        reviews.decommission_checklist_record(actor=manager, site=Site.objects.get(pk=site.pk), item=item,
                                              done_on=timezone.localdate(), evidence=f"{item} ref 42")
    page.reload()
    page.get_by_role("button", name=f"Decommission {site.reference}").click()
    check_accessibility(page, "the decommission page")
    page.get_by_role("button", name=f"Decommission {site.reference}").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the site is being decommissioned")
    check_accessibility(page, "the decommission page with errors")
    page.get_by_label("Why is the site being decommissioned?").fill("Checklist complete.")
    page.get_by_role("button", name=f"Decommission {site.reference}").click()
    confirmed(page, f"{site.reference} has been decommissioned.")
    assert Site.objects.get(pk=site.pk).status == Status.DECOMMISSIONED
