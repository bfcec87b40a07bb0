"""Looking up sites reads only sites, their areas and cameras: the decommissioning flags
(reviews, feeds, the access log) are loaded only for pages that ask for them."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites.selectors import site_or_404, sites_for_user

pytestmark = pytest.mark.django_db


def tables_read(action) -> str:
    with CaptureQueriesContext(connection) as context:
        action()
    return " ".join(query["sql"] for query in context.captured_queries)


def test_a_site_page_lookup_touches_no_reads_audit_or_reviews_table(make_site, auditor):
    site = make_site("live")
    sql = tables_read(lambda: site_or_404(auditor, site.reference))
    assert '"sites_site"' in sql
    for other in ('"reads_', '"audit_', '"reviews_', '"assessments_'):
        assert other not in sql


def test_listing_sites_touches_no_reads_audit_or_reviews_table(make_site, auditor):
    make_site("live")
    sql = tables_read(lambda: list(sites_for_user(auditor)))
    assert '"sites_camera"' in sql
    for other in ('"reads_', '"audit_', '"reviews_'):
        assert other not in sql


def test_sites_with_flags_load_what_the_rules_read_so_flags_cost_no_further_query(make_site, auditor,
                                                                               django_assert_num_queries):
    site = make_site("live")
    sql = tables_read(lambda: list(sites_with_flags(auditor)))
    assert '"reads_feed"' in sql and '"audit_accesslogsite"' in sql and '"reviews_review"' in sql
    [loaded] = [s for s in sites_with_flags(auditor) if s.pk == site.pk]
    with django_assert_num_queries(0):
        assert site_flags(loaded) == []


def test_a_site_the_reader_may_not_see_is_a_404_that_names_the_reference(make_user):
    nobody = make_user("nobody")
    with pytest.raises(Http404, match="STS-404"):
        site_or_404(nobody, "STS-404")
