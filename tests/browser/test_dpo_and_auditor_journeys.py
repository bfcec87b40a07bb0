"""The data protection officer answers a subject access request, and an auditor dip-samples
searches and verifies the access log, in a real browser with axe-core on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.reads import services as reads

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dpo_answers_a_subject_access_request(page, make_site, sysadmin, sign_in, site_url, check_accessibility):
    site = make_site("live", reference="STS-050")
    feed, _token = reads.feed_create(actor=sysadmin, site=site, name="STS-050 back office")
    now = timezone.now()
    reads.reads_ingest(feed=feed, body={"reads": [
        {"camera": "STS-050-C1", "vrm": "AB12CDE", "read_at": (now - datetime.timedelta(days=d)).isoformat()}
        for d in (1, 2)]})

    sign_in(page, "dpo")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Subject access").click()
    expect(page.get_by_role("heading", name="Subject access requests")).to_be_visible()
    check_accessibility(page, "the subject access page")
    page.get_by_label("SAR reference").fill("2026/12")
    page.get_by_label("VRM").fill("AB12 CDE")
    page.get_by_role("button", name="Find the reads held").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("is not a SAR reference")
    expect(page.get_by_label("VRM")).to_have_value("AB12 CDE")  # what was typed is kept
    check_accessibility(page, "the subject access page with errors")

    page.get_by_label("SAR reference").fill("SAR-2026-0012")
    page.get_by_label("How the requester's identity and keepership were verified").fill(
        "Passport and V5C seen; name and address match.")
    page.get_by_role("button", name="Find the reads held").click()
    expect(page.get_by_role("heading", name="SAR-2026-0012: AB12CDE")).to_be_visible()
    expect(page.get_by_test_id("read")).to_have_count(2)
    check_accessibility(page, "the subject access request")
    page.get_by_test_id("read").first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Produce the response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the chosen reads are withheld")
    check_accessibility(page, "the subject access request with errors")
    page.get_by_label("Why the chosen reads are withheld (if any)").fill(
        "Disclosure would prejudice an ongoing investigation (DPA 2018 s.45(4)).")
    page.get_by_role("button", name="Produce the response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 read(s) disclosed")
    check_accessibility(page, "the answered subject access request")
    with page.expect_download() as letter:
        page.get_by_role("link", name="Download the response letter (PDF)").click()
    assert letter.value.suggested_filename == "SAR-2026-0012-response.pdf"


def test_an_auditor_dip_samples_searches_and_verifies_the_log(page, investigator, auditor, sign_in, site_url,
                                                             check_accessibility):
    for n in range(6):
        access_log_append(actor=investigator, action=Action.SEARCH, vrm=f"AB{n:02d}CDE", purpose="major_crime",
                          reference=f"CRI/{10000 + n}/25", result_count=n)
    today = timezone.localdate()

    sign_in(page, "auditor")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dip-sampling").click()
    expect(page.get_by_role("heading", name="Dip-sampling of searches")).to_be_visible()
    check_accessibility(page, "the dip-sampling page")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "the dip-sampling page with errors")
    for label in ("Searches made from", "Up to and including"):
        group = page.get_by_role("group", name=label)
        group.get_by_label("Day").fill(str(today.day))
        group.get_by_label("Month").fill(str(today.month))
        group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("How many searches to sample").fill("10")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("larger than the 6 searches in the period")
    page.get_by_label("How many searches to sample").fill("50%")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_test_id("sampled")).to_have_count(3)
    check_accessibility(page, "the sample's summary")

    page.get_by_test_id("sampled").first.get_by_role("link", name="Record a finding").click()
    page.get_by_label("Not justified").check()
    page.get_by_role("button", name="Record the finding").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("notes are needed")
    check_accessibility(page, "the finding form with errors")
    page.get_by_label("Notes").fill("No link between the VRM and the crime reference.")
    page.get_by_role("button", name="Record the finding").click()
    expect(page.get_by_test_id("sampled").first).to_contain_text("Not justified")

    page.goto(site_url("/audit/verify/"))
    check_accessibility(page, "the verification page")
    page.get_by_role("button", name="Verify the chain now").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The access log is intact")
    check_accessibility(page, "the verification page after a check")
