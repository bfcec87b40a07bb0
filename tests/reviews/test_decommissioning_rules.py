"""Deciding on decommissioning flags and recording the checklist: who may, each refusal word for
word and beside its field, and what each decision and checklist item records (the decision's
fields, the history rows with their user and reason) (mutation testing of reviews.services)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from guard_helpers import last_history, refusal

from anpr_governance.accounts.models import User
from anpr_governance.accounts.roles import Role
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.reviews import services
from anpr_governance.reviews.models import DecommissionChecklist, FlagDecision, Review
from anpr_governance.sites import services as site_services
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DUE = datetime.date(2027, 6, 15)
# 40 days after DUE, in British Summer Time: the review is overdue (30 days' grace).
LATE = datetime.datetime(2027, 7, 25, 13, 0, tzinfo=LONDON)
OVERDUE_REASON = "The review due on 15 June 2027 is 40 days overdue, more than the 30 days allowed."


@pytest.fixture
def overdue(make_site, due_on, manager):
    """A live site whose scheduled review is 40 days overdue, the clock stopped at LATE."""
    site = due_on(make_site("live"), DUE)
    services.review_schedule(actor=manager, site=site, due_on=DUE)
    with time_machine.travel(LATE, tick=False):
        yield site


@pytest.fixture
def ceased(overdue, manager):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue", comment="No capacity.")
    overdue.refresh_from_db()
    return overdue


# --- deciding on a flag -----------------------------------------------------------------------------


def test_a_confirmed_flag_records_the_decision_and_ceases_collection_in_the_sites_history(overdue, manager):
    record = services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue",
                                                comment="  No officer capacity to keep this site justified.  ")
    record.refresh_from_db()
    review = overdue.reviews.get()
    assert (record.site, record.rule, record.cause, record.flag_reason, record.decision, record.comment,
            record.decided_by, record.decided_at) == (
        overdue, "review_overdue", f"review:{review.pk}", OVERDUE_REASON, FlagDecision.Decision.CONFIRMED,
        "No officer capacity to keep this site justified.", manager, LATE)
    assert last_history(record) == (
        "decommission.flag_confirmed: review_overdue: No officer capacity to keep this site justified.", manager)
    overdue.refresh_from_db()
    assert overdue.status == Status.COLLECTION_CEASED
    assert last_history(overdue) == (
        f"site.collection_ceased: decommissioning flag review_overdue confirmed. {OVERDUE_REASON} "
        "No officer capacity to keep this site justified.", manager)
    assert (review.state, *last_history(review)) == (
        Review.State.WITHDRAWN, "review.withdrawn: collection ceased on the review_overdue flag", manager)


def test_an_overruled_flag_records_the_decision_and_the_reason_and_the_site_keeps_collecting(overdue, manager):
    record = services.decommission_flag_overrule(actor=manager, site=overdue, rule="review_overdue",
                                                 comment=" Officer back next week. ")
    record.refresh_from_db()
    assert (record.rule, record.flag_reason, record.decision, record.comment, record.decided_by,
            record.decided_at) == ("review_overdue", OVERDUE_REASON, FlagDecision.Decision.OVERRULED,
                                   "Officer back next week.", manager, LATE)
    assert last_history(record) == ("decommission.flag_overruled: review_overdue: Officer back next week.", manager)
    overdue.refresh_from_db()
    assert overdue.status == Status.LIVE and overdue.reviews.get().state == Review.State.SCHEDULED


def test_the_flag_decided_is_the_one_named_when_two_stand(overdue, manager):
    site_services.camera_add(actor=manager, site=overdue, identifier=f"{overdue.reference}-C9", lane=2)
    record = services.decommission_flag_overrule(actor=manager, site=overdue, rule="material_change",
                                                 comment="Temporary camera for a road closure.")
    assert record.rule == "material_change" and record.cause != f"review:{overdue.reviews.get().pk}"
    assert "needs a new DPIA" in record.flag_reason
    assert FlagDecision.objects.get().rule == "material_change"


@pytest.mark.parametrize(("who", "doing"), [("officer", "confirm"), ("auditor", "confirm"),
                                            ("officer", "overrule"), ("dpo", "overrule")])
def test_only_an_approving_manager_decides_on_a_flag_and_the_refusal_names_the_site(request, overdue, who, doing):
    call = getattr(services, f"decommission_flag_{doing}")
    refused = refusal(call, actor=request.getfixturevalue(who), site=overdue, rule="review_overdue",
                      comment="No capacity.")
    assert isinstance(refused, NotPermitted)
    assert refused.message == f"Only an approving manager may {doing} a decommissioning flag on {overdue.reference}."
    assert not FlagDecision.objects.exists()


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_collection_ceases_only_with_a_reason_beside_its_field(overdue, manager, comment):
    refused = refusal(services.decommission_flag_confirm, actor=manager, site=overdue, rule="review_overdue",
                      comment=comment)
    assert refused.message == "Enter why collection must cease at this site"
    assert refused.field_errors == {"comment": ["Enter why collection must cease at this site"]}
    overdue.refresh_from_db()
    assert overdue.status == Status.LIVE and not FlagDecision.objects.exists()


def test_a_flag_is_overruled_only_with_a_reason_beside_its_field(overdue, manager):
    refused = refusal(services.decommission_flag_overrule, actor=manager, site=overdue, rule="review_overdue",
                      comment=" ")
    assert refused.message == "Say why the flag is overruled: a reason is required."
    assert refused.field_errors == {"comment": ["Enter why the site should keep collecting."]}


def test_an_unknown_rule_is_refused_by_name(overdue, manager):
    refused = refusal(services.decommission_flag_overrule, actor=manager, site=overdue, rule="too_expensive",
                      comment="Budget.")
    assert refused.message == "There is no decommissioning rule called 'too_expensive'."


def test_a_flag_no_longer_standing_is_refused_word_for_word(make_site, manager):
    site = make_site("live")
    refused = refusal(services.decommission_flag_confirm, actor=manager, site=site, rule="review_overdue",
                      comment="No capacity.")
    assert refused.message == (f"{site.reference} has no review overdue flag standing now: its cause has been "
                               "fixed or the flag overruled.")


def test_flags_are_decided_only_on_sites_that_collect_reads(ceased, manager):
    refused = refusal(services.decommission_flag_overrule, actor=manager, site=ceased, rule="review_overdue",
                      comment="Changed my mind.")
    assert refused.message == (f"{ceased.reference} is collection ceased: flags are decided only on sites that "
                               "collect reads.")
    assert FlagDecision.objects.count() == 1


def test_a_flag_on_a_site_under_review_is_decided_too(make_site, actors, manager):
    from anpr_governance.demo.walkthrough import review_site

    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.DECOMMISSION, approve=False)
    record = services.decommission_flag_overrule(actor=manager, site=site, rule="no_policing_challenge",
                                                 comment="The crime figures are being checked again.")
    assert record.rule == "no_policing_challenge"
    assert Site.objects.get(pk=site.pk).status == Status.UNDER_REVIEW


# --- the checklist ----------------------------------------------------------------------------------


def test_a_checklist_item_records_its_day_and_its_evidence_stripped_with_who_did_it(ceased, manager):
    checklist = services.decommission_checklist_record(actor=manager, site=ceased, item="signage_removed",
                                                       done_on=datetime.date(2027, 7, 24),
                                                       evidence="  Signs taken down, job 4411.  ")
    checklist = DecommissionChecklist.objects.get(site=ceased)
    assert (checklist.signage_removed_on, checklist.signage_removed_evidence) == (
        datetime.date(2027, 7, 24), "Signs taken down, job 4411.")
    assert checklist.feed_stopped_on is None
    assert last_history(checklist) == ("decommission.signage_removed", manager)


def test_the_next_item_is_added_to_the_same_checklist(ceased, manager, officer):
    services.decommission_checklist_record(actor=manager, site=ceased, item="feed_stopped",
                                           done_on=datetime.date(2027, 7, 24), evidence="Feed revoked.")
    services.decommission_checklist_record(actor=officer, site=ceased, item="data_deleted",
                                           done_on=datetime.date(2027, 7, 25), evidence="Partitions dropped.")
    checklist = DecommissionChecklist.objects.get(site=ceased)
    assert (checklist.feed_stopped_evidence, checklist.data_deleted_evidence) == ("Feed revoked.",
                                                                                 "Partitions dropped.")
    assert [(r.history_change_reason, r.history_user) for r in checklist.history.order_by("history_id")] == [
        ("decommission.feed_stopped", manager), ("decommission.data_deleted", officer)]


def test_todays_date_is_accepted_in_uk_time_and_tomorrows_is_refused(ceased, manager):
    # 00:30 on 26 July in London is still 25 July in UTC.
    with time_machine.travel(datetime.datetime(2027, 7, 26, 0, 30, tzinfo=LONDON), tick=False):
        services.decommission_checklist_record(actor=manager, site=ceased, item="feed_stopped",
                                               done_on=datetime.date(2027, 7, 26), evidence="Feed revoked.")
        refused = refusal(services.decommission_checklist_record, actor=manager, site=ceased, item="signage_removed",
                          done_on=datetime.date(2027, 7, 27), evidence="Signs down.")
    assert refused.message == "The date cannot be in the future."
    assert DecommissionChecklist.objects.get(site=ceased).signage_removed_on is None


def test_an_item_without_evidence_is_refused_beside_its_field(ceased, manager):
    refused = refusal(services.decommission_checklist_record, actor=manager, site=ceased, item="feed_stopped",
                      done_on=datetime.date(2027, 7, 24), evidence=" \n ")
    assert refused.message == "Give the evidence that this was done."
    assert refused.field_errors == {"evidence": ["Enter the evidence."]}
    assert not DecommissionChecklist.objects.exists()


def test_an_unknown_item_is_refused_by_name(ceased, manager):
    refused = refusal(services.decommission_checklist_record, actor=manager, site=ceased, item="cameras_sold",
                      done_on=datetime.date(2027, 7, 24), evidence="Sold.")
    assert refused.message == "Unknown checklist item 'cameras_sold'."


def test_the_checklist_is_only_for_a_site_whose_collection_has_ceased(overdue, manager):
    refused = refusal(services.decommission_checklist_record, actor=manager, site=overdue, item="feed_stopped",
                      done_on=datetime.date(2027, 7, 24), evidence="Feed revoked.")
    assert refused.message == (f"{overdue.reference} is live: the checklist is for sites whose collection has "
                               "ceased.")


def test_any_approving_manager_records_the_checklist_but_only_the_assigned_officer_among_officers(
        ceased, another_manager, officer, another_officer):
    services.decommission_checklist_record(actor=another_manager, site=ceased, item="feed_stopped",
                                           done_on=datetime.date(2027, 7, 24), evidence="Feed revoked.")
    services.decommission_checklist_record(actor=officer, site=ceased, item="signage_removed",
                                           done_on=datetime.date(2027, 7, 24), evidence="Signs down.")
    refused = refusal(services.decommission_checklist_record, actor=another_officer, site=ceased,
                      item="data_deleted", done_on=datetime.date(2027, 7, 24), evidence="Deleted.")
    assert isinstance(refused, NotPermitted)
    assert refused.message == (f"Only the governance officer assigned to {ceased.reference} may record "
                               "decommissioning work.")
    assert DecommissionChecklist.objects.get(site=ceased).data_deleted_on is None


@pytest.mark.parametrize("who", ["auditor", "dpo"])
def test_other_roles_do_not_record_the_checklist(request, ceased, who):
    refused = refusal(services.decommission_checklist_record, actor=request.getfixturevalue(who), site=ceased,
                      item="feed_stopped", done_on=datetime.date(2027, 7, 24), evidence="Feed revoked.")
    assert refused.message == "Only an approving manager or governance officer may record decommissioning work."
    assert not DecommissionChecklist.objects.exists()


def test_a_manager_whose_role_has_lost_the_decommissioning_permission_is_refused_saying_what(overdue, manager):
    """The role carries the permission (accounts/roles.py); an administrator may take it away."""
    Group.objects.get(name=Role.APPROVING_MANAGER).permissions.remove(
        Permission.objects.get(content_type__app_label="sites", codename="approve_site"))
    refused = refusal(services.decommission_flag_overrule, actor=User.objects.get(pk=manager.pk), site=overdue,
                      rule="review_overdue", comment="Officer back next week.")
    assert isinstance(refused, NotPermitted)
    assert refused.message == f"You do not have permission to overrule a decommissioning flag on {overdue.reference}."
    assert not FlagDecision.objects.exists()
