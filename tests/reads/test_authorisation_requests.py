"""A request for an authorisation to search older reads, read word for word: who may ask, each
refusal beside its field (the standard access window's edge to the second, a purpose that cannot
be authorised naming those that can, a reason that is short or not text), every problem at once,
and what is kept of a request: the authorisation, its history row, its access-log entry (the
window in UTC) and the notice each authorising officer gets. The clock stands at 15 July 2026
13:00 UK time (British Summer Time), so that a moment shown in UTC instead of UK time would be
seen."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import escape
from read_helpers import AUTHORISATIONS, boxes

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads.models import Authorisation
from anpr_governance.reviews.models import Notice

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 15, 13, 0, tzinfo=ZoneInfo("Europe/London"))
EDGE = NOW - datetime.timedelta(days=90)  # the standard access window starts here: 16 April 2026 13:00
SECOND = datetime.timedelta(seconds=1)
REASON = "Suspect vehicle seen at three burglaries last spring."
WITHIN = ("The window starts within the 90-day standard access window (after 16 April 2026 13:00): "
          "search it without an authorisation.")
SHORT = "Say why reads older than the standard access window are needed (at least 20 characters)."
NOT_AUTHORISABLE = ("Older reads cannot be authorised for safeguarding: only for national security and "
                    "counter-terrorism, serious and organised crime, major crime, priority and volume crime.")


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def body(**overrides) -> dict:
    return {"vrm": "AB12CDE", "from": (NOW - datetime.timedelta(days=200)).isoformat(),
            "to": (NOW - datetime.timedelta(days=100)).isoformat(), "purpose": "serious_organised_crime",
            "reference": "CRI/12345/25", "reason": REASON, **overrides}


def ask(client, user, **overrides):
    client.force_login(user)
    return client.post(AUTHORISATIONS, body(**overrides), content_type="application/json")


def error_beside(content: str, field: str, message: str, anchor: str = "") -> bool:
    """The message is in the summary, linked to the field (or its first box), and it is the
    field's own error message."""
    return (f'href="#{anchor or field}"' in content and f'<p id="{field}-error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {escape(message)}</p>' in content)


def refused_entries():
    return list(AccessLogEntry.objects.filter(action=Action.AUTHORISATION_REQUESTED).values_list(
        "outcome", "justification"))


@pytest.mark.parametrize("role", ["authoriser", "auditor", "sysadmin", "dpo"])
def test_only_an_investigator_requests_an_authorisation_and_the_refusal_says_so_word_for_word(client, request,
                                                                                              role):
    user = request.getfixturevalue(role)
    response = ask(client, user)
    message = "Only an investigator may request an authorisation to search older reads."
    assert (response.status_code, response.json()) == (403, {"detail": message})
    entry = AccessLogEntry.objects.get(action=Action.AUTHORISATION_REQUESTED)
    assert (entry.actor, entry.outcome, entry.vrm, entry.reference, entry.justification) == (
        user, Outcome.REFUSED, "AB12CDE", "CRI/12345/25", message)
    assert not Authorisation.objects.exists()


@pytest.mark.parametrize(("field", "overrides", "message"), [
    ("vrm", {"vrm": ""}, "Enter the VRM to search for."),
    ("purpose", {"purpose": "safeguarding"}, NOT_AUTHORISABLE),
    ("from", {"from": EDGE.isoformat(), "to": (NOW - datetime.timedelta(days=1)).isoformat()}, WITHIN),
    ("reason", {"reason": ["Suspect vehicle seen at three burglaries."]}, "Why older reads are needed must be text."),
    ("reason", {"reason": 12345678901234567890}, "Why older reads are needed must be text."),
    ("reason", {"reason": ""}, SHORT),
    ("reason", {"reason": "  Seen at 3 break-ins  "}, SHORT),  # 19 characters, the spaces aside
])
def test_each_refusal_of_a_request_is_given_word_for_word_beside_its_field(client, granted, field, overrides,
                                                                           message):
    response = ask(client, granted, **overrides)
    assert (response.status_code, response.json()) == (400, {"detail": message, "errors": {field: [message]}})
    assert refused_entries() == [(Outcome.REFUSED, message)]
    assert not Authorisation.objects.exists() and not Notice.objects.exists()


def test_the_request_page_shows_each_refusal_beside_its_field(client, granted):
    client.force_login(granted)
    page = client.post("/reads/authorisations/new/", {
        "vrm": "AB12CDE", **boxes("from", EDGE), **boxes("to", NOW - datetime.timedelta(days=1)),
        "purpose": "safeguarding", "reference": "CRI/12345/25", "reason": "Seen twice."})
    assert page.status_code == 400
    content = page.content.decode()
    assert error_beside(content, "purpose", NOT_AUTHORISABLE) and error_beside(content, "reason", SHORT)
    assert error_beside(content, "from", WITHIN, anchor="from-day")


def test_every_problem_of_a_request_is_given_at_once_each_beside_its_field(client, granted):
    response = ask(client, granted, purpose="safeguarding", reason="Seen twice.",
                   **{"from": EDGE.isoformat(), "to": (NOW - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{NOT_AUTHORISABLE} {WITHIN} {SHORT}",
        "errors": {"purpose": [NOT_AUTHORISABLE], "from": [WITHIN], "reason": [SHORT]},
    }


def test_a_request_for_a_window_that_is_not_even_read_is_refused_for_the_window_alone(client, granted):
    response = ask(client, granted, vrm="ABCDEF", reason="")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "vrm": ["“ABCDEF” is not a VRM: use 2 to 10 letters and digits, with at least one of each, such as AB12CDE."],
        "reason": [SHORT],
    }


def test_a_window_starting_a_second_before_the_standard_access_window_may_be_authorised(client, granted):
    response = ask(client, granted, **{"from": (EDGE - SECOND).isoformat(), "to": NOW.isoformat()})
    assert response.status_code == 201
    authorisation = Authorisation.objects.get()
    assert (authorisation.window_from, authorisation.window_to) == (EDGE - SECOND, NOW)


def test_a_reason_of_20_characters_is_enough_and_is_kept_without_its_spaces(client, granted):
    assert ask(client, granted, reason="  Seen at 3 burglaries  ").status_code == 201
    assert Authorisation.objects.get().reason == "Seen at 3 burglaries"


def test_a_request_is_kept_with_its_history_its_access_log_entry_and_a_notice_to_each_authorising_officer(
        client, granted, authoriser, make_user):
    second = make_user("authoriser2", Role.AUTHORISING_OFFICER)
    response = ask(client, granted, vrm="ab12 cde", reference=" cri/12345/25 ", reason=f"  {REASON}  ")
    assert response.status_code == 201
    authorisation = Authorisation.objects.get()
    assert response.json()["id"] == authorisation.pk
    assert (authorisation.requested_by, authorisation.vrm, authorisation.window_from, authorisation.window_to,
            authorisation.purpose, authorisation.reference, authorisation.reason, authorisation.status) == (
        granted, "AB12CDE", NOW - datetime.timedelta(days=200), NOW - datetime.timedelta(days=100),
        "serious_organised_crime", "CRI/12345/25", REASON, "pending")
    history = authorisation.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", granted, "reads.authorisation.requested")
    entry = AccessLogEntry.objects.get(action=Action.AUTHORISATION_REQUESTED)
    assert (entry.actor, entry.outcome, entry.vrm, entry.purpose, entry.reference, entry.justification,
            entry.subject) == (granted, Outcome.ALLOWED, "AB12CDE", "serious_organised_crime", "CRI/12345/25",
                               REASON, f"authorisation:{authorisation.pk}")
    assert entry.details == {"from": "2025-12-27T13:00:00+00:00", "to": "2026-04-06T12:00:00+00:00"}
    notices = Notice.objects.filter(kind=Notice.Kind.AUTHORISATION_REQUESTED)
    assert {(n.recipient, n.subject) for n in notices} == {
        (authoriser, f"authorisation:{authorisation.pk}"), (second, f"authorisation:{authorisation.pk}")}
