"""The site page opens with the reader's next action, one button to the right form; the
records follow, folded, with the one where the current work is done open (issue 12, point 2)."""

import pytest

from anpr_governance.assessments import services as assessments

pytestmark = pytest.mark.django_db


def page(client, user, site):
    client.force_login(user)
    response = client.get(f"/sites/{site.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def next_action(html):
    return html.split('data-testid="next-action"')[1].split("</div>")[0]


def test_the_officer_is_offered_the_assessment_first_and_the_records_fold(client, officer, make_site):
    site = make_site("assessment")
    html = page(client, officer, site)
    button = next_action(html)
    assert f'"/sites/{site.reference}/assessment/' in button and "the in-depth assessment" in button
    assert html.index('data-testid="next-action"') < html.index('id="progress"') < html.index("<details")
    assert '<details class="govuk-details govuk-!-margin-bottom-2" data-section="assessment" open>' in html
    assert 'data-section="reviews">' in html  # folded


def test_the_manager_is_offered_the_decision_on_a_submitted_assessment(client, officer, manager, make_site):
    site = make_site("assessment")
    assessment = assessments.assessment_start(actor=officer, site=site)
    assessment.status = "submitted"
    assessment.save(update_fields=["status"])
    button = next_action(page(client, manager, site))
    assert f"/sites/{site.reference}/assessment/decide/" in button and "Decide on the in-depth assessment" in button


def test_a_reader_with_nothing_to_do_is_told_so(client, auditor, make_site):
    site = make_site("assessment")
    html = page(client, auditor, site)
    assert 'data-testid="next-action"' not in html
