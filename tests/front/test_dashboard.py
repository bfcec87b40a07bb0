"""The dashboard at /: sites by status, reviews due and overdue, flagged sites, the
reader's own queue, and reviews due per month as a chart with the same figures in a table."""

import datetime
import re

import pytest
from django.utils import timezone

from anpr_governance.assessments import services as assessments
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def figure(html, testid):
    return int(re.search(rf'data-testid="{testid}">(?:<strong[^>]*>)?(\d+)', html).group(1))


def add(area, reference, status, due=None):
    return Site.objects.create(reference=reference, name="Dash", policing_area=area, location_type="la_major_road",
                               status=status, next_review_due=due)


def test_home_is_the_dashboard_and_counts_sites_by_status(client, auditor, area):
    add(area, "STS-101", "live")
    add(area, "STS-102", "live")
    add(area, "STS-103", "proposed")
    html = dashboard(client, auditor)
    assert "<h1 class=\"govuk-heading-l\">Dashboard</h1>" in html
    assert figure(html, "status-live") == 2 and figure(html, "status-proposed") == 1
    assert figure(html, "status-decommissioned") == 0


def test_reviews_due_within_30_60_and_90_days_and_overdue_are_counted(client, auditor, area):
    today = timezone.localdate()
    for n, days in enumerate([-5, 10, 45, 80, 200]):
        add(area, f"STS-2{n:02d}", "live", today + datetime.timedelta(days=days))
    add(area, "STS-299", "decommissioned", today - datetime.timedelta(days=5))  # no longer reviewed
    html = dashboard(client, auditor)
    assert figure(html, "overdue") == 1
    assert (figure(html, "due-30"), figure(html, "due-60"), figure(html, "due-90")) == (1, 2, 3)
    assert "Overdue reviews" in html and "STS-200" in html


def test_the_chart_of_reviews_per_month_has_the_same_figures_in_a_table(client, auditor, area):
    today = timezone.localdate()
    first = today.replace(day=28) if today.day <= 28 else today
    add(area, "STS-301", "live", first)
    add(area, "STS-302", "live", first)
    html = dashboard(client, auditor)
    assert '<svg class="app-chart" role="img"' in html
    table = html.split('id="reviews-by-month-table"')[1].split("</table>")[0]
    assert table.count('<tr class="govuk-table__row">') == 13  # a header and 12 months
    month = f"{first:%B %Y}"
    assert re.search(rf"{month}</th>\s*<td[^>]*>2</td>", table)
    assert 'class="app-chart__value" text-anchor="middle">2</text>' in html


def test_a_manager_sees_what_awaits_their_approval_but_not_their_own_work(client, manager, another_manager,
                                                                          make_site, officer):
    site = make_site("assessment")
    doc = assessments.assessment_start(actor=officer, site=site)
    assessments.assessment_save(actor=officer, assessment=doc, submit=True, fields={
        "national_security_claimed": True, "pressing_need_evidence": "x", "alternatives_considered": "y",
        "measures_of_success": "z", "conclusion": "w"})
    html = dashboard(client, manager)
    section = html.split('id="awaiting-me"')[1].split("</section>")[0]
    assert site.reference in section and "In-depth assessment, version 1" in section
    assert f"/sites/{site.reference}/assessment/decide/" in section


def test_an_officer_sees_their_drafts_and_no_approval_queue(client, officer, make_site):
    site = make_site("assessment")
    assessments.assessment_start(actor=officer, site=site)
    html = dashboard(client, officer)
    assert 'id="awaiting-me"' not in html
    section = html.split('id="my-sites"')[1].split("</section>")[0]
    assert site.reference in section and "(draft)" in section


def test_sites_flagged_for_decommissioning_are_listed_with_the_reason(client, auditor, area):
    """A live site whose review is overdue beyond the grace period raises review_overdue."""
    today = timezone.localdate()
    add(area, "STS-401", "live", due=today - datetime.timedelta(days=45))
    add(area, "STS-402", "live", due=today + datetime.timedelta(days=45))
    html = dashboard(client, auditor)
    section = html.split('id="flagged-sites"')[1].split("</section>")[0]
    assert "STS-401" in section and "45 days overdue" in section and "STS-402" not in section


def test_with_no_flags_the_section_says_so(client, auditor, area):
    assert "No sites are flagged." in dashboard(client, auditor)


def test_a_user_without_a_role_is_told_so(client, make_user):
    html = dashboard(client, make_user("nobody"))
    assert "Your account has no role yet" in html and "Sites by status" not in html


def test_navigation_offers_each_role_only_what_it_may_use(client, auditor, sysadmin, make_user):
    html = dashboard(client, auditor)
    assert 'href="/sites/"' in html and 'href="/admin/"' not in html
    html = dashboard(client, make_user("nobody"))
    assert 'href="/sites/"' not in html
