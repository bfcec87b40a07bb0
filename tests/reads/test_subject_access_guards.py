"""A subject access request read word for word: each refusal of a search beside its field (on
the page and through the API), who may search, what is recorded of an allowed search (the
request, its history row, its access-log entry) and of a refused one whose reference is missing
or not text; the reads held in time order on the page, in the CSV and through the API (two reads
of one moment by camera: a cloned plate seen at two sites at once), a read withheld while another
camera read the VRM at the same moment, and the withheld reason the API gives for each read. The
clock stands at 15 July 2026 13:00 UK time (British Summer Time), so that a moment shown in UTC
instead of UK time would be seen."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils.html import escape
from read_helpers import read

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads import services
from anpr_governance.reads.models import SubjectAccessRequest, WithheldRead

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 7, 15, 13, 0, tzinfo=UK)
PAGE = "/dpo/subject-access/"
API = "/api/v1/dpo/subject-access/"
VERIFIED = "Passport and V5C seen; name and address match the keeper record."
REASON = "Disclosure would prejudice an ongoing investigation (DPA 2018 s.45(4))."


def uk(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 7, 15, hour, minute, second, tzinfo=UK)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def cloned(clock, stored, make_site, sysadmin):
    """AB12CDE read four times today: at 10:15 at STS-001 and, at the same second, at STS-002 (a
    cloned plate). The read at STS-002 is stored first, then the others, out of time order."""
    elsewhere = make_site("live", reference="STS-002")
    feed, _ = services.feed_create(actor=sysadmin, site=elsewhere, name="STS-002 back office")
    services.reads_ingest(feed=feed, body={"reads": [read(camera="STS-002-C1", at=uk(10, 15))]})
    stored([read(at=uk(10, 15))])
    stored([read(at=uk(11, 5, 10)), read(camera="STS-001-C2", at=uk(9, 40, 30))])


def open_request(client, dpo):
    client.force_login(dpo)
    response = client.post(PAGE, {"reference": "SAR-2026-0012", "vrm": "AB12CDE", "identity_verification": VERIFIED})
    assert response.status_code == 302
    return SubjectAccessRequest.objects.get()


def cells(page: str) -> list[list[str]]:
    """The table of reads held as the page shows it: each row's cells, as text."""
    rows = re.findall(r'<tr class="govuk-table__row" data-testid="read">(.*?)</tr>', page, re.DOTALL)
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.DOTALL)] for row in rows]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def error_beside(content: str, field_id: str, message: str) -> bool:
    """The message is in the summary (linked to the field) and in the field's own group."""
    group = content.split(f'id="{field_id}"')[0].rsplit("govuk-form-group", 1)[-1]
    return f'href="#{field_id}"' in content and escape(message) in group and "govuk-form-group--error" in content


ASKED = {"reference": "SAR-2026-0012", "vrm": "AB12CDE", "identity_verification": VERIFIED}
NO_REFERENCE = "Enter the SAR reference: a reference such as SAR-2026-0012."
NO_VRM = "Enter the VRM of the requester's vehicle, such as AB12CDE."
NO_VERIFICATION = ("Say how the requester's identity and keepership of the vehicle were verified "
                   "(at least 20 characters).")


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("reference", "", NO_REFERENCE),
    ("reference", "   ", NO_REFERENCE),
    ("reference", "2026-12", "“2026-12” is not a SAR reference: give a reference such as SAR-2026-0012."),
    ("vrm", "", NO_VRM),
    ("vrm", "ABCDEF", "“ABCDEF” is not a VRM: use 2 to 10 letters and digits, with at least one of each, "
                      "such as AB12CDE."),
    ("identity_verification", "", NO_VERIFICATION),
    ("identity_verification", "  Passport & V5C seen  ", NO_VERIFICATION),  # 19 characters, the spaces aside
])
def test_each_refusal_of_a_search_is_given_word_for_word_beside_its_field(client, dpo, cloned, field, typed,
                                                                          message):
    client.force_login(dpo)
    page = client.post(PAGE, {**ASKED, field: typed})
    assert page.status_code == 400 and error_beside(page.content.decode(), field, message)
    api = client.post(API, {**ASKED, field: typed}, content_type="application/json")
    assert (api.status_code, api.json()) == (400, {"detail": message, "errors": {field: [message]}})
    assert not SubjectAccessRequest.objects.exists()
    assert list(AccessLogEntry.objects.filter(action=Action.SUBJECT_ACCESS_SEARCHED).values_list(
        "outcome", "justification")) == [(Outcome.REFUSED, message)] * 2


def test_every_field_wrong_at_once_is_refused_with_each_message_beside_its_own_field(client, dpo, cloned):
    client.force_login(dpo)
    page = client.post(PAGE, {"reference": "", "vrm": "", "identity_verification": ""})
    assert page.status_code == 400
    assert all(error_beside(page.content.decode(), field, message) for field, message in (
        ("reference", NO_REFERENCE), ("vrm", NO_VRM), ("identity_verification", NO_VERIFICATION)))
    api = client.post(API, {}, content_type="application/json")
    assert api.status_code == 400
    assert api.json() == {
        "detail": f"{NO_REFERENCE} {NO_VRM} {NO_VERIFICATION}",
        "errors": {"reference": [NO_REFERENCE], "vrm": [NO_VRM], "identity_verification": [NO_VERIFICATION]},
    }


def test_a_reference_already_searched_is_refused_beside_the_reference_as_it_was_stored(client, dpo, cloned):
    open_request(client, dpo)
    again = client.post(PAGE, {**ASKED, "reference": " sar-2026-0012 "})
    message = "SAR-2026-0012 has already been searched: open it from the list of requests."
    assert again.status_code == 400 and error_beside(again.content.decode(), "reference", message)
    api = client.post(API, ASKED, content_type="application/json")
    assert (api.status_code, api.json()) == (400, {"detail": message, "errors": {"reference": [message]}})
    assert SubjectAccessRequest.objects.count() == 1


def test_a_verification_of_20_characters_is_enough(client, dpo, cloned):
    client.force_login(dpo)
    response = client.post(PAGE, {**ASKED, "identity_verification": "  Passport & V5C seen.  "})
    assert response.status_code == 302
    assert SubjectAccessRequest.objects.get().identity_verification == "Passport & V5C seen."


@pytest.mark.parametrize("verification", [["Passport and V5C seen; name and address match."], 12345678901234567890])
def test_a_verification_that_is_not_text_is_refused_through_the_api_beside_its_field(client, dpo, cloned,
                                                                                     verification):
    client.force_login(dpo)
    api = client.post(API, {**ASKED, "identity_verification": verification}, content_type="application/json")
    assert (api.status_code, api.json()) == (400, {"detail": NO_VERIFICATION,
                                                   "errors": {"identity_verification": [NO_VERIFICATION]}})


@pytest.mark.parametrize("role", ["investigator", "auditor", "sysadmin"])
def test_only_the_dpo_searches_and_the_api_says_so_word_for_word(client, request, role, cloned):
    user = request.getfixturevalue(role)
    client.force_login(user)
    api = client.post(API, ASKED, content_type="application/json")
    message = "Only a data protection officer may answer subject access requests."
    assert (api.status_code, api.json()) == (403, {"detail": message})
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert (entry.actor, entry.action, entry.outcome, entry.reference, entry.justification) == (
        user, Action.SUBJECT_ACCESS_SEARCHED, Outcome.REFUSED, "SAR-2026-0012", message)
    assert not SubjectAccessRequest.objects.exists()


def test_a_search_is_recorded_with_who_searched_when_its_history_and_its_access_log_entry(client, dpo, cloned):
    client.force_login(dpo)
    response = client.post(PAGE, {"reference": " sar-2026-0012 ", "vrm": "ab12 cde",
                                  "identity_verification": f"  {VERIFIED}  "})
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{sar.pk}/"
    assert (sar.reference, sar.vrm, sar.identity_verification, sar.searched_by, sar.reads_found) == (
        "SAR-2026-0012", "AB12CDE", VERIFIED, dpo, 4)
    assert (sar.searched_at, sar.retained_since) == (NOW, NOW - datetime.timedelta(days=365))
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    assert "15 Jul 2026 13:00 by dpo: reads from 15 Jul 2025 (retention)" in page
    assert '<dd class="govuk-summary-list__value" data-testid="reads-found">4</dd>' in page
    history = sar.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", dpo, "reads.subject_access.searched")
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert (entry.actor, entry.action, entry.outcome, entry.vrm, entry.reference, entry.justification,
            entry.result_count, entry.subject) == (
        dpo, Action.SUBJECT_ACCESS_SEARCHED, Outcome.ALLOWED, "AB12CDE", "SAR-2026-0012", VERIFIED, 4,
        f"sar:{sar.pk}")
    assert dict(entry.site_links.values_list("site__reference", "reads")) == {"STS-001": 3, "STS-002": 1}


@pytest.fixture
def table_scanned():
    """On PostgreSQL the planner is made to read the table in the order the reads were stored
    and then sort them, as it may for a VRM with many reads, instead of walking the key's index
    (VRM, time, camera), which puts two reads of one moment in camera order by itself. For the
    test's transaction only (SET LOCAL). SQLite has no such switch: there the index order holds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; "
                           "SET LOCAL enable_bitmapscan = off")


def test_the_reads_held_are_listed_in_time_order_and_two_of_one_moment_by_camera(client, dpo, cloned, table_scanned):
    sar = open_request(client, dpo)
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    assert [row[:3] for row in cells(page)] == [
        ["15 Jul 2026 09:40:30", "STS-001", "Stafford"],
        ["15 Jul 2026 10:15:00", "STS-001", "Stafford"],
        ["15 Jul 2026 10:15:00", "STS-002", "Stafford"],
        ["15 Jul 2026 11:05:10", "STS-001", "Stafford"],
    ]
    body = client.post(API, {"reference": "SAR-2026-0013", "vrm": "AB12CDE", "identity_verification": VERIFIED},
                       content_type="application/json").json()
    assert [(r["read_at"], r["site"]) for r in body["reads"]] == [
        ("2026-07-15T09:40:30+01:00", "STS-001"),
        ("2026-07-15T10:15:00+01:00", "STS-001"),
        ("2026-07-15T10:15:00+01:00", "STS-002"),
        ("2026-07-15T11:05:10+01:00", "STS-001"),
    ]
    assert client.post(f"{PAGE}{sar.pk}/", {"reason": ""}).status_code == 302  # nothing withheld
    assert csv_rows(client.get(f"{PAGE}{sar.pk}/reads.csv")) == [
        ["vrm", "date", "time", "site", "policing_area"],
        ["AB12CDE", "2026-07-15", "09:40:30", "STS-001", "Stafford"],
        ["AB12CDE", "2026-07-15", "10:15:00", "STS-001", "Stafford"],
        ["AB12CDE", "2026-07-15", "10:15:00", "STS-002", "Stafford"],
        ["AB12CDE", "2026-07-15", "11:05:10", "STS-001", "Stafford"],
    ]


def test_a_read_withheld_leaves_the_read_of_the_same_moment_at_another_camera_disclosed(client, dpo, cloned):
    sar = open_request(client, dpo)
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    keys = re.findall(r'name="withhold" type="checkbox" value="([^"]+)"', page)
    assert len(set(keys)) == 4  # each read has its own checkbox
    at_sts_002 = keys[2]  # the third row: 10:15:00 at STS-002
    assert client.post(f"{PAGE}{sar.pk}/", {"withhold": [at_sts_002], "reason": REASON}).status_code == 302
    sar.refresh_from_db()
    assert sar.reads_disclosed == 3
    assert list(WithheldRead.objects.values_list("camera__identifier", "read_at", "reason")) == [
        ("STS-002-C1", uk(10, 15), REASON)]
    assert cells(client.get(f"{PAGE}{sar.pk}/").content.decode()) == [
        ["15 Jul 2026 09:40:30", "STS-001", "Stafford", "No"],
        ["15 Jul 2026 10:15:00", "STS-001", "Stafford", "No"],
        ["15 Jul 2026 10:15:00", "STS-002", "Stafford", REASON],
        ["15 Jul 2026 11:05:10", "STS-001", "Stafford", "No"],
    ]
    assert [row[1:4] for row in csv_rows(client.get(f"{PAGE}{sar.pk}/reads.csv"))[1:]] == [
        ["2026-07-15", "09:40:30", "STS-001"], ["2026-07-15", "10:15:00", "STS-001"],
        ["2026-07-15", "11:05:10", "STS-001"]]
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_DISCLOSED)
    assert (entry.result_count, entry.details["disclosed"], entry.details["withheld"]) == (3, 3, 1)


def test_the_api_gives_each_read_its_withheld_reason_and_an_empty_one_for_a_read_disclosed(client, dpo, cloned):
    client.force_login(dpo)
    body = client.post(API, {"reference": "SAR-2026-0012", "vrm": "AB12CDE", "identity_verification": VERIFIED},
                       content_type="application/json").json()
    assert [r["withheld_reason"] for r in body["reads"]] == ["", "", "", ""]
    first = body["reads"][0]["key"]
    done = client.post(f"{API}{body['id']}/disclose/", {"withhold": [first], "reason": REASON},
                       content_type="application/json")
    assert done.status_code == 200
    assert [(r["read_at"], r["withheld_reason"]) for r in done.json()["reads"]] == [
        ("2026-07-15T09:40:30+01:00", REASON),
        ("2026-07-15T10:15:00+01:00", ""),
        ("2026-07-15T10:15:00+01:00", ""),
        ("2026-07-15T11:05:10+01:00", ""),
    ]


def test_a_search_refused_for_want_of_a_reference_is_logged_with_an_empty_reference(client, dpo, cloned):
    client.force_login(dpo)
    response = client.post(PAGE, {"reference": "", "vrm": "ab12 cde", "identity_verification": VERIFIED})
    assert response.status_code == 400
    assert "Enter the SAR reference: a reference such as SAR-2026-0012." in response.content.decode()
    left_out = client.post(API, {"vrm": "AB12CDE", "identity_verification": VERIFIED}, content_type="application/json")
    assert left_out.status_code == 400
    assert left_out.json()["detail"] == "Enter the SAR reference: a reference such as SAR-2026-0012."
    assert list(AccessLogEntry.objects.filter(action=Action.SUBJECT_ACCESS_SEARCHED).order_by("pk").values_list(
        "actor__username", "outcome", "vrm", "reference", "justification")) == [
        (dpo.username, Outcome.REFUSED, "AB12CDE", "", "Enter the SAR reference: a reference such as SAR-2026-0012."),
    ] * 2
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.parametrize("reference", [["SAR-2026-0012"], 20260012, {"reference": "SAR-2026-0012"}])
def test_a_reference_that_is_not_text_is_refused_through_the_api_and_logged_as_none_given(client, dpo, cloned,
                                                                                         reference):
    client.force_login(dpo)
    response = client.post(API, {"reference": reference, "vrm": "AB12CDE", "identity_verification": VERIFIED},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Enter the SAR reference: a reference such as SAR-2026-0012."
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert (entry.actor, entry.outcome, entry.vrm, entry.reference) == (dpo, Outcome.REFUSED, "AB12CDE", "")
    assert not SubjectAccessRequest.objects.exists()
