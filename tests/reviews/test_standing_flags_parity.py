"""Flags at scale (issue 16, point 3), parity on the demo force: the dashboard and the "flagged only" register find
flagged sites from the verdicts kept by the sweep and the hooks (reviews/standing_flags.py),
and what they show equals what the live rules say, also when a verdict has gone stale."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anpr_governance.accounts.models import User
from anpr_governance.assessments.models import Assessment, DocumentStatus, PrivacyImpactAssessment
from anpr_governance.consultations.models import ConsultationExemption
from anpr_governance.front.register import RegisterFilters, register_sites
from anpr_governance.reads.models import Feed
from anpr_governance.reviews import standing_flags
from anpr_governance.reviews.flags import RULES, Context, flags_for, with_flag_data
from anpr_governance.reviews.models import FlagEvaluation, Review
from anpr_governance.reviews.selectors import flagged_sites
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Camera, Site

pytestmark = pytest.mark.django_db


def live_flags(user=None) -> dict[str, list[str]]:
    """What the live rules say of every collecting site: {reference: [codes]} of the flagged ones."""
    ctx = Context.now()
    sites = with_flag_data(Site.objects.filter(status__in=COLLECTING))
    return {site.reference: sorted(f.rule for f in flags_for(site, ctx=ctx))
            for site in sites if flags_for(site, ctx=ctx)}


def shown(manager, rule=None) -> dict[str, list[str]]:
    return {site.reference: sorted(f.rule for f in flags) for site, flags in flagged_sites(manager, rule=rule)}


# --- parity on the demo force ------------------------------------------------------------------


def raise_every_rule() -> None:
    """The demo force raises only review_overdue: give seven more of its live sites the
    records that raise each other rule (arranged in the rows, as an old register would be)."""
    now = timezone.now()
    flagged = [site.pk for site in Site.objects.filter(status__in=COLLECTING) if flags_for(site)]
    live = list(Site.objects.filter(status=Status.LIVE, reviews__state=Review.State.APPROVED)
                .exclude(pk__in=flagged).distinct().order_by("reference")[:7])
    years_ago = now - datetime.timedelta(days=6 * 366)
    Assessment.objects.filter(site=live[0], status=DocumentStatus.APPROVED).update(decided_at=years_ago)
    PrivacyImpactAssessment.objects.filter(site=live[1], status=DocumentStatus.APPROVED).update(decided_at=years_ago)
    Camera.objects.create(site=live[2], identifier=f"{live[2].reference}-NEW")
    manager = User.objects.get(username="manager")
    ConsultationExemption.objects.create(
        site=live[3], reason="Urgent", valid_until=timezone.localdate() - datetime.timedelta(days=1),
        cameras_at_approval=list(live[3].cameras.filter(removed_on__isnull=True).values_list("identifier", flat=True)),
        state=ConsultationExemption.State.APPROVED, requested_by=manager, decided_by=manager, decided_at=now)
    finding = live[4].reviews.filter(state=Review.State.APPROVED).order_by("-due_on", "-id").first()
    Review.objects.filter(pk=finding.pk).update(policing_challenge_continues=False)
    feed = Feed.objects.create(site=live[5], name="parity-feed", token_hash="0" * 64, token_hint="parity",
                               reads_accepted=10)
    Feed.objects.filter(pk=feed.pk).update(created_at=now - datetime.timedelta(days=400))
    Site.objects.filter(pk=live[6].pk).update(imported_at=now)
    Assessment.objects.filter(site=live[6], status=DocumentStatus.APPROVED).update(status=DocumentStatus.SUPERSEDED)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, DEMO_PASSWORD=""), \
            transaction.atomic():
        call_command("seed_demo", password="seeded demo password", stdout=io.StringIO())
        raise_every_rule()
        standing_flags.refresh()  # what the daily sweep does last
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_manager(demo, db):
    return User.objects.get(username="manager")


def test_the_kept_verdicts_equal_the_live_rules_on_every_demo_site(demo_manager):
    live = live_flags()
    kept = {e.site.reference: sorted(filter(None, e.rules.split(",")))
            for e in FlagEvaluation.objects.select_related("site") if e.rules}
    assert kept == live
    assert FlagEvaluation.objects.count() == Site.objects.filter(status__in=COLLECTING).count()


@pytest.mark.parametrize("rule", [None, *RULES])
def test_the_dashboard_and_flagged_register_show_what_the_live_rules_raise_for_each_rule(demo_manager, rule):
    live = {ref: codes for ref, codes in live_flags().items() if rule is None or rule in codes}
    expected = {ref: [rule] if rule else codes for ref, codes in live.items()}
    assert shown(demo_manager, rule) == expected
    if rule is None:
        register = register_sites(demo_manager, RegisterFilters(flagged=True))
        assert sorted(site.reference for site in register) == sorted(live)


def test_the_parity_covers_every_rule(demo_manager):
    assert {code for codes in live_flags().values() for code in codes} == set(RULES)
