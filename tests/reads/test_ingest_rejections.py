"""Reads rejected at ingestion, read word for word (issue 16, point 8, mutation testing of
reads/services/ingest.py): a read that is not an object, one without a camera, one whose camera
is not text, and a camera's last day: a read in its last second is stored, one at the midnight
after is rejected naming the day of removal. The clock stands at 15 July 2026 13:00 UK time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from read_helpers import read

from anpr_governance.reads.models import Read
from anpr_governance.sites import services as site_services

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 7, 15, 13, 0, tzinfo=UK)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.mark.parametrize(("bad", "reason"), [
    ("not a read", "A read must be a JSON object with camera, vrm, read_at and confidence."),
    (read(camera=""), "camera is missing."),
    ({"vrm": "AB12CDE", "read_at": "2026-07-15T09:00:00+01:00"}, "camera is missing."),
    (read(camera=["STS-001-C1"]), "Camera ['STS-001-C1'] is not at site STS-001."),
])
def test_a_bad_read_is_rejected_in_these_words_and_the_good_ones_kept(ingest, bad, reason):
    body = ingest([read(vrm="GOOD01"), bad]).json()
    assert body == {"accepted": 1, "duplicates": 0, "rejected": [{"index": 1, "reason": reason}]}
    assert list(Read.objects.values_list("vrm", flat=True)) == ["GOOD01"]


def test_a_removed_camera_s_reads_are_stored_to_the_end_of_its_last_day_and_refused_from_the_midnight_after(
        ingest, site, manager):
    camera = site.cameras.get(identifier="STS-001-C2")
    site_services.camera_remove(actor=manager, camera=camera, removed_on=datetime.date(2026, 7, 14))
    last_second = datetime.datetime(2026, 7, 14, 23, 59, 59, tzinfo=UK)
    midnight = datetime.datetime(2026, 7, 15, 0, 0, tzinfo=UK)
    body = ingest([read(camera="STS-001-C2", at=last_second), read(camera="STS-001-C2", at=midnight)]).json()
    assert body == {"accepted": 1, "duplicates": 0, "rejected": [
        {"index": 1, "reason": "Camera STS-001-C2 was removed on 14 July 2026, before read_at "
                               "2026-07-15T00:00:00+01:00."}]}
    assert list(Read.objects.values_list("read_at", flat=True)) == [last_second]
