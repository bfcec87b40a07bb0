"""axe-core on the evidence upload forms (with their error states: no file, a wrong type) and on
the review form of a site that went ahead on an exemption (the question whether it still holds,
and the panel of what the review draws on)."""

import pytest
from playwright.sync_api import expect

from anpr_governance.demo.walkthrough import Texts, advance
from anpr_governance.evidence.services import evidence_upload
from anpr_governance.reviews import services as reviews

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_evidence_forms_and_the_review_form_have_no_serious_accessibility_problem(
        page, sign_in, sign_out, site_url, check_accessibility, make_site, actors, officer, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    site = advance(make_site("proposed"), "live", actors, Texts(use_exemption=True))
    dpia = site.dpias.get(status="approved")
    evidence_upload(actor=officer, record=dpia, upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.7\n%%EOF\n"),
                    description="Signed DPIA")
    review = reviews.review_start(actor=actors.officer, review=reviews.review_schedule(
        actor=actors.manager, site=site, due_on=site.next_review_due))

    sign_in(page, "officer")
    path = f"/sites/{site.reference}/evidence/dpia/{dpia.pk}/"
    page.goto(site_url(path))
    expect(page.locator("main h1")).to_contain_text("Evidence files")
    check_accessibility(page, "the evidence page")
    page.locator("main form button.govuk-button").first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a file")
    check_accessibility(page, "the evidence page with no file chosen")
    wrong = tmp_path / "notes.pdf"
    wrong.write_bytes(b"MZ this is not a PDF")
    page.set_input_files(f"#id_evidence-dpia-{dpia.pk}-file", str(wrong))
    page.fill(f"#id_evidence-dpia-{dpia.pk}-description", "Letter")
    page.locator("main form button.govuk-button").first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file must be a PDF, image, office document or e-mail")
    expect(page.locator(f"#id_evidence-dpia-{dpia.pk}-file-error")).to_be_visible()
    check_accessibility(page, "the evidence page with a wrong file type")

    page.goto(site_url(f"/sites/{site.reference}/"))
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # every upload form shown
    expect(page.locator(f"#id_evidence-dpia-{dpia.pk}-file")).to_be_visible()
    assert page.evaluate("new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"
                         " === document.querySelectorAll('[id]').length")  # no id twice
    check_accessibility(page, "the site page with an evidence upload form open")

    page.goto(site_url(f"/sites/{site.reference}/reviews/{review.pk}/"))
    expect(page.locator("main")).to_contain_text("Does the exemption from consultation still hold?")
    expect(page.locator("[data-testid=review-evidence]")).to_be_visible()
    check_accessibility(page, "the review form with the exemption question")
    page.locator("main form button.govuk-button[value=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe any change in intrusion")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether the exemption from consultation")
    check_accessibility(page, "the review form with errors")
    sign_out(page)
