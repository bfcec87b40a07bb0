"""Selectors other apps use: when a site's reads were last needed, and its feeds. Counts, never VRMs."""

from read_helpers import SEARCH, ago, read, search_body

from anpr_governance.audit.selectors import access_statistics, access_statistics_by_site
from anpr_governance.reads import services
from anpr_governance.reads.selectors import feeds_by_site, last_search_hit_at_by_site


def test_last_search_hit_is_the_latest_search_that_returned_the_sites_reads(client, granted, stored, site,
                                                                            make_site):
    quiet = make_site("live", reference="STS-002")
    stored([read(at=ago(2))])
    client.force_login(granted)
    assert last_search_hit_at_by_site([site.pk, quiet.pk]) == {site.pk: None, quiet.pk: None}
    client.post(SEARCH, search_body(), content_type="application/json")
    client.post(SEARCH, search_body(vrm="NO11NE"), content_type="application/json")  # no results: no hit
    hits = last_search_hit_at_by_site([site.pk, quiet.pk])
    assert hits[quiet.pk] is None
    assert hits[site.pk] is not None


def test_site_statistics_count_searches_by_purpose_without_vrms(client, granted, stored, site):
    stored([read(at=ago(2))])
    client.force_login(granted)
    for purpose in ("major_crime", "major_crime", "safeguarding"):
        client.post(SEARCH, search_body(purpose=purpose), content_type="application/json")
    client.post(SEARCH, search_body(reference="n/a"), content_type="application/json")  # refused
    stats = access_statistics_by_site([site.pk])[site.pk]
    assert stats.searches == 3 and stats.reads_returned == 3
    assert stats.searches_by_purpose == {"major_crime": 2, "safeguarding": 1}
    assert stats.authorised_searches == 0
    assert "AB12CDE" not in repr(stats)


def test_force_statistics_count_searches_refusals_and_authorisations(client, granted, authoriser, stored):
    stored([read(at=ago(2))])
    client.force_login(granted)
    client.post(SEARCH, search_body(), content_type="application/json")
    client.post(SEARCH, search_body(reference="investigation"), content_type="application/json")
    first = services.authorisation_request(actor=granted, vrm="AB12CDE", date_from=ago(200), date_to=ago(100),
                                           purpose="major_crime", reference="CRI/11111/25",
                                           reason="A long enough reason for the request.")
    second = services.authorisation_request(actor=granted, vrm="AB12CDE", date_from=ago(200), date_to=ago(100),
                                            purpose="major_crime", reference="CRI/22222/25",
                                            reason="A long enough reason for the request.")
    services.authorisation_decide(actor=authoriser, authorisation=first, decision="approve")
    services.authorisation_decide(actor=authoriser, authorisation=second, decision="refuse", comment="No.")
    stats = access_statistics()
    assert (stats.searches, stats.searches_refused) == (1, 1)
    assert stats.searches_by_purpose == {"major_crime": 1}
    assert (stats.authorisations_requested, stats.authorisations_approved, stats.authorisations_refused) == (2, 1, 1)
    assert "AB12CDE" not in repr(stats)


def test_feeds_by_site_says_when_each_feed_last_delivered(feed, stored, site, sysadmin):
    assert feeds_by_site([site.pk])[site.pk][0].last_received_at is None
    stored([read()])
    [summary] = feeds_by_site([site.pk])[site.pk]
    assert summary.active and summary.reads_accepted == 1 and summary.last_received_at is not None
    services.feed_revoke(actor=sysadmin, feed=feed, reason="Replaced.")
    assert not feeds_by_site([site.pk])[site.pk][0].active


def test_the_statistics_take_a_constant_number_of_queries(django_assert_num_queries, site, make_site):
    ids = [site.pk, make_site("live", reference="STS-009").pk]
    with django_assert_num_queries(2):
        access_statistics_by_site(ids)
