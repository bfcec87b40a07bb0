"""Decommissioning flags: each rule at its boundary dates, flags clearing themselves when
their cause is fixed, the managers' decisions, and the flags in the sites API."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import Texts, complete_assessment, complete_dpia, review_site
from anpr_governance.reviews import services
from anpr_governance.reviews.flags import RULES, flags_for
from anpr_governance.reviews.models import DecommissionChecklist, FlagDecision, Review
from anpr_governance.reviews.selectors import site_flags
from anpr_governance.sites import services as site_services
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 6, 15)


def rules(site) -> list[str]:
    return [flag.rule for flag in flags_for(Site.objects.get(pk=site.pk))]


def on(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))), tick=False)


@pytest.fixture
def site(make_site, due_on):
    return due_on(make_site("live"), DUE)


def approved_on(doc) -> datetime.date:
    return timezone.localdate(doc.decided_at)


def test_the_registry_has_the_rules_of_the_issues():
    assert list(RULES) == ["review_overdue", "assessment_expired", "dpia_expired", "material_change",
                           "exemption_lapsed", "no_policing_challenge", "no_use", "records_missing"]


# --- review_overdue -----------------------------------------------------------------------------


def test_a_review_overdue_by_the_grace_period_is_not_flagged_and_one_day_more_is(site, manager):
    services.review_schedule(actor=manager, site=site, due_on=DUE)
    with on(DUE + datetime.timedelta(days=30)):
        assert rules(site) == []
    with on(DUE + datetime.timedelta(days=31)):
        [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag == {
        "rule": "review_overdue",
        "reason": "The review due on 15 June 2027 is 31 days overdue, more than the 30 days allowed.",
    }


def test_the_grace_period_is_a_setting(site, settings):
    settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS = 0
    with on(DUE + datetime.timedelta(days=1)):
        assert rules(site) == ["review_overdue"]


def test_the_overdue_flag_clears_itself_when_the_review_is_approved(site, actors):
    with on(DUE + datetime.timedelta(days=45)):
        assert rules(site) == ["review_overdue"]
        review_site(site, actors)  # opened, started, submitted, approved to continue
        assert rules(site) == []


# --- assessment_expired / dpia_expired ----------------------------------------------------------


@pytest.mark.parametrize(("rule", "related"), [("assessment_expired", "assessments"), ("dpia_expired", "dpias")])
def test_a_document_is_flagged_the_day_after_its_three_years_run_out(site, rule, related):
    doc = getattr(site, related).get(status="approved")
    three_years = approved_on(doc) + relativedelta(years=3)
    Site.objects.filter(pk=site.pk).update(next_review_due=three_years + datetime.timedelta(days=100))
    with on(three_years):
        assert rule not in rules(site)
    with on(three_years + datetime.timedelta(days=1)):
        assert rule in rules(site)
        flag = next(f for f in site_flags(Site.objects.get(pk=site.pk)) if f["rule"] == rule)
    assert f"was approved on {approved_on(doc):%-d %B %Y}" in flag["reason"]
    assert f"validity ended on {three_years:%-d %B %Y}" in flag["reason"]


def test_the_validity_is_a_setting(site, settings):
    settings.ANPR_ASSESSMENT_VALIDITY_YEARS = 1
    approved = approved_on(site.assessments.get(status="approved"))
    with on(approved + relativedelta(years=1) + datetime.timedelta(days=1)):
        assert "assessment_expired" in rules(site)
        assert "dpia_expired" not in rules(site)


def test_expired_documents_clear_when_new_versions_are_approved(site, actors):
    later = approved_on(site.assessments.get(status="approved")) + relativedelta(years=3, days=2)
    Site.objects.filter(pk=site.pk).update(next_review_due=later + datetime.timedelta(days=100))
    with on(later):
        assert {"assessment_expired", "dpia_expired"} <= set(rules(site))
        complete_assessment(site, actors, Texts())
        assert "assessment_expired" not in rules(site)
        complete_dpia(site, actors, Texts())
        assert rules(site) == []


# --- material_change ----------------------------------------------------------------------------


def test_a_camera_added_since_the_dpia_is_a_material_change(site, manager):
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C9", lane=2)
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag["rule"] == "material_change"
    assert "(added STS-001-C9)" in flag["reason"] and "needs a new DPIA" in flag["reason"]


def test_a_camera_removed_or_moved_since_the_dpia_is_a_material_change(site, manager):
    camera = site.cameras.get()
    site_services.camera_remove(actor=manager, camera=camera)
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C2", lane=2)  # moved to lane 2
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert "added STS-001-C2; removed STS-001-C1" in flag["reason"]


def test_the_material_change_flag_clears_when_a_new_dpia_covers_the_cameras(site, manager, actors):
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C9", lane=2)
    assert rules(site) == ["material_change"]
    complete_dpia(site, actors, Texts())
    assert rules(site) == []


# --- no_policing_challenge ----------------------------------------------------------------------


def test_a_submitted_review_finding_no_policing_challenge_is_flagged_until_it_is_returned(make_site, actors):
    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.DECOMMISSION, approve=False)
    [flag] = site_flags(Site.objects.get(pk=site.pk))
    assert flag["rule"] == "no_policing_challenge"
    assert "(submitted) found that the site no longer has a continuing policing challenge" in flag["reason"]
    services.review_return(actor=actors.manager, review=site.reviews.get(), comment="Check the crime figures again.")
    assert rules(site) == []


def test_a_review_finding_a_continuing_challenge_raises_nothing(make_site, actors):
    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.CONTINUE, approve=False)
    assert rules(site) == []


# --- which sites, and the API -------------------------------------------------------------------


def test_only_sites_that_collect_reads_carry_flags(make_site, due_on):
    for status in ("approved", "collection_ceased", "decommissioned"):
        site = due_on(make_site(status), DUE)
        with on(DUE + datetime.timedelta(days=90)):
            assert site_flags(Site.objects.get(pk=site.pk)) == []


def test_the_sites_api_shows_flags_as_rule_and_reason(client, auditor, site, manager):
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C9", lane=2)
    with on(DUE + datetime.timedelta(days=31)):
        client.force_login(auditor)
        body = client.get(f"/api/v1/sites/{site.reference}/").json()
    assert [flag["rule"] for flag in body["flags"]] == ["review_overdue", "material_change"]
    assert all(set(flag) == {"rule", "reason"} for flag in body["flags"])


def test_listing_flagged_sites_in_the_api_costs_a_constant_number_of_queries(
    client, auditor, make_site, manager, due_on, django_assert_num_queries
):
    def flagged_site():
        site = due_on(make_site("live"), DUE)
        services.review_schedule(actor=manager, site=site, due_on=DUE)
        site_services.camera_add(actor=manager, site=site, identifier=f"{site.reference}-C9", lane=2)

    flagged_site()
    with on(DUE + datetime.timedelta(days=60)):
        client.force_login(auditor)
        with CaptureQueriesContext(connection) as few:
            assert len(client.get("/api/v1/sites/").json()["results"][0]["flags"]) == 2
    for _ in range(4):
        flagged_site()
    with on(DUE + datetime.timedelta(days=60)):
        client.force_login(auditor)
        with django_assert_num_queries(len(few.captured_queries)):
            results = client.get("/api/v1/sites/").json()["results"]
    assert [len(site["flags"]) for site in results] == [2] * 5


# --- decisions ----------------------------------------------------------------------------------


@pytest.fixture
def overdue(site, manager):
    services.review_schedule(actor=manager, site=site, due_on=DUE)
    with on(DUE + datetime.timedelta(days=40)):
        yield site


def test_an_overruled_flag_is_hidden_while_its_cause_stays_the_same(overdue, manager, actors):
    services.decommission_flag_overrule(actor=manager, site=overdue, rule="review_overdue",
                                        comment="Officer on long-term sick leave; review reassigned this week.")
    assert rules(overdue) == []
    decision = FlagDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.cause) == ("overruled", manager,
                                                                       f"review:{overdue.reviews.get().pk}")
    record = decision.history.get()
    assert record.history_change_reason.startswith("decommission.flag_overruled: review_overdue: Officer on")
    assert record.history_user == manager


def test_a_new_cause_raises_an_overruled_flag_again(site, manager, actors):
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C9", lane=2)
    services.decommission_flag_overrule(actor=manager, site=site, rule="material_change",
                                        comment="Temporary camera for a road closure; removed next week.")
    assert rules(site) == []
    site_services.camera_add(actor=manager, site=site, identifier="STS-001-C10", lane=1)
    assert rules(site) == ["material_change"]


def test_overruling_needs_a_reason(overdue, manager):
    with pytest.raises(DomainError, match="a reason is required"):
        services.decommission_flag_overrule(actor=manager, site=overdue, rule="review_overdue", comment="  ")
    assert not FlagDecision.objects.exists()


@pytest.mark.parametrize("who", ["officer", "auditor", "dpo"])
def test_only_an_approving_manager_decides_on_a_flag(request, overdue, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotPermitted, match="Only an approving manager may"):
        services.decommission_flag_confirm(actor=actor, site=overdue, rule="review_overdue", comment="No capacity.")
    with pytest.raises(NotPermitted):
        services.decommission_flag_overrule(actor=actor, site=overdue, rule="review_overdue", comment="No.")
    assert Site.objects.get(pk=overdue.pk).status == Status.LIVE


def test_a_flag_that_no_longer_stands_cannot_be_decided(site, manager):
    with pytest.raises(DomainError, match="has no review overdue flag standing now"):
        services.decommission_flag_confirm(actor=manager, site=site, rule="review_overdue", comment="No capacity.")


def test_confirming_a_flag_ceases_collection_at_once(overdue, manager):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue",
                                       comment="No officer capacity to keep this site justified.")
    overdue.refresh_from_db()
    assert overdue.status == Status.COLLECTION_CEASED
    reason = overdue.history.first().history_change_reason
    assert reason.startswith("site.collection_ceased: decommissioning flag review_overdue confirmed. The review due")
    assert reason.endswith("No officer capacity to keep this site justified.")
    review = overdue.reviews.get()
    assert review.state == Review.State.WITHDRAWN
    assert review.history.first().history_change_reason == "review.withdrawn: collection ceased on the " \
                                                           "review_overdue flag"
    assert site_flags(overdue) == []


def test_confirming_a_flag_on_a_site_under_review_withdraws_the_review_and_ceases_collection(make_site, actors):
    site = make_site("under_review")
    review_site(site, actors, outcome=Review.Outcome.DECOMMISSION, approve=False)
    services.decommission_flag_confirm(actor=actors.manager, site=site, rule="no_policing_challenge",
                                       comment="No policing challenge.")
    site.refresh_from_db()
    assert site.status == Status.COLLECTION_CEASED
    assert site.reviews.get().state == Review.State.WITHDRAWN


def test_a_site_under_review_cannot_cease_without_a_decision(make_site, manager):
    from anpr_governance.sites.services import site_transition

    site = make_site("under_review")
    with pytest.raises(DomainError, match="no decommissioning flag has been confirmed"):
        site_transition(actor=manager, site=site, to=Status.COLLECTION_CEASED)


def test_every_step_of_decommissioning_is_in_the_history(overdue, manager):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue", comment="No capacity.")
    overdue.refresh_from_db()
    for item in DecommissionChecklist.ITEMS:
        services.decommission_checklist_record(actor=manager, site=overdue, item=item,
                                               done_on=timezone.localdate(), evidence=f"{item}: reference 123")
    site_services.site_transition(actor=manager, site=overdue, to=Status.DECOMMISSIONED, comment="All done.")
    site_reasons = [r.split(":")[0] for r in overdue.history.values_list("history_change_reason", flat=True)]
    assert site_reasons[:2] == ["site.decommissioned", "site.collection_ceased"]
    checklist = DecommissionChecklist.objects.get(site=overdue)
    assert [r.history_change_reason for r in checklist.history.order_by("history_id")] == [
        f"decommission.{item}" for item in DecommissionChecklist.ITEMS
    ]
    assert FlagDecision.history.filter(history_change_reason__startswith="decommission.flag_confirmed").exists()


def test_loading_the_flag_data_knows_every_attribute_the_prefetches_fill():
    """load_flag_data skips a site that has every prefetched attribute (checked by name,
    without building the querysets, as it runs once per site shown): the names must be
    the prefetches' own, or a site would be judged without its records."""
    from anpr_governance.reviews import flags

    assert set(flags._PREFETCHED) == {p.to_attr for p in flags._prefetches()}
    assert flags._camera_prefetch().to_attr == "active_cameras"


def test_a_site_loaded_without_part_of_the_flag_data_has_it_loaded(site):
    from anpr_governance.reviews.flags import load_flag_data

    loaded = Site.objects.prefetch_related("cameras").get(pk=site.pk)
    loaded.flag_reviews = []  # one attribute there, the others not
    load_flag_data([loaded])
    assert hasattr(loaded, "flag_overrules") and hasattr(loaded, "active_cameras")
