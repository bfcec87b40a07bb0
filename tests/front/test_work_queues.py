"""Each role's own work first on the dashboard (issue 12, point 3): one queue per role, each
item a link to where the work is done, overdue first; statistics after."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.assessments import services as assessments
from anpr_governance.consultations.models import ConsultationExemption
from anpr_governance.front.work_queue import LIMIT
from anpr_governance.reads import services as reads
from anpr_governance.sites import services as sites
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def queue(html, key):
    assert f'data-testid="queue-{key}"' in html, key
    return html.split(f'data-testid="queue-{key}"')[1].split("</section>")[0]


def test_the_work_queue_comes_before_the_statistics(client, officer):
    html = dashboard(client, officer)
    assert html.index('data-testid="queue-my-sites"') < html.index('id="reviews-due"')


def test_a_proposed_site_assigned_to_the_officer_is_in_their_queue(client, officer, make_site):
    site = make_site("proposed")
    section = queue(dashboard(client, officer), "my-sites")
    # It leads to the one button at the top of the site page (issue 12, point 2).
    assert site.reference in section and f"/sites/{site.reference}/#next-steps" in section
    assert "Start the in-depth assessment" in section


def test_a_site_whose_move_is_blocked_is_not_offered_in_the_queue(client, officer, make_site):
    site = make_site("assessment")
    assessments.assessment_start(actor=officer, site=site)
    section = queue(dashboard(client, officer), "my-sites")
    assert f"/sites/{site.reference}/move/" not in section  # the assessment is not approved yet
    assert "(draft)" in section


def test_reviews_show_their_due_date_not_since_and_overdue_come_first(client, officer, make_site, due_on):
    today = timezone.localdate()
    later = due_on(make_site("live"), today + datetime.timedelta(days=40))
    late = due_on(make_site("live"), today - datetime.timedelta(days=10))
    section = queue(dashboard(client, officer), "my-sites")
    assert "Overdue" in section and late.reference in section
    assert later.reference not in section  # not due for 40 days: nothing to do yet
    assert "Since" not in section


def test_the_manager_sees_what_awaits_approval_and_the_flags_to_decide(client, manager, officer, make_site):
    site = make_site("assessment")
    assessments.assessment_start(actor=officer, site=site)
    html = dashboard(client, manager)
    assert "Nothing is waiting for your decision." in queue(html, "awaiting-me")
    assert "/reviews/flags/" in queue(html, "flags")


def test_the_authorising_officer_is_told_what_awaits_their_decision(client, authoriser, investigator):
    now = timezone.now()
    request = reads.authorisation_request(
        actor=investigator, vrm="AB12CDE", date_from=now - datetime.timedelta(days=200),
        date_to=now - datetime.timedelta(days=100), purpose="major_crime", reference="CRI/11111/25",
        reason="A long enough reason for the request.")
    html = dashboard(client, authoriser)
    section = html.split('data-testid="awaiting-decision"')[1].split("</section>")[0]
    assert f"/reads/authorisations/{request.pk}/" in section
    assert investigator.get_full_name() in section or investigator.username in section
    assert html.index('data-testid="awaiting-decision"') < html.index('id="reviews-due"')  # before the figures
    mine = queue(dashboard(client, investigator), "my-requests")
    assert f"/reads/authorisations/{request.pk}/" in mine and "pending" in mine and "/reads/search/" in mine


def test_the_system_administrator_sees_silent_feeds(client, sysadmin, make_site):
    site = make_site("live")
    reads.feed_create(actor=sysadmin, site=site, name="Back office A")
    section = queue(dashboard(client, sysadmin), "feeds")
    assert "Back office A" in section and "nothing received yet" in section


def test_the_auditor_is_led_to_packs_and_the_access_log(client, auditor):
    section = queue(dashboard(client, auditor), "packs")
    assert "/reports/" in section and "/audit/access-log/" in section


def test_the_register_filters_the_sites_assigned_to_me(client, officer, another_officer, manager, make_site):
    mine = make_site("proposed")
    theirs = make_site("proposed")
    sites.site_assign_officer(actor=manager, site=theirs, officer=another_officer)
    client.force_login(officer)
    html = client.get("/sites/?mine=on").content.decode()
    assert f"/sites/{mine.reference}/" in html and f"/sites/{theirs.reference}/" not in html


def test_the_approval_queue_shows_the_first_few_with_how_many_wait_and_where_the_rest_are(
        client, manager, officer, area):
    """A dashboard lists a bounded number of items per queue (issue 16: its time must not grow
    with the number of sites): the approval queue shows the first LIMIT, says how many are
    waiting in all and links to the register of the deployments awaiting approval."""
    waiting = LIMIT + 3
    Site.objects.bulk_create([
        Site(reference=f"AWA-{n:03d}", name=f"Waiting {n}", policing_area=area, location_type="la_major_road",
             status=Status.AWAITING_APPROVAL, submitted_by=officer) for n in range(waiting)])
    section = queue(dashboard(client, manager), "awaiting-me")
    assert section.count("<li class=\"govuk-task-list__item") == LIMIT
    assert "AWA-000" in section and f"AWA-{waiting - 1:03d}" not in section  # in reference order
    assert f"({waiting})" in section
    assert "/sites/?status=awaiting_approval" in section


@pytest.fixture
def more_waiting_than_shown(officer, area):
    """LIMIT + 3 deployments awaiting approval and an exemption to decide: LIMIT + 4 items."""
    waiting = Site.objects.bulk_create([
        Site(reference=f"AWA-{n:03d}", name=f"Waiting {n}", policing_area=area, location_type="la_major_road",
             status=Status.AWAITING_APPROVAL, submitted_by=officer) for n in range(LIMIT + 3)])
    ConsultationExemption.objects.create(site=waiting[-1], reason="Consulting would defeat the purpose.",
                                         requested_by=officer)


def test_the_approval_queue_keeps_its_order_across_kinds_when_it_shows_only_the_first(
        client, manager, more_waiting_than_shown):
    """Dated work (here an exemption to decide) comes before deployments, which have no date,
    also when more deployments wait than the queue shows."""
    section = queue(dashboard(client, manager), "awaiting-me")
    assert section.count("<li class=\"govuk-task-list__item") == LIMIT
    assert section.index("Exemption from consultation") < section.index("Deployment")
    assert f"AWA-{LIMIT - 2:03d}" in section and f"AWA-{LIMIT - 1:03d}" not in section
    assert f"({LIMIT + 4})" in section


def test_the_whole_approval_queue_is_one_link_away_with_every_kind_of_work(client, manager, more_waiting_than_shown):
    """Beyond the first LIMIT, the rest of the queue (not only deployments: here an exemption
    to decide, which the register of sites does not list) is reached from the dashboard."""
    section = queue(dashboard(client, manager), "awaiting-me")
    assert f"Show all {LIMIT + 4} waiting" in section and "?whole=awaiting-me#awaiting-me" in section
    whole = queue(client.get("/?whole=awaiting-me").content.decode(), "awaiting-me")
    assert whole.count("<li class=\"govuk-task-list__item") == LIMIT + 4
    assert f"AWA-{LIMIT + 2:03d}" in whole and "Exemption from consultation" in whole
    assert "Show all" not in whole
