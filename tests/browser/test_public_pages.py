"""The public pages in Chromium: the XSS corpus through "Leave a reply", shown to the moderator
and then on the public page (no dialog, no script, nothing but the allowed elements and
attributes, which survive intact); axe-core on every public page; and the pages with
JavaScript switched off."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from xss_corpus import ALLOWED_SAMPLE, ALLOWED_SELECTORS, PAYLOADS

from anpr_governance.consultations import selectors, services
from anpr_governance.consultations.models import Consultation
from anpr_governance.consultations.sanitise import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from anpr_governance.demo.builder import seed

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"  # the demo's logins get the password the other tests use

# Every element inside the replies' comments, with its attributes; and any script the page holds
# beyond the one GOV.UK Frontend module every page loads.
ELEMENTS = """sel => Array.from(document.querySelectorAll(sel + ' *')).map(
    el => ({tag: el.tagName.toLowerCase(), attrs: Array.from(el.attributes).map(a => [a.name, a.value])}))"""
EXTRA_SCRIPTS = """() => Array.from(document.scripts).filter(s => !s.src.endsWith('/static/js/app.js')).length"""


@pytest.fixture
def consultation(make_site, officer, settings):
    settings.ANPR_PUBLIC_REPLY_MIN_SECONDS = 0  # a robot's speed is what this test has
    settings.ANPR_PUBLIC_REPLIES_PER_HOUR = 1000
    today = timezone.localdate()
    return services.consultation_open(
        actor=officer, site=make_site("consultation"), method="online_survey", summary="Proposal.", opened_on=today,
        public_summary="We propose cameras on the main routes into the town.", public_purpose="local_crime",
        respond_by=today + datetime.timedelta(days=28))


@pytest.fixture
def watched(page):
    """The page, recording every dialog (alert, confirm, prompt) that script opens."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def assert_only_allowed_markup(page, where: str, container: str = ".app-public-reply__comment") -> None:
    assert page.dialogs == [], f"a dialog opened on {where}: {page.dialogs[:3]}"
    assert page.evaluate("() => window.__pwned") is None, f"script ran on {where}"
    assert page.evaluate(EXTRA_SCRIPTS) == 0, f"a script element is on {where}"
    for element in page.evaluate(ELEMENTS, container):
        tag, attrs = element["tag"], dict(element["attrs"])
        assert tag in ALLOWED_TAGS, f"<{tag}> survived on {where}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, f"<{tag} {attrs}> survived on {where}"
        for name in ("href", "cite"):
            if name in attrs:
                assert urlsplit(attrs[name]).scheme in URL_SCHEMES, f"{name}={attrs[name]!r} on {where}"
        if tag == "a":
            assert attrs.get("rel") == "nofollow noopener"


def assert_allowed_sample_intact(page) -> None:
    sample = page.locator(".app-public-reply", has_text="Allowed sample").locator(".app-public-reply__comment")
    for selector in ALLOWED_SELECTORS:
        expect(sample.locator(selector).first).to_be_attached()


def test_the_xss_corpus_is_harmless_for_the_moderator_and_on_the_public_page(
        watched, site_url, sign_in, consultation, officer, check_accessibility):
    page = watched
    page_url = site_url(f"/consult/{consultation.pk}/")
    for number, comment in [*enumerate(PAYLOADS, 1), ("Allowed sample", ALLOWED_SAMPLE)]:
        page.goto(page_url)
        page.get_by_label("Your name").fill(f"Tester {number}")
        page.get_by_label("Your comment").fill(f"Reply {number}: {comment}")
        page.get_by_role("button", name="Send your reply").click()
        expect(page.locator("h1"), f"reply {number}: {page.locator('main').inner_text()[:300]}").to_have_text(
            "Your reply was received")
    assert selectors.replies_awaiting_moderation(officer).count() == len(PAYLOADS) + 1

    sign_in(page, "officer")
    page.goto(site_url("/consultations/replies/"))
    expect(page.locator("[data-testid=pending-reply]")).to_have_count(len(PAYLOADS) + 1)
    page.locator("[data-testid=pending-reply] .app-public-reply__comment a").first.hover()
    assert_only_allowed_markup(page, "the moderation list")
    check_accessibility(page, "the moderation list")
    first = selectors.replies_awaiting_moderation(officer).first()
    page.goto(site_url(f"/consultations/replies/{first.pk}/"))
    assert_only_allowed_markup(page, "the moderation page", "[data-testid=moderated-comment]")
    check_accessibility(page, "the moderation page")

    for reply in selectors.replies_awaiting_moderation(officer):
        services.public_reply_moderate(actor=officer, reply=reply, approve=True)
    page.goto(page_url)
    expect(page.locator("[data-testid=public-reply]")).to_have_count(len(PAYLOADS) + 1)
    for link in page.locator(".app-public-reply__comment a, .app-public-reply__comment q").all()[:20]:
        link.hover()
    assert_only_allowed_markup(page, "the public consultation page")
    assert_allowed_sample_intact(page)
    check_accessibility(page, "the public consultation page with replies")


def test_every_public_page_and_its_error_state_has_no_serious_accessibility_problem(
        page, site_url, consultation, check_accessibility):
    for path in ("/consult/", f"/consult/{consultation.pk}/", "/transparency/"):
        page.goto(site_url(path))
        expect(page.locator("main h1")).to_be_visible()
        check_accessibility(page, path)
    page.goto(site_url(f"/consult/{consultation.pk}/"))
    page.get_by_role("button", name="Send your reply").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name")
    check_accessibility(page, "the reply form with errors")
    page.get_by_label("Your name").fill("Jo Resident")
    page.get_by_label("Your comment").fill("I support this.")
    page.get_by_role("button", name="Send your reply").click()
    expect(page.locator("h1")).to_have_text("Your reply was received")
    check_accessibility(page, "the confirmation")


def test_the_public_pages_work_with_javascript_off(browser, site_url, consultation):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url("/consult/"))
        page.get_by_role("link", name="ANPR cameras in Stafford").click()
        page.get_by_label("Your name").fill("Jo Resident")
        page.get_by_label("Your comment").fill("<em>Please</em> add signs.")
        page.get_by_role("button", name="Send your reply").click()
        expect(page.locator("h1")).to_have_text("Your reply was received")
        expect(page.get_by_text("What happens next")).to_be_visible()
        page.goto(site_url("/transparency/"))
        expect(page.locator("[data-figure=sites_by_status] table")).to_contain_text("Consultation")
    finally:
        context.close()
    assert consultation.public_replies.get().comment == "<em>Please</em> add signs."


def test_the_public_pages_and_moderation_on_the_demo_data(page, site_url, sign_in, check_accessibility, screenshot):
    seed(password=PASSWORD)
    page.goto(site_url("/consult/"))
    check_accessibility(page, "the demo's consultations")
    screenshot(page, "public-consultations")
    with_replies = next(c for c in Consultation.objects.exclude(public_summary="").filter(state="open")
                        if c.public_replies.filter(state="approved").exists())
    page.goto(site_url(f"/consult/{with_replies.pk}/"))
    expect(page.locator("[data-testid=public-reply] abbr[title]")).to_have_count(1)
    check_accessibility(page, "a demo consultation with replies")
    screenshot(page, "public-consultation")
    page.goto(site_url("/transparency/"))
    expect(page.locator("[data-figure=searches_last_30_days_by_purpose] table")).to_be_visible()
    check_accessibility(page, "the transparency page on the demo data")
    screenshot(page, "public-transparency")
    sign_in(page, "officer")
    page.goto(site_url("/consultations/replies/"))
    expect(page.locator("[data-testid=pending-reply]").first).to_be_visible()
    check_accessibility(page, "the officer's replies awaiting moderation on the demo data")
    screenshot(page, "public-moderation")
