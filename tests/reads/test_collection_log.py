"""Collection is in the hash-chained access log (DPA 2018 s.62): each ingestion request
appends one `reads.collected` entry with the feed, the site and its counts, never a VRM."""

import pytest
from read_helpers import ago, read

from anpr_governance.audit.chain import verify_chain
from anpr_governance.audit.models import AccessLogEntry, Action

pytestmark = pytest.mark.django_db


def collected():
    return list(AccessLogEntry.objects.filter(action=Action.COLLECTED).order_by("sequence"))


def test_each_ingestion_request_appends_one_entry_with_its_counts(ingest, feed, site):
    first = read(vrm="AB12CDE")
    ingest([first, read(vrm="ZZ99ZZZ"), read(camera="NOPE-1")])
    ingest([first])
    one, two = collected()
    assert one.details == {"feed": feed.name, "site": "STS-001", "accepted": 2, "duplicates": 0, "rejected": 1}
    assert two.details == {"feed": feed.name, "site": "STS-001", "accepted": 0, "duplicates": 1, "rejected": 0}
    assert one.actor is None and one.result_count == 2 and one.subject == f"feed:{feed.pk}"
    assert dict(one.site_links.values_list("site_id", "reads")) == {site.pk: 2}
    assert not one.vrm and "AB12CDE" not in str(one.details)
    assert verify_chain().intact


def test_a_request_to_a_site_that_does_not_collect_is_logged_with_every_read_rejected(ingest, feed, site):
    site.status = "collection_ceased"
    site.save(update_fields=["status"])
    ingest([read(at=ago(1)), read(at=ago(2))])
    (entry,) = collected()
    assert (entry.details["accepted"], entry.details["rejected"]) == (0, 2)


def test_a_malformed_request_collects_nothing_and_is_not_an_entry(ingest):
    response = ingest("not a list")
    assert response.status_code == 400 and not collected()


def test_the_access_log_page_filters_collection(client, auditor, ingest):
    ingest([read()])
    client.force_login(auditor)
    page = client.get("/audit/access-log/?action=reads.collected").content.decode()
    assert "1 accepted, 0 duplicates, 0 rejected" in page
