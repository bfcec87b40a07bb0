"""POST /api/v1/reads/ingest/: every read accounted for, with a reason for each rejection."""

import datetime

import pytest
from read_helpers import INGEST, ago, iso, read

from anpr_governance.reads import services
from anpr_governance.reads.models import Feed, Read
from anpr_governance.sites import services as site_services
from anpr_governance.sites.lifecycle import Status


def counts(body: dict) -> int:
    return body["accepted"] + body["duplicates"] + len(body["rejected"])


def test_it_accepts_reads_and_normalises_the_vrm(ingest, site):
    response = ingest([read(vrm="ab12 cde"), read(camera="STS-001-C2", vrm="XY99 ZZZ", confidence=0.5)])
    assert response.status_code == 200
    assert response.json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    assert sorted(Read.objects.values_list("vrm", flat=True)) == ["AB12CDE", "XY99ZZZ"]
    stored = Read.objects.get(vrm="XY99ZZZ")
    assert stored.site_id == site.pk and stored.camera.identifier == "STS-001-C2" and stored.confidence == 0.5


def test_resending_a_request_creates_no_duplicates(ingest):
    reads = [read(at=ago(1)), read(at=ago(2)), read(vrm="CD34EFG", at=ago(1))]
    assert ingest(reads).json()["accepted"] == 3
    again = ingest(reads).json()
    assert again == {"accepted": 0, "duplicates": 3, "rejected": []}
    assert Read.objects.count() == 3


def test_a_read_repeated_within_one_request_counts_once_and_once_as_a_duplicate(ingest):
    same = read(at=ago(1))
    body = ingest([same, same]).json()
    assert (body["accepted"], body["duplicates"]) == (1, 1)
    assert Read.objects.count() == 1


def test_the_same_moment_written_in_another_zone_is_the_same_read(ingest):
    ingest([read(at=ago(1).replace(microsecond=0))])
    first = Read.objects.get()
    an_hour_ahead = first.read_at.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    body = ingest([{"camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": an_hour_ahead.isoformat()}]).json()
    assert body["duplicates"] == 1


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (read(camera="OTHER-C1"), "Camera 'OTHER-C1' is not at site STS-001."),
        (read(camera=""), "camera is missing."),
        (read(vrm="AB-12!"), "VRM 'AB-12!' is malformed"),
        (read(vrm="ABCDEF"), "VRM 'ABCDEF' is malformed"),
        (read(vrm="A1B2C3D4E5F6"), "is malformed"),
        (read(vrm=None), "VRM None is malformed"),
        ({"camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": "yesterday"}, "is not an ISO 8601 date and time"),
        ({"camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": "2026-01-10T12:00:00"}, "has no time zone"),
        ({"camera": "STS-001-C1", "vrm": "AB12CDE"}, "read_at is missing."),
        (read(at=ago(-1)), "is in the future"),
        (read(at=ago(366)), "is older than the 365-day retention period"),
        (read(confidence=1.5), "confidence 1.5 must be a number from 0 to 1"),
        (read(confidence="high"), "must be a number from 0 to 1"),
        ("not a read", "A read must be a JSON object"),
    ],
)
def test_it_rejects_a_bad_read_naming_its_reason_and_keeps_the_good_ones(ingest, bad, reason):
    body = ingest([read(vrm="GOOD01"), bad, read(vrm="GOOD02")]).json()
    assert body["accepted"] == 2
    [rejection] = body["rejected"]
    assert rejection["index"] == 1
    assert reason in rejection["reason"]
    assert counts(body) == 3
    assert set(Read.objects.values_list("vrm", flat=True)) == {"GOOD01", "GOOD02"}


def test_a_read_a_few_seconds_ahead_of_the_server_clock_is_accepted(ingest):
    assert ingest([read(at=ago(seconds=-20))]).json()["accepted"] == 1


def test_a_read_after_its_camera_was_removed_is_rejected(ingest, site, manager):
    camera = site.cameras.get(identifier="STS-001-C2")
    site_services.camera_remove(actor=manager, camera=camera, removed_on=(ago(5)).date())
    body = ingest([read(camera="STS-001-C2", at=ago(10)), read(camera="STS-001-C2", at=ago(1))]).json()
    assert body["accepted"] == 1
    assert "was removed on" in body["rejected"][0]["reason"] and body["rejected"][0]["index"] == 1


@pytest.mark.parametrize(("status", "reason"), [
    (Status.COLLECTION_CEASED, "Collection has ceased at site"),
    (Status.DECOMMISSIONED, "is decommissioned"),
])
def test_a_site_that_no_longer_collects_accepts_nothing(client, make_site, sysadmin, status, reason):
    site = make_site(status, reference="STS-050")
    feed_site = make_site("live", reference="STS-051") if status == Status.DECOMMISSIONED else site
    feed, token = services.feed_create(actor=sysadmin, site=feed_site, name="feed")
    if feed_site != site:  # a decommissioned site can have no new feed: move an existing one there
        Feed.objects.filter(pk=feed.pk).update(site=site)
    response = client.post(INGEST, {"reads": [read(camera="STS-050-C1"), read(camera="STS-050-C1", vrm="X1")]},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = response.json()
    assert response.status_code == 200 and body["accepted"] == 0
    assert [r["index"] for r in body["rejected"]] == [0, 1]
    assert all(reason in r["reason"] for r in body["rejected"])
    assert not Read.objects.exists()


def test_a_site_not_yet_live_accepts_nothing(client, make_site, sysadmin):
    site = make_site("approved", reference="STS-060")
    _, token = services.feed_create(actor=sysadmin, site=site, name="early")
    body = client.post(INGEST, {"reads": [read(camera="STS-060-C1")]}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["rejected"] == [{"index": 0, "reason": "Site STS-060 is not live (it is approved): it accepts "
                                 "no reads yet."}]


def test_a_site_under_review_still_collects(client, make_site, sysadmin):
    site = make_site("under_review", reference="STS-070")
    _, token = services.feed_create(actor=sysadmin, site=site, name="reviewed")
    body = client.post(INGEST, {"reads": [read(camera="STS-070-C1")]}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["accepted"] == 1


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Token abc", ""])
def test_a_bad_or_missing_token_gets_401(client, feed, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(INGEST, {"reads": [read()]}, content_type="application/json", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Read.objects.exists()


def test_a_revoked_token_gets_401(ingest, feed, sysadmin):
    services.feed_revoke(actor=sysadmin, feed=feed, reason="Replaced.")
    response = ingest([read()])
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_signed_in_person_cannot_deliver_reads_without_a_feed_token(client, sysadmin, feed):
    client.force_login(sysadmin)
    response = client.post(INGEST, {"reads": [read()]}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2]", "The body must be a JSON object"),
        ('{"events": []}', 'The body has no "reads"'),
        ('{"reads": {"camera": "X"}}', '"reads" must be a list'),
        ("{not json", "JSON parse error"),
    ],
)
def test_a_malformed_body_gets_400_saying_what_is_wrong(client, token, body, message):
    response = client.post(INGEST, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_more_reads_than_allowed_in_one_request_gets_400(ingest, settings):
    settings.ANPR_INGEST_MAX_READS = 3
    response = ingest([read(vrm=f"AB{n}CDE") for n in range(4)])
    assert response.status_code == 400
    assert "at most 3 reads" in response.json()["detail"]
    assert not Read.objects.exists()


def test_a_large_batch_takes_a_constant_number_of_queries(ingest, django_assert_max_num_queries):
    reads = [read(vrm=f"AB{n:03d}XY", at=ago(n / 1000)) for n in range(500)]
    with django_assert_max_num_queries(16):  # of which 4 append the request's reads.collected entry
        body = ingest(reads).json()
    assert body["accepted"] == 500 and counts(body) == 500


def test_the_feed_remembers_when_it_last_delivered_and_how_many(ingest, feed):
    first = read()
    ingest([first, read(vrm="ZZ99ZZZ")])
    ingest([first])
    feed.refresh_from_db()
    assert feed.reads_accepted == 2
    assert feed.last_received_at is not None


def test_reads_in_a_month_without_a_partition_yet_are_stored(ingest, time_machine):
    # Far in the future the migration's partitions have run out; ingestion makes the month's.
    time_machine.move_to(ago(-500))
    body = ingest([read(at=ago(1)), read(at=ago(40))]).json()
    assert body["accepted"] == 2
    assert Read.objects.count() == 2


def test_a_zone_offset_and_z_suffix_are_both_understood(ingest):
    moment = ago(2).replace(microsecond=0)
    body = ingest([
        {"camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": moment.astimezone(datetime.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ")},
        {"camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": iso(moment + datetime.timedelta(seconds=1))},
    ]).json()
    assert body["accepted"] == 2
