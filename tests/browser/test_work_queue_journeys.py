"""Each role from sign-in to the work queue item done (issue 12, points 3, 4, 6 and 9), with
axe-core on every new page and state: the officer starts an assessment from their queue; the
manager decides on a deployment from the evidence; the system administrator revokes a feed
with a reason. Each confirmation is at the top of the page, with the focus."""

import re

import pytest
from playwright.sync_api import expect

from anpr_governance.reads import services as reads
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db(transaction=True)


def confirmed(page, words: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(words)
    expect(banner).to_be_focused()
    assert page.evaluate("() => window.scrollY") == 0  # at the top, not at a section far down


def test_an_officer_starts_the_assessment_from_their_queue(page, sign_in, make_site, check_accessibility,
                                                          screenshot):
    site = make_site("proposed")
    sign_in(page, "officer")
    queue = page.locator('[data-testid="queue-my-sites"]')
    expect(queue).to_contain_text(site.reference)
    check_accessibility(page, "the officer's dashboard with their queue")
    screenshot(page, "work-queue-officer")
    queue.get_by_role("link", name=re.compile("Start the in-depth assessment")).click()
    check_accessibility(page, "the site page with its one next step")
    page.get_by_role("button", name="Start the in-depth assessment").click()
    # One button: the site moves on and the assessment form opens (issue 12, point 2).
    expect(page.get_by_role("heading", level=1, name="In-depth assessment")).to_be_visible()
    check_accessibility(page, "the assessment form just started")
    assert Site.objects.get(pk=site.pk).status == Status.ASSESSMENT


def test_a_manager_decides_on_a_deployment_from_the_evidence(page, sign_in, make_site, check_accessibility,
                                                             screenshot):
    site = make_site("awaiting_approval")
    sign_in(page, "manager")
    page.locator('[data-testid="queue-awaiting-me"]').get_by_role("link", name=re.compile("Deployment")).click()
    expect(page.get_by_role("heading", level=1, name="Decide on the deployment")).to_be_visible()
    expect(page.locator('[data-testid="evidence"]')).to_contain_text("Residual risks")
    check_accessibility(page, "the deployment decision page")
    screenshot(page, "deployment-decision")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "the deployment decision page with errors")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my decision").click()
    confirmed(page, "was approved")
    assert Site.objects.get(pk=site.pk).status == Status.APPROVED


def test_the_system_administrator_revokes_a_silent_feed_with_a_reason(page, sign_in, make_site, sysadmin,
                                                                      check_accessibility, screenshot):
    site = make_site("live")
    feed, _ = reads.feed_create(actor=sysadmin, site=site, name="Back office A")
    sign_in(page, "sysadmin")
    expect(page.locator('[data-testid="queue-feeds"]')).to_contain_text("Back office A")
    check_accessibility(page, "the system administrator's dashboard")
    page.locator('[data-testid="queue-feeds"]').get_by_role("link", name=re.compile("Back office A")).click()
    page.get_by_role("link", name=re.compile("Revoke")).click()
    check_accessibility(page, "the revoke confirmation page")
    screenshot(page, "feed-revoke")
    page.get_by_role("button", name="Revoke the feed").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are revoking this feed")
    check_accessibility(page, "the revoke confirmation page with errors")
    page.get_by_label("Why are you revoking this feed?").fill("The camera was stolen.")
    page.get_by_role("button", name="Revoke the feed").click()
    confirmed(page, "revoked")
    feed.refresh_from_db()
    assert feed.revoked_at is not None
