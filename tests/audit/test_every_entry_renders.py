"""Every entry that can be stored can be shown: the access-log page, API and CSV never fail on
one (issue 11, point 5), and input copied into an entry is bounded and marked as cut."""

import pytest

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.text import CUT_MARK

pytestmark = pytest.mark.django_db

PAGE = "/audit/access-log/"
API = "/api/v1/audit/access-log/"
SEARCH = "/api/v1/reads/searches/"


def search_body(**overrides) -> dict:
    body = {"vrm": "AB12CDE", "from": "2025-01-01T00:00", "to": "2025-01-02T00:00", "purpose": "major_crime",
            "reference": "CRI/12345/25"}
    return {**body, **overrides}


def shown_everywhere(client, reader):
    client.force_login(reader)
    assert client.get(PAGE).status_code == 200
    assert client.get(API).status_code == 200
    export = client.post(API + "export/")
    assert export.status_code == 200
    b"".join(export.streaming_content)


def test_a_refused_search_from_year_one_does_not_break_the_log(client, investigator, auditor, dpo):
    """Reproduces the hole: `_day` raised OverflowError and the page answered 500 for good."""
    client.force_login(investigator)
    refused = client.post(SEARCH, search_body(**{"from": "0001-01-01T00:00+05:00"}), content_type="application/json")
    assert refused.status_code in (400, 403)
    assert AccessLogEntry.objects.filter(action=Action.SEARCH, outcome=Outcome.REFUSED).count() == 1
    shown_everywhere(client, auditor)
    shown_everywhere(client, dpo)


@pytest.mark.parametrize("details", [
    {"from": "9999-12-31T23:59:59-05:00", "to": "0001-01-01T00:00+05:00"},
    {"from": 5, "to": ["a"]},
    {"filters": "not a dict"},
    {"filters": {"a": {"b": [1, 2]}}},
    {"user": None},
    {"feed": {"x": 1}},
    {"cutoff": "0001-01-01T00:00+14:00", "partitions_dropped": 7},
])
def test_odd_details_are_shown(client, auditor, investigator, details):
    access_log_append(actor=investigator, action=Action.ERASED if "cutoff" in details else Action.SEARCH,
                      details=details)
    shown_everywhere(client, auditor)


def test_input_copied_into_an_entry_is_bounded_and_marked_as_cut(client, investigator):
    """Reproduces the hole: a 2 MB VRM became a 2,000,250-character entry."""
    client.force_login(investigator)
    huge = "A1" * 500_000
    response = client.post(SEARCH, search_body(vrm=huge, reference=huge[:100_000], **{"from": huge[:100_000]}),
                           content_type="application/json")
    assert response.status_code in (400, 403)
    entry = AccessLogEntry.objects.get(action=Action.SEARCH)
    assert len(entry.justification) <= 1000
    assert all(len(str(value)) <= 200 for value in entry.details.values())


def test_a_long_value_is_marked_as_cut(investigator):
    entry = access_log_append(actor=investigator, action=Action.SEARCH, justification="x" * 5000,
                              details={"from": "y" * 500, "nested": {"deep": ["z" * 500]}})
    assert entry.justification.endswith(CUT_MARK) and len(entry.justification) == 1000
    assert entry.details["from"].endswith(CUT_MARK) and len(entry.details["from"]) == 200
    assert entry.details["nested"]["deep"][0].endswith(CUT_MARK)


def test_a_nul_typed_into_a_refused_subject_access_request_is_logged_not_a_server_error(client, dpo, auditor):
    """Found by the form fuzzing on PostgreSQL: a NUL character in the SAR reference reached the
    refusal's log entry and PostgreSQL refused to store it (500). The entry keeps a visible mark."""
    client.force_login(dpo)
    response = client.post("/dpo/subject-access/", {"reference": "SAR\x00-1", "vrm": "AB12\x00CDE",
                                                    "identity_verification": "x"})
    assert response.status_code in (200, 400)
    assert b"There is a problem" in response.content
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED, outcome=Outcome.REFUSED)
    assert "\x00" not in entry.reference + entry.vrm
    assert "\ufffd" in entry.reference
    shown_everywhere(client, auditor)
