"""Flags at scale (issue 16, point 3): the dashboard and the "flagged only" register find
flagged sites from the verdicts kept by the sweep and the hooks (reviews/standing_flags.py),
and what they show equals what the live rules say, also when a verdict has gone stale."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.reviews import services, standing_flags
from anpr_governance.reviews.flags import Context, flags_for, with_flag_data
from anpr_governance.reviews.models import FlagEvaluation
from anpr_governance.reviews.selectors import flagged_sites, flagged_sites_queryset
from anpr_governance.sites.lifecycle import COLLECTING
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db


def live_flags(user=None) -> dict[str, list[str]]:
    """What the live rules say of every collecting site: {reference: [codes]} of the flagged ones."""
    ctx = Context.now()
    sites = with_flag_data(Site.objects.filter(status__in=COLLECTING))
    return {site.reference: sorted(f.rule for f in flags_for(site, ctx=ctx))
            for site in sites if flags_for(site, ctx=ctx)}


def shown(manager, rule=None) -> dict[str, list[str]]:
    return {site.reference: sorted(f.rule for f in flags) for site, flags in flagged_sites(manager, rule=rule)}


def selected(manager) -> list[str]:
    """Which sites the pages select as flagged, before the live rules run on them."""
    return list(flagged_sites_queryset(manager).values_list("reference", flat=True))


# --- staleness: time, records, read activity -------------------------------------------------------


@pytest.fixture
def site(make_site, due_on):
    return due_on(make_site("live"), timezone.localdate() + datetime.timedelta(days=200))


def test_a_verdict_kept_before_a_review_fell_overdue_is_not_trusted_after(site, manager, due_on, settings):
    """The verdict written five days ago held for HORIZON_DAYS only: the page judges live."""
    today = timezone.localdate()
    due_on(site, today - datetime.timedelta(days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS + 2))
    standing_flags.refresh([site.pk], today=today - datetime.timedelta(days=5))
    kept = FlagEvaluation.objects.get(site=site)
    assert kept.rules == "" and kept.valid_through < today  # not yet overdue then; it knew when it would be
    assert shown(manager) == {site.reference: ["review_overdue"]}


def test_a_verdict_written_today_says_until_when_it_holds(site, due_on, settings):
    today = timezone.localdate()
    due_on(site, today - datetime.timedelta(days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS - 1))
    standing_flags.refresh([site.pk], today=today)
    kept = FlagEvaluation.objects.get(site=site)
    # Not overdue today; overdue (beyond the grace period) the day after tomorrow.
    assert (kept.rules, kept.valid_through) == ("", today + datetime.timedelta(days=1))


def test_an_overrule_drops_the_verdict_with_it_and_writes_the_new_one_after_commit(
        site, manager, due_on, settings, django_capture_on_commit_callbacks):
    due_on(site, timezone.localdate() - datetime.timedelta(days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS + 5))
    standing_flags.refresh([site.pk])
    assert FlagEvaluation.objects.get(site=site).rules == ",review_overdue,"
    with django_capture_on_commit_callbacks(execute=True):
        services.decommission_flag_overrule(actor=manager, site=Site.objects.get(pk=site.pk), rule="review_overdue",
                                            comment="Camera survey under way; the review is booked.")
    assert FlagEvaluation.objects.get(site=site).rules == ""
    assert shown(manager) == {}


def test_a_change_not_yet_committed_leaves_no_verdict_to_trust(site, manager, due_on, settings):
    """Inside the change's transaction the verdict is gone at once: the page judges live."""
    due_on(site, timezone.localdate() - datetime.timedelta(days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS + 5))
    standing_flags.refresh([site.pk])
    services.decommission_flag_overrule(actor=manager, site=Site.objects.get(pk=site.pk), rule="review_overdue",
                                        comment="Camera survey under way; the review is booked.")
    assert not FlagEvaluation.objects.filter(site=site).exists()
    assert shown(manager) == {}


def test_a_verdict_made_with_other_read_activity_is_not_trusted(site, manager):
    """no_use reads feeds and the access log, which change without hooks: a kept verdict
    whose read activity differs from the site's now is stale."""
    standing_flags.refresh([site.pk])
    FlagEvaluation.objects.filter(site=site).update(
        rules=",no_use,", read_last_at=timezone.now() - datetime.timedelta(days=900))
    assert selected(manager) == []  # judged by the live rules: no flag
    FlagEvaluation.objects.filter(site=site).update(read_last_at=None)  # as the site is now
    assert selected(manager) == [site.reference]  # the kept verdict (made up here), trusted again


def test_a_verdict_made_under_other_settings_is_not_trusted(site, manager, settings):
    standing_flags.refresh([site.pk])
    FlagEvaluation.objects.filter(site=site).update(rules=",review_overdue,")
    assert selected(manager) == [site.reference]  # the kept verdict (made up here) is trusted
    settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS += 1
    assert selected(manager) == []


def test_the_sweep_writes_every_collecting_sites_verdict(site, make_site, django_capture_on_commit_callbacks):
    make_site("live")
    FlagEvaluation.objects.all().delete()
    from anpr_governance.reviews.sweep import review_sweep

    report = review_sweep()
    assert report.flags_evaluated == Site.objects.filter(status__in=COLLECTING).count() == 2
    assert FlagEvaluation.objects.count() == 2


def test_fresh_kept_verdicts_and_stale_sites_judged_live_make_one_list_counted_once(
        site, make_site, manager, due_on, settings):
    """The pages select the sites whose kept verdict is fresh by that verdict (in SQL) and the
    stale ones by the live rules: a stale site is never selected by its kept verdict, and a
    site is counted once whichever way it was found, also when filtered by one rule."""
    overdue = timezone.localdate() - datetime.timedelta(days=settings.ANPR_REVIEW_OVERDUE_GRACE_DAYS + 5)
    kept_flagged = due_on(make_site("live"), overdue)  # flagged, by its fresh kept verdict
    live_flagged = due_on(make_site("live"), overdue)  # flagged, its verdict missing: judged live
    standing_flags.refresh()
    FlagEvaluation.objects.filter(site=live_flagged).delete()
    # `site` is not flagged; its kept verdict says it is, but was made with other read activity.
    FlagEvaluation.objects.filter(site=site).update(
        rules=",no_use,", read_last_at=timezone.now() - datetime.timedelta(days=900))
    expected = sorted([kept_flagged.reference, live_flagged.reference])
    assert selected(manager) == expected
    assert flagged_sites_queryset(manager).count() == 2
    assert list(flagged_sites_queryset(manager, rule="review_overdue").values_list("reference", flat=True)) == expected
    assert flagged_sites_queryset(manager, rule="no_use").count() == 0
    assert shown(manager) == {ref: ["review_overdue"] for ref in expected} == live_flags()
