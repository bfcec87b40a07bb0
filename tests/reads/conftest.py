"""Fixtures for read data: a live site with two cameras, its feed, and an investigator granted its area."""

import pytest
from read_helpers import INGEST

from anpr_governance.reads import services
from anpr_governance.sites import services as site_services


@pytest.fixture
def site(make_site, manager):
    site = make_site("live", reference="STS-001")
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C2", lane=2)
    return site


@pytest.fixture
def feed_and_token(site, sysadmin):
    return services.feed_create(actor=sysadmin, site=site, name="STS-001 back office")


@pytest.fixture
def feed(feed_and_token):
    return feed_and_token[0]


@pytest.fixture
def token(feed_and_token):
    return feed_and_token[1]


@pytest.fixture
def ingest(client, token):
    """ingest([read(), ...]) → the response of POST /api/v1/reads/ingest/ with the feed's token."""

    def post(reads, *, with_token=None):
        return client.post(INGEST, {"reads": reads}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {with_token or token}")

    return post


@pytest.fixture
def stored(feed):
    """stored([read(), ...]) puts reads in the store through the ingestion service."""

    def store(reads):
        result = services.reads_ingest(feed=feed, body={"reads": reads})
        assert not result.rejected, result.rejected
        return result

    return store


@pytest.fixture
def granted(investigator, site, grant_search):
    """The investigator, granted the site's policing area."""
    grant_search(investigator, area=site.policing_area)
    return investigator
