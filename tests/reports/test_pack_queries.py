"""Gathering a pack's data costs a fixed number of queries: it does not grow with the
number of history rows per site, nor with the number of sites."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anpr_governance.core.history import save_with_history
from anpr_governance.demo.walkthrough import review_site
from anpr_governance.reports import services
from anpr_governance.reports.models import Pack
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db


def queries_to_gather(pack_id: int) -> tuple[int, dict]:
    pack = Pack.objects.select_related("requested_by").get(pk=pack_id)  # a fresh requester: no cached roles
    with CaptureQueriesContext(connection) as captured:
        data = services.pack_data(pack)
    return len(captured), data


def history_rows(site) -> int:
    return Site.history.filter(id=site.pk).count()


def test_queries_do_not_grow_with_the_history_of_a_site(make_site, actors, auditor):
    site = make_site("live", reference="STS-120")
    pack = services.pack_request(actor=auditor, scope="site", site_reference="STS-120", enqueue=False)
    before, data = queries_to_gather(pack.pk)
    changes_before, rows_before = len(data["sites"][0]["changes"]), history_rows(site)

    for _ in range(4):  # four yearly reviews, each approved: many more history rows of several records
        review_site(site, actors)
        site.refresh_from_db()
    for n in range(10):
        site.lanes = 2 + n % 2
        save_with_history(site, actor=actors.manager, reason="test.lanes_corrected")

    after, data = queries_to_gather(pack.pk)
    assert history_rows(site) >= rows_before + 20
    assert len(data["sites"][0]["changes"]) >= changes_before + 40
    assert len(data["sites"][0]["reviews"]) == 4
    assert after == before


def test_queries_do_not_grow_with_the_number_of_sites(make_site, auditor):
    make_site("live", reference="STS-121")
    one = services.pack_request(actor=auditor, scope="force", enqueue=False)
    with_one, data = queries_to_gather(one.pk)
    assert len(data["sites"]) == 1
    for n, status in enumerate(["live", "consultation", "decommissioned", "under_review"], start=122):
        make_site(status, reference=f"STS-{n}")
    with_five, data = queries_to_gather(one.pk)
    assert len(data["sites"]) == 5
    assert with_five == with_one
