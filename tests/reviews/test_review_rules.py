"""A review from its scheduling to its return: who may do each step and why not, word for word
and beside its field; what each step records (the people, the moments, the history row with its
user and reason); and what a submitted review must say (mutation testing of reviews.services
but review_approve, which is in test_review_approval.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from guard_helpers import last_history, refusal

from anpr_governance.accounts.models import User
from anpr_governance.accounts.roles import Role
from anpr_governance.core.concurrency import EditConflict
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.demo.walkthrough import REVIEW_PRIVACY_PARTS, Actors, Texts, advance, review_site
from anpr_governance.reviews import services
from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.services import site_assign_officer

pytestmark = pytest.mark.django_db

# British Summer Time, so that a moment kept in local time instead of UTC would show.
MOMENT = datetime.datetime(2027, 7, 15, 13, 0, tzinfo=ZoneInfo("Europe/London"))
WRITTEN = {**REVIEW_PRIVACY_PARTS, "evidence": "Reads used in 15 investigations this year.",
           "policing_challenge_continues": True, "outcome": Review.Outcome.CONTINUE}


@pytest.fixture
def live(make_site):
    """A live site with no review open."""
    site = make_site("live")
    assert not site.reviews.exists()
    return site


@pytest.fixture
def in_progress(make_site):
    """A site under review, its review started by the assigned officer and not yet written."""
    site = make_site("under_review")
    return site.reviews.get(state=Review.State.IN_PROGRESS)


@pytest.fixture
def written(in_progress, officer):
    return services.review_update(actor=officer, review=in_progress, **WRITTEN)


@pytest.fixture
def submitted(written, officer):
    return services.review_submit(actor=officer, review=written)


# --- scheduling -----------------------------------------------------------------------------------


def test_a_scheduled_review_is_due_on_its_day_for_the_assigned_officer_by_the_manager(live, manager, officer):
    due = datetime.date(2027, 9, 1)
    review = services.review_schedule(actor=manager, site=live, due_on=due)
    review.refresh_from_db()
    assert (review.site, review.due_on, review.reviewer, review.state) == (live, due, officer, Review.State.SCHEDULED)
    assert last_history(review) == ("review.scheduled", manager)


def test_only_an_approving_manager_schedules_a_review(live, officer):
    refused = refusal(services.review_schedule, actor=officer, site=live, due_on=datetime.date(2027, 9, 1))
    assert isinstance(refused, NotPermitted)
    assert refused.message == "Only an approving manager may schedule a review."
    assert not live.reviews.exists()


@pytest.mark.parametrize(("status", "label"), [("approved", "approved"), ("under_review", "under review")])
def test_a_site_that_is_not_live_is_not_scheduled_for_review_and_the_refusal_names_its_status(
        make_site, manager, status, label):
    site = make_site(status)
    refused = refusal(services.review_schedule, actor=manager, site=site, due_on=datetime.date(2027, 9, 1))
    assert refused.message == f"{site.reference} is {label}: only live sites are reviewed."


def test_a_live_site_with_a_review_open_is_not_given_another(live, manager):
    services.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 1))
    refused = refusal(services.review_schedule, actor=manager, site=live, due_on=datetime.date(2027, 10, 1))
    assert refused.message == f"{live.reference} already has a review open."
    assert live.reviews.count() == 1


# --- starting -------------------------------------------------------------------------------------


def test_starting_a_review_puts_the_site_under_review_and_makes_the_starter_its_reviewer(
        live, manager, officer, another_officer):
    review = services.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 1))
    assert review.reviewer == officer
    site_assign_officer(actor=manager, site=live, officer=another_officer, notify=False)
    services.review_start(actor=another_officer, review=review)
    review.refresh_from_db()
    live.refresh_from_db()
    assert (review.state, review.reviewer) == (Review.State.IN_PROGRESS, another_officer)
    assert last_history(review) == ("review.started", another_officer)
    assert live.status == Status.UNDER_REVIEW
    assert last_history(live) == ("site.review_started", another_officer)


def test_only_a_governance_officer_starts_a_review(live, manager):
    review = services.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 1))
    refused = refusal(services.review_start, actor=manager, review=review)
    assert refused.message == "Only a governance officer may start this review."


def test_only_the_officer_assigned_to_the_site_starts_its_review(live, manager, another_officer):
    review = services.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 1))
    refused = refusal(services.review_start, actor=another_officer, review=review)
    assert refused.message == f"Only the governance officer assigned to {live.reference} may start this review."
    review.refresh_from_db()
    assert review.state == Review.State.SCHEDULED


def test_a_review_already_started_is_not_started_again(in_progress, officer):
    refused = refusal(services.review_start, actor=officer, review=in_progress)
    assert refused.message == "This review is in progress: it has already been started."


# --- editing --------------------------------------------------------------------------------------


def test_the_assigned_officer_edits_a_review_and_the_history_says_who(in_progress, officer):
    services.review_update(actor=officer, review=in_progress, evidence="Figures for the year.")
    in_progress.refresh_from_db()
    assert in_progress.evidence == "Figures for the year."
    assert last_history(in_progress) == ("review.edited", officer)


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may edit this review."),
    ("another_officer", "Only the governance officer assigned to {site} may edit this review."),
])
def test_only_the_assigned_officer_edits_a_review(request, in_progress, who, message):
    refused = refusal(services.review_update, actor=request.getfixturevalue(who), review=in_progress,
                      evidence="Not mine to write.")
    assert refused.message == message.format(site=in_progress.site.reference)
    in_progress.refresh_from_db()
    assert in_progress.evidence == ""


def test_a_review_changed_since_the_form_was_opened_is_not_overwritten_and_the_refusal_names_who_and_when(
        in_progress, officer):
    opened = in_progress.lock_version
    with time_machine.travel(MOMENT, tick=False):
        services.review_update(actor=officer, review=in_progress, evidence="Saved first.")
    refused = refusal(services.review_update, actor=officer, review=in_progress, expected_version=opened,
                      evidence="Saved second, from the old form.")
    assert isinstance(refused, EditConflict)
    assert refused.message == (
        f"The review of {in_progress.site.reference} was changed by officer at 13:00 on 15 July 2027, after you "
        "opened it, so your changes have not been saved. Check their change in the history; if yours should "
        "still replace it, save again.")
    in_progress.refresh_from_db()
    assert in_progress.evidence == "Saved first."


def test_a_returned_review_is_edited_again_but_a_submitted_one_is_not(submitted, officer, manager):
    refused = refusal(services.review_update, actor=officer, review=submitted, evidence="Too late.")
    assert refused.message == "This review is submitted: it cannot be edited."
    services.review_return(actor=manager, review=submitted, comment="Add the complaint figures.")
    services.review_update(actor=officer, review=submitted, privacy_complaints="Two complaints, both answered.")
    submitted.refresh_from_db()
    assert submitted.privacy_complaints == "Two complaints, both answered."


def test_fields_outside_the_review_are_refused_by_name(in_progress, officer, another_officer):
    refused = refusal(services.review_update, actor=officer, review=in_progress, state=Review.State.APPROVED,
                      reviewer=another_officer, evidence="Figures.")
    assert refused.message == "These fields cannot be edited here: reviewer, state."
    in_progress.refresh_from_db()
    assert (in_progress.state, in_progress.reviewer, in_progress.evidence) == (
        Review.State.IN_PROGRESS, officer, "")


# --- what a submitted review must say -------------------------------------------------------------


def test_an_empty_review_is_refused_with_each_missing_answer_beside_its_field(in_progress, officer):
    refused = refusal(services.review_submit, actor=officer, review=in_progress)
    expected = {
        "privacy_intrusion_change": "Describe any change in intrusion (or say there is none).",
        "privacy_risks_change": "Describe new or changed risks to privacy (or say there are none).",
        "privacy_complaints": "Describe the complaints received since the last review (or say there were none).",
        "privacy_measures": "Describe the measures that protect privacy, and any change to them.",
        "evidence": "Give the evidence checked against the measures of success.",
        "policing_challenge_continues": "Say whether the site still has a policing challenge.",
        "outcome": "Choose the outcome: continue, modify or decommission.",
    }
    assert refused.field_errors == {name: [message] for name, message in expected.items()}
    assert refused.message == "The review cannot be submitted yet: " + " ".join(expected.values())
    in_progress.refresh_from_db()
    assert (in_progress.state, in_progress.submitted_by, in_progress.submitted_at) == (
        Review.State.IN_PROGRESS, None, None)


def test_answers_of_spaces_only_are_missing_answers(in_progress, officer):
    services.review_update(actor=officer, review=in_progress, **{**WRITTEN, "privacy_measures": "   ",
                                                                 "evidence": " \n "})
    refused = refusal(services.review_submit, actor=officer, review=in_progress)
    assert refused.field_errors == {
        "privacy_measures": ["Describe the measures that protect privacy, and any change to them."],
        "evidence": ["Give the evidence checked against the measures of success."],
    }


@pytest.mark.parametrize("outcome", [Review.Outcome.CONTINUE, Review.Outcome.MODIFY])
def test_with_no_continuing_policing_challenge_only_decommissioning_is_accepted(in_progress, officer, outcome):
    services.review_update(actor=officer, review=in_progress,
                           **{**WRITTEN, "policing_challenge_continues": False, "outcome": outcome})
    refused = refusal(services.review_submit, actor=officer, review=in_progress)
    assert refused.field_errors == {
        "outcome": ["With no continuing policing challenge the outcome must be to decommission."]}
    services.review_update(actor=officer, review=in_progress, outcome=Review.Outcome.DECOMMISSION)
    assert services.review_submit(actor=officer, review=in_progress).state == Review.State.SUBMITTED


def test_with_a_continuing_policing_challenge_a_modification_is_accepted(in_progress, officer):
    services.review_update(actor=officer, review=in_progress, **{**WRITTEN, "outcome": Review.Outcome.MODIFY})
    assert services.review_submit(actor=officer, review=in_progress).state == Review.State.SUBMITTED


def test_a_review_of_an_exempt_site_must_say_whether_the_exemption_still_holds_and_others_need_not(
        make_site, actors, in_progress, officer):
    assert services.review_submit(actor=officer, review=services.review_update(
        actor=officer, review=in_progress, **WRITTEN)).exemption_still_holds is None
    exempt = advance(make_site("proposed"), "live", actors, Texts(use_exemption=True))
    review = services.review_start(actor=officer, review=services.review_schedule(
        actor=actors.manager, site=exempt, due_on=datetime.date(2027, 9, 1)))
    services.review_update(actor=officer, review=review, **WRITTEN)
    refused = refusal(services.review_submit, actor=officer, review=review)
    assert refused.field_errors == {
        "exemption_still_holds": ["Say whether the exemption from consultation still holds."]}
    services.review_update(actor=officer, review=review, exemption_still_holds=False)
    assert services.review_submit(actor=officer, review=review).state == Review.State.SUBMITTED


# --- submitting -----------------------------------------------------------------------------------


def test_a_submitted_review_records_who_submitted_it_and_when(written, officer):
    with time_machine.travel(MOMENT, tick=False):
        services.review_submit(actor=officer, review=written)
    written.refresh_from_db()
    assert (written.state, written.submitted_by, written.submitted_at) == (Review.State.SUBMITTED, officer, MOMENT)
    assert last_history(written) == ("review.submitted", officer)


@pytest.mark.parametrize(("who", "message"), [
    ("manager", "Only a governance officer may submit this review."),
    ("another_officer", "Only the governance officer assigned to {site} may submit this review."),
])
def test_only_the_assigned_officer_submits_a_review(request, written, who, message):
    refused = refusal(services.review_submit, actor=request.getfixturevalue(who), review=written)
    assert refused.message == message.format(site=written.site.reference)
    written.refresh_from_db()
    assert written.state == Review.State.IN_PROGRESS


def test_a_review_not_yet_started_or_already_submitted_cannot_be_submitted(live, manager, officer, submitted):
    refused = refusal(services.review_submit, actor=officer, review=submitted)
    assert refused.message == "This review is submitted: it cannot be submitted."
    scheduled = services.review_schedule(actor=manager, site=live, due_on=datetime.date(2027, 9, 1))
    refused = refusal(services.review_submit, actor=officer, review=scheduled)
    assert refused.message == "This review is scheduled: it cannot be submitted."


def test_a_returned_review_is_submitted_again(submitted, officer, manager):
    services.review_return(actor=manager, review=submitted, comment="Add the complaint figures.")
    assert services.review_submit(actor=officer, review=submitted).state == Review.State.SUBMITTED


# --- the review form: saving, and submitting ------------------------------------------------------


def test_saving_the_form_keeps_the_review_open_and_submitting_it_submits(in_progress, officer):
    saved = services.review_save(actor=officer, review=in_progress, expected_version=in_progress.lock_version,
                                 fields=WRITTEN)
    saved.refresh_from_db()
    assert (saved.state, saved.evidence) == (Review.State.IN_PROGRESS, WRITTEN["evidence"])
    submitted = services.review_save(actor=officer, review=saved, expected_version=saved.lock_version, fields={},
                                     submit=True)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.submitted_by) == (Review.State.SUBMITTED, officer)


def test_a_stale_form_is_neither_saved_nor_submitted(in_progress, officer):
    opened = in_progress.lock_version
    services.review_update(actor=officer, review=in_progress, evidence="Saved in another tab.")
    with pytest.raises(EditConflict):
        services.review_save(actor=officer, review=in_progress, expected_version=opened, fields=WRITTEN,
                             submit=True)
    in_progress.refresh_from_db()
    assert (in_progress.state, in_progress.evidence) == (Review.State.IN_PROGRESS, "Saved in another tab.")


def test_the_form_submitted_incomplete_saves_nothing_and_shows_each_problem_beside_its_field(client, in_progress,
                                                                                             officer):
    site = in_progress.site
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/reviews/{in_progress.pk}/",
                           {"lock_version": in_progress.lock_version, "action": "submit",
                            "evidence": "Reads used in 15 investigations this year."})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_privacy_measures"' in html
    assert "Describe the measures that protect privacy, and any change to them." in html
    assert "Give the evidence checked against the measures of success." not in html
    in_progress.refresh_from_db()
    assert (in_progress.state, in_progress.evidence) == (Review.State.IN_PROGRESS, "")  # all or nothing


# --- returning ------------------------------------------------------------------------------------


def test_a_returned_review_records_the_manager_the_moment_and_the_comment(submitted, manager):
    with time_machine.travel(MOMENT, tick=False):
        services.review_return(actor=manager, review=submitted, comment="  Add the complaint figures.  ")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.decided_by, submitted.decided_at, submitted.decision_comment) == (
        Review.State.RETURNED, manager, MOMENT, "Add the complaint figures.")
    assert last_history(submitted) == ("review.returned: Add the complaint figures.", manager)


def test_a_review_is_returned_only_with_a_comment_beside_its_field(submitted, manager):
    refused = refusal(services.review_return, actor=manager, review=submitted, comment=" \n ")
    assert refused.message == "Say what must change: a comment is required to return it."
    assert refused.field_errors == {"comment": ["Enter what must change."]}
    submitted.refresh_from_db()
    assert (submitted.state, submitted.decided_by) == (Review.State.SUBMITTED, None)


def test_only_an_approving_manager_returns_a_review(submitted, officer):
    refused = refusal(services.review_return, actor=officer, review=submitted, comment="Add the figures.")
    assert isinstance(refused, NotPermitted)
    assert refused.message == "Only an approving manager may return this review."


def test_nobody_returns_a_review_they_submitted(make_user, make_site, actors, manager):
    both = make_user("both", Role.GOVERNANCE_OFFICER, Role.APPROVING_MANAGER)
    site = make_site("live")
    site_assign_officer(actor=manager, site=site, officer=both, notify=False)
    review = review_site(site, Actors(officer=both, manager=manager, dpo=actors.dpo), approve=False)
    assert review.submitted_by == both
    refused = refusal(services.review_return, actor=both, review=review, comment="Add the figures.")
    assert refused.message == "You cannot return this review because you submitted it; another person must do it."
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED


def test_a_review_not_submitted_is_not_returned(in_progress, manager):
    refused = refusal(services.review_return, actor=manager, review=in_progress, comment="Add the figures.")
    assert refused.message == "This review is in progress: only a submitted review can be decided."



def test_a_manager_whose_role_has_lost_the_approval_permission_is_refused_saying_what(submitted, manager):
    """The role carries the permission (accounts/roles.py); an administrator may take it away."""
    Group.objects.get(name=Role.APPROVING_MANAGER).permissions.remove(
        Permission.objects.get(content_type__app_label="reviews", codename="approve_review"))
    refused = refusal(services.review_return, actor=User.objects.get(pk=manager.pk), review=submitted,
                      comment="Add the figures.")
    assert isinstance(refused, NotPermitted)
    assert refused.message == "You do not have permission to return this review."
    submitted.refresh_from_db()
    assert submitted.state == Review.State.SUBMITTED
