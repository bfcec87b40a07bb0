"""Authorisations to search older reads: requested by an investigator, decided by another
person holding the Authorising officer role, expiring, and covering only what was asked."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from read_helpers import AUTHORISATIONS, SEARCH, ago, boxes, iso, read

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.reads import services
from anpr_governance.reads.models import Authorisation

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db


def request_body(**overrides) -> dict:
    body = {
        "vrm": "AB12CDE", "from": iso(ago(200)), "to": iso(ago(100)), "purpose": "serious_organised_crime",
        "reference": "CRI/12345/25", "reason": "Suspect vehicle seen at three burglaries last spring.",
    }
    body.update(overrides)
    return body


def ask(client, user, **overrides):
    client.force_login(user)
    return client.post(AUTHORISATIONS, request_body(**overrides), content_type="application/json")


def decide(client, user, number, decision="approve", comment="Proportionate: serious series."):
    client.force_login(user)
    return client.post(f"{AUTHORISATIONS}{number}/decide/", {"decision": decision, "comment": comment},
                       content_type="application/json")


def older_search(client, user, number=None, **overrides):
    body = {"vrm": "AB12CDE", "from": iso(ago(180)), "to": iso(ago(120)), "purpose": "serious_organised_crime",
            "reference": "CRI/12345/25", **overrides}
    if number is not None:
        body["authorisation"] = number
    client.force_login(user)
    return client.post(SEARCH, body, content_type="application/json")


@pytest.fixture
def old_reads(stored):
    stored([read(at=ago(150)), read(at=ago(130)), read(at=ago(20))])


@pytest.fixture
def approved(client, granted, authoriser):
    number = ask(client, granted).json()["id"]
    assert decide(client, authoriser, number).status_code == 200
    return number


def test_an_investigator_requests_an_authorisation_and_it_is_pending(client, granted):
    response = ask(client, granted)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    authorisation = Authorisation.objects.get(pk=body["id"])
    assert authorisation.requested_by == granted and authorisation.vrm == "AB12CDE"
    entry = AccessLogEntry.objects.get(action=Action.AUTHORISATION_REQUESTED)
    assert entry.subject == f"authorisation:{authorisation.pk}" and entry.justification.startswith("Suspect")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"purpose": "safeguarding"}, "purpose", "cannot be authorised for safeguarding"),
    ({"reason": "because"}, "reason", "Say why"),
    ({"reference": "investigation"}, "reference", "such as CRI/12345/25"),
    ({"from": iso(ago(30)), "to": iso(ago(1))}, "from", "search it without an authorisation"),
    ({"from": iso(ago(400))}, "from", "have been erased"),
])
def test_a_request_that_cannot_be_authorised_is_refused_with_the_reason(client, granted, overrides, field, message):
    response = ask(client, granted, **overrides)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not Authorisation.objects.exists()


@pytest.mark.parametrize("role", ["authoriser", "sysadmin", "auditor"])
def test_only_investigators_request_authorisations(db, client, request, role):
    assert ask(client, request.getfixturevalue(role)).status_code == 403


def test_an_authorising_officer_approves_and_the_approval_expires_after_seven_days(client, approved, authoriser):
    authorisation = Authorisation.objects.get(pk=approved)
    assert authorisation.status == "approved" and authorisation.decided_by == authoriser
    assert authorisation.expires_at - authorisation.decided_at == datetime.timedelta(days=7)
    entry = AccessLogEntry.objects.get(action=Action.AUTHORISATION_APPROVED)
    assert entry.actor == authoriser and entry.details["requested_by"] == "investigator"
    assert entry.justification == "Proportionate: serious series."  # the comment, as decided
    assert (entry.vrm, entry.purpose, entry.reference, entry.subject) == (
        "AB12CDE", "serious_organised_crime", "CRI/12345/25", f"authorisation:{approved}")


def test_an_approved_authorisation_lets_the_investigator_search_older_reads(client, granted, approved, old_reads):
    response = older_search(client, granted, approved)
    assert response.status_code == 201
    assert len(response.json()["results"]) == 2
    entry = AccessLogEntry.objects.filter(action=Action.SEARCH).latest("sequence")
    assert entry.subject == f"authorisation:{approved}" and entry.details["authorisation"] == approved


@pytest.mark.parametrize("overrides", [
    {"vrm": "XY99ZZZ"},
    {"purpose": "major_crime"},
    {"reference": "CRI/99999/25"},
    {"from": iso(ago(250))},
    {"to": iso(ago(50))},
])
def test_an_authorisation_covers_only_what_was_asked(client, granted, approved, overrides):
    response = older_search(client, granted, approved, **overrides)
    assert response.status_code == 403
    assert "covers only what was asked" in response.json()["detail"]
    assert AccessLogEntry.objects.filter(action=Action.SEARCH).latest("sequence").outcome == Outcome.REFUSED


def test_an_expired_authorisation_allows_nothing(client, granted, approved, time_machine):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8))
    response = older_search(client, granted, approved)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_the_validity_is_a_setting(client, granted, authoriser, settings):
    settings.ANPR_AUTHORISATION_VALIDITY_DAYS = 2
    number = ask(client, granted).json()["id"]
    decide(client, authoriser, number)
    authorisation = Authorisation.objects.get(pk=number)
    assert authorisation.expires_at - authorisation.decided_at == datetime.timedelta(days=2)


def test_a_pending_or_refused_authorisation_allows_nothing(client, granted, authoriser):
    number = ask(client, granted).json()["id"]
    assert "not been decided" in older_search(client, granted, number).json()["detail"]
    decide(client, authoriser, number, "refuse", "Not proportionate for this offence.")
    assert "was refused" in older_search(client, granted, number).json()["detail"]


def test_nobody_uses_another_investigators_authorisation(client, approved, make_user, sysadmin, site, grant_search):
    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    response = older_search(client, colleague, approved)
    assert response.status_code == 403 and "not one of your authorisations" in response.json()["detail"]


def test_nobody_decides_their_own_request(client, make_user):
    both = make_user("both", Role.INVESTIGATOR, Role.AUTHORISING_OFFICER)
    number = ask(client, both).json()["id"]
    response = decide(client, both, number)
    assert response.status_code == 403
    assert "because you requested it" in response.json()["detail"]
    assert Authorisation.objects.get(pk=number).status == "pending"


@pytest.mark.parametrize("role", ["investigator", "sysadmin", "auditor", "manager"])
def test_only_an_authorising_officer_decides(client, request, granted, role, make_user):
    number = ask(client, make_user("requester", Role.INVESTIGATOR)).json()["id"]
    response = decide(client, request.getfixturevalue(role), number)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an authorising officer may decide authorisations to search older reads."
    assert Authorisation.objects.get(pk=number).status == "pending"


@pytest.mark.parametrize("decision", ["maybe", "", ["approve"]])
def test_a_decision_neither_approve_nor_refuse_is_refused_in_govuk_words(client, granted, authoriser, decision):
    number = ask(client, granted).json()["id"]
    response = decide(client, authoriser, number, decision)
    assert response.status_code == 400
    assert response.json()["detail"] == "Select approve or refuse"
    assert response.json()["errors"] == {"decision": ["Select approve or refuse"]}
    assert Authorisation.objects.get(pk=number).status == "pending"


def test_a_refusal_must_say_why(client, granted, authoriser):
    number = ask(client, granted).json()["id"]
    response = decide(client, authoriser, number, "refuse", " ")
    assert response.status_code == 400
    assert response.json()["detail"] == "Say why the authorisation is refused."
    assert response.json()["errors"] == {"comment": ["Say why the authorisation is refused."]}
    assert Authorisation.objects.get(pk=number).status == "pending"


def test_a_decision_is_final(client, approved, authoriser, make_user, time_machine):
    second = make_user("authoriser2", Role.AUTHORISING_OFFICER)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))  # the refusal names the day of the decision
    response = decide(client, second, approved, "refuse", "Changed my mind")
    decided_at = timezone.localtime(Authorisation.objects.get(pk=approved).decided_at)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"Authorisation {approved} was already approved by {authoriser} on {decided_at:%d %B %Y %H:%M}."
    )
    assert Authorisation.objects.get(pk=approved).decided_by == authoriser


@pytest.mark.parametrize("comment", [["Proportionate."], 5])
def test_a_comment_that_is_not_text_is_refused_and_nothing_decided(client, granted, authoriser, comment):
    number = ask(client, granted).json()["id"]
    response = decide(client, authoriser, number, "approve", comment)
    assert response.status_code == 400
    assert response.json()["detail"] == "The comment must be text."
    assert response.json()["errors"] == {"comment": ["The comment must be text."]}
    assert Authorisation.objects.get(pk=number).status == "pending"


def test_the_decision_is_in_the_authorisations_history(approved, granted, authoriser):
    history = Authorisation.objects.get(pk=approved).history.order_by("history_date")
    assert list(history.values_list("history_change_reason", "history_user")) == [
        ("reads.authorisation.requested", granted.pk), ("reads.authorisation.approved", authoriser.pk)]


def test_investigators_see_their_own_requests_and_officers_see_all(client, granted, authoriser, make_user):
    mine = ask(client, granted).json()["id"]
    theirs = ask(client, make_user("other", Role.INVESTIGATOR)).json()["id"]
    client.force_login(granted)
    assert [a["id"] for a in client.get(AUTHORISATIONS).json()] == [mine]
    assert client.get(f"{AUTHORISATIONS}{theirs}/").status_code == 404
    client.force_login(authoriser)
    assert {a["id"] for a in client.get(AUTHORISATIONS + "?status=pending").json()} == {mine, theirs}


def test_the_pages_let_an_investigator_ask_and_an_officer_decide(client, granted, authoriser):
    client.force_login(granted)
    response = client.post("/reads/authorisations/new/", {
        "vrm": "AB12CDE", **boxes("from", ago(200)), **boxes("to", ago(100)),
        "purpose": "major_crime", "reference": "CRI/12345/25", "reason": "Vehicle linked to a stabbing in March.",
    })
    authorisation = Authorisation.objects.get()
    assert response.status_code == 302 and response.url == f"/reads/authorisations/{authorisation.pk}/"
    assert "Record decision" not in client.get(response.url).content.decode()
    client.force_login(authoriser)
    page = client.get("/reads/authorisations/").content.decode()
    assert "AB12CDE" in page and "Pending" in page
    assert "Record decision" in client.get(response.url).content.decode()
    decided = client.post(response.url, {"decision": "approve", "comment": ""})
    assert decided.status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.status == "approved"


def test_the_request_page_shows_each_problem(client, granted):
    client.force_login(granted)
    response = client.post("/reads/authorisations/new/", {"vrm": "AB12CDE", "purpose": "safeguarding"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#reason"' in page and 'href="#purpose"' in page and 'href="#from-day"' in page
    assert "Enter the start date and time" in page and "Enter the end date and time" in page


def test_a_decision_left_unselected_is_asked_for_in_govuk_words(client, granted, authoriser):
    """Issue 12, point 7: it said "“” is not a decision: approve or refuse."."""
    authorisation = services.authorisation_request(
        actor=granted, vrm="AB12CDE", date_from=ago(200), date_to=ago(100), purpose="major_crime",
        reference="CRI/12345/25", reason="Vehicle linked to a stabbing in March.")
    client.force_login(authoriser)
    response = client.post(f"/reads/authorisations/{authorisation.pk}/", {"comment": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Select approve or refuse" in page and "is not a decision" not in page
    authorisation.refresh_from_db()
    assert authorisation.status == "pending"


def test_a_refused_attempt_to_decide_is_logged_as_the_decision_it_asked_for(client, granted, authoriser, make_user):
    both = make_user("both", Role.INVESTIGATOR, Role.AUTHORISING_OFFICER)
    own = ask(client, both).json()["id"]
    assert decide(client, both, own).status_code == 403
    number = ask(client, granted).json()["id"]
    assert decide(client, authoriser, number, "refuse", "").status_code == 400
    refused = AccessLogEntry.objects.filter(outcome=Outcome.REFUSED).order_by("sequence")
    assert [(e.actor, e.action, e.subject, e.justification) for e in refused] == [
        (both, Action.AUTHORISATION_APPROVED, f"authorisation:{own}",
         f"You cannot decide authorisation {own} because you requested it; another person must do it."),
        (authoriser, Action.AUTHORISATION_REFUSED, f"authorisation:{number}", "Say why the authorisation is refused."),
    ]
    # What the refused decision was about, as the auditor reads it in the log.
    assert {(e.vrm, e.purpose, e.reference) for e in refused} == {
        ("AB12CDE", "serious_organised_crime", "CRI/12345/25")}
    assert Authorisation.objects.get(pk=own).status == Authorisation.objects.get(pk=number).status == "pending"


def test_nobody_signed_in_requests_or_decides_and_nothing_is_logged(client, granted):
    number = ask(client, granted).json()["id"]
    logged = AccessLogEntry.objects.count()
    with pytest.raises(NotPermitted, match="You must be signed in"):
        services.authorisation_request(
            actor=AnonymousUser(), vrm="AB12CDE", date_from=ago(200), date_to=ago(100),
            purpose="serious_organised_crime", reference="CRI/12345/25",
            reason="Suspect vehicle seen at three burglaries last spring.",
        )
    with pytest.raises(NotPermitted, match="You must be signed in"):
        services.authorisation_decide(actor=AnonymousUser(), authorisation=Authorisation.objects.get(pk=number),
                                      decision="approve", comment="Fine.")
    assert AccessLogEntry.objects.count() == logged
    assert list(Authorisation.objects.values_list("status", flat=True)) == ["pending"]


def test_the_log_records_the_window_asked_for_and_approved_in_utc(client, granted, approved):
    # In UTC, as every moment in the log: a window in British Summer Time is not written +01:00.
    authorisation = Authorisation.objects.get(pk=approved)
    window = {"from": authorisation.window_from.astimezone(datetime.UTC).isoformat(),
              "to": authorisation.window_to.astimezone(datetime.UTC).isoformat()}
    for action in (Action.AUTHORISATION_REQUESTED, Action.AUTHORISATION_APPROVED):
        details = AccessLogEntry.objects.get(action=action).details
        assert {"from": details["from"], "to": details["to"]} == window


def test_a_refused_request_is_logged_with_what_was_asked_and_the_reason_given(client, granted):
    assert ask(client, granted, vrm="ab12 cde", reference=" cri/12345/25 ", reason="because").status_code == 400
    assert ask(client, granted, purpose=["major_crime"]).status_code == 400  # not even a purpose
    refused = AccessLogEntry.objects.filter(action=Action.AUTHORISATION_REQUESTED).order_by("sequence")
    assert [(e.actor, e.outcome, e.vrm, e.purpose, e.reference) for e in refused] == [
        (granted, Outcome.REFUSED, "AB12CDE", "serious_organised_crime", "CRI/12345/25"),
        (granted, Outcome.REFUSED, "AB12CDE", "", "CRI/12345/25"),
    ]
    assert refused[0].justification == (
        "Say why reads older than the standard access window are needed (at least 20 characters)."
    )
    assert not Authorisation.objects.exists()


def test_an_approval_in_british_summer_time_logs_its_expiry_in_utc(client, granted, authoriser, time_machine):
    # In London's zone, so that time_machine sets the local zone too (with UTC it would set UTC).
    time_machine.move_to(datetime.datetime(2026, 7, 1, 10, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    number = ask(client, granted).json()["id"]
    assert decide(client, authoriser, number).status_code == 200
    details = AccessLogEntry.objects.get(action=Action.AUTHORISATION_APPROVED).details
    assert details["expires_at"] == "2026-07-08T09:30:00+00:00"
