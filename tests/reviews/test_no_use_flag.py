"""The `no_use` flag from real read data: a feed delivering reads, and searches that return
them (in the access log)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.reads.models import Feed
from anpr_governance.reads.services.feeds import feed_create
from anpr_governance.reads.services.ingest import reads_ingest
from anpr_governance.reads.services.search import read_search
from anpr_governance.reviews.flags import flags_for
from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db
VRM = "AB12CDE"


def rules(site) -> list[str]:
    return [flag.rule for flag in flags_for(Site.objects.get(pk=site.pk))]


@pytest.fixture
def collecting(make_site, sysadmin, investigator, area, grant_search):
    """A live site whose feed has delivered a read; the investigator may search its area."""
    site = make_site("live")
    feed, _token = feed_create(actor=sysadmin, site=site, name="Feed 1")
    grant_search(investigator, area=area)
    return site, feed


def deliver_and_search(site, feed, investigator, at: datetime.datetime):
    camera = site.cameras.first().identifier
    reads_ingest(feed=feed, body={"reads": [{"camera": camera, "vrm": VRM, "read_at": at.isoformat(),
                                             "confidence": 0.97}]}, now=at)
    with time_machine.travel(at + datetime.timedelta(minutes=5), tick=False):
        read_search(actor=investigator, vrm=VRM, date_from=(at - datetime.timedelta(days=1)).isoformat(),
                    date_to=(at + datetime.timedelta(minutes=1)).isoformat(), purpose="major_crime",
                    reference="CRI/12345/26")


def collecting_since(feed, days: int):
    # The feed has been delivering for `days` (its creation is what the rule reads).
    Feed.objects.filter(pk=feed.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_no_use_waits_until_a_site_has_delivered_reads_for_the_whole_window(collecting, settings):
    site, feed = collecting
    settings.ANPR_NO_USE_WINDOW_DAYS = 30
    assert rules(site) == []  # the feed has delivered nothing yet
    reads_ingest(feed=feed, body={"reads": [{"camera": site.cameras.first().identifier, "vrm": VRM,
                                             "read_at": timezone.now().isoformat()}]})
    collecting_since(feed, 29)
    assert rules(site) == []
    collecting_since(feed, 31)
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag["rule"] == "no_use" and "none ever has" in flag["reason"]


def test_a_search_returning_the_sites_reads_within_the_window_clears_the_flag(collecting, investigator):
    site, feed = collecting
    deliver_and_search(site, feed, investigator, timezone.now() - datetime.timedelta(days=181))
    collecting_since(feed, 300)
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag["rule"] == "no_use"
    assert flag["reason"].startswith("No read search has returned reads from this site in the last 180 days")
    deliver_and_search(site, feed, investigator, timezone.now() - datetime.timedelta(days=2))
    assert rules(site) == []


def test_a_list_of_sites_reads_the_activity_without_a_query_per_site(collecting, auditor,
                                                                      django_assert_max_num_queries):
    site, feed = collecting
    reads_ingest(feed=feed, body={"reads": [{"camera": site.cameras.first().identifier, "vrm": VRM,
                                             "read_at": timezone.now().isoformat()}]})
    collecting_since(feed, 300)
    sites = list(sites_with_flags(auditor))
    with django_assert_max_num_queries(0):
        assert [f["rule"] for f in site_flags(next(s for s in sites if s.pk == site.pk))] == ["no_use"]
