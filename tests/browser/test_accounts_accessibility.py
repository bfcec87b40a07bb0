"""axe-core on the pages issue 11 added (roles, search grants, API tokens, two-factor
enrolment, the lockout message, the password change) and their error states: no serious
or critical violation."""

import pytest
from playwright.sync_api import expect

from anpr_governance.accounts import services as accounts
from anpr_governance.accounts.roles import Role
from anpr_governance.reads import services as reads

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


@pytest.fixture
def visit(page, site_url, check_accessibility):
    def visit(path: str, *, error: bool = True) -> None:
        page.goto(site_url(path))
        expect(page.locator("main h1")).to_be_visible()
        check_accessibility(page, path)
        if error:
            page.locator("main form button.govuk-button:not(.govuk-visually-hidden)").first.click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            check_accessibility(page, f"{path} with errors")

    return visit


def test_the_roles_grants_and_token_pages_have_no_serious_accessibility_problem(
        page, visit, sign_in, sign_out, check_accessibility, sysadmin, dpo, authoriser, investigator, officer, area):
    change = accounts.role_change_propose(actor=sysadmin, user=officer, role=Role.AUDITOR,
                                          reason="Moves to the audit team this month.")
    grant = reads.search_grant_propose(actor=sysadmin, user=investigator, area=area,
                                       reason="Joins the Stafford burglary team.")

    sign_in(page, "sysadmin")
    visit("/accounts/roles/")
    visit("/reads/grants/")
    sign_out(page)

    sign_in(page, "dpo")
    visit(f"/accounts/roles/{change.pk}/decide/")
    sign_out(page)

    sign_in(page, "authoriser")
    visit("/reads/grants/", error=False)
    visit(f"/reads/grants/{grant.pk}/decide/")
    visit("/accounts/api-tokens/", error=False)
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("main h1")).to_have_text("API token created")
    check_accessibility(page, "a token just created")
    visit("/accounts/password/")


def test_two_factor_enrolment_has_no_serious_accessibility_problem(page, site_url, check_accessibility, settings,
                                                                     investigator):
    settings.REQUIRE_MFA = True
    page.goto(site_url("/accounts/login/"))
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main h1")).to_have_text("Two-factor sign-in")
    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()
    check_accessibility(page, "two-factor enrolment with its QR code")
    page.locator("main input[name='code']").fill("000000")
    page.locator("main form button.govuk-button").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "two-factor enrolment with a wrong code")


def test_the_lockout_message_has_no_serious_accessibility_problem(page, site_url, check_accessibility, settings,
                                                                  officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(site_url("/accounts/login/"))
        page.get_by_label("Username").fill("officer")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main h1")).to_have_text("Sign-in is locked for this account")
    check_accessibility(page, "the lockout message")
