"""Pages cost the same number of queries with 10 sites and with 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anpr_governance.accounts.models import User
from anpr_governance.consultations.models import ConsultationExemption
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Camera, Site

pytestmark = pytest.mark.django_db

STATUSES = list(Status.values)


def bulk_sites(area, start: int, count: int) -> None:
    """Rows only (not through the services): sites in every status with review dates
    spread over a year either side of today, each with two cameras; every third site is
    exempt from consultation (an approved exemption, which the flag rules read)."""
    today = timezone.localdate()
    sites = Site.objects.bulk_create([
        Site(reference=f"BLK-{n:04d}", name=f"Bulk site {n}", policing_area=area, location_type="la_major_road",
             status=STATUSES[n % len(STATUSES)], next_review_due=today + datetime.timedelta(days=n % 400 - 60),
             location_description="Somewhere", grid_reference="SJ 100 200")
        for n in range(start, start + count)
    ])
    Camera.objects.bulk_create([Camera(site=site, identifier=f"{site.reference}-C{lane}", lane=lane)
                                for site in sites for lane in (1, 2)])
    someone = User.objects.order_by("pk").first()
    ConsultationExemption.objects.bulk_create([
        ConsultationExemption(site=site, reason="Consulting would defeat the purpose.", requested_by=someone,
                              decided_by=someone, decided_at=timezone.now(),
                              state=ConsultationExemption.State.APPROVED,
                              cameras_at_approval=[f"{site.reference}-C1", f"{site.reference}-C2"])
        for n, site in enumerate(sites) if n % 3 == 0
    ])


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.mark.parametrize("role", ["manager", "officer", "auditor"])
def test_dashboard_register_and_site_page_make_as_many_queries_for_1000_sites_as_for_10(
        client, request, role, make_site, area):
    site = make_site("live")  # a site with a full history, walked through the services
    user = request.getfixturevalue(role)
    client.force_login(user)
    urls = ["/", "/sites/", "/sites/?status=live&sort=review&order=desc", "/sites/?flagged=on",
            "/sites/export.csv", f"/sites/{site.reference}/", f"/sites/{site.reference}/history/"]
    for url in urls:  # warm caches (content types, sessions) so both rounds start alike
        client.get(url)

    bulk_sites(area, 1, 10)
    with_10 = {url: queries(client, url) for url in urls}
    bulk_sites(area, 11, 990)
    assert Site.objects.count() == 1001
    with_1000 = {url: queries(client, url) for url in urls}
    assert with_1000 == with_10


def test_with_the_sweeps_flag_verdicts_the_flag_pages_cost_as_many_queries_and_run_the_rules_on_shown_sites_only(
        client, manager, make_site, area, monkeypatch):
    """Issue 16: the dashboard and the "flagged only" register find flagged sites in the
    database (reviews/standing_flags.py); the rules run only on the sites a page shows."""
    from anpr_governance.reviews import flags, standing_flags

    make_site("live")
    client.force_login(manager)
    urls = ["/", "/sites/?flagged=on"]
    for url in urls:
        client.get(url)
    judged = []

    def counting(rule):
        def check(site, ctx):
            judged.append(site.pk)
            return rule(site, ctx)
        return check

    bulk_sites(area, 1, 10)
    standing_flags.refresh()
    monkeypatch.setattr(flags, "RULES", {code: counting(rule) for code, rule in flags.RULES.items()})
    with_10 = {url: queries(client, url) for url in urls}
    monkeypatch.undo()
    bulk_sites(area, 11, 990)
    standing_flags.refresh()
    monkeypatch.setattr(flags, "RULES", {code: counting(rule) for code, rule in flags.RULES.items()})
    judged.clear()
    with_1000 = {url: queries(client, url) for url in urls}
    assert with_1000 == with_10
    flagged = standing_flags.flagged(Site.objects.all()).count()
    collecting = Site.objects.filter(status__in=COLLECTING).count()
    assert 10 < flagged < collecting
    # Before, every collecting site was judged on each request; now only the flagged ones shown
    # (the dashboard and the manager's queue the first 10, the register a page of 50).
    assert 0 < len(set(judged)) <= min(flagged, 10 + 50)
