"""seed_demo: the demo force, built once for this module (it takes seconds) and rolled back after."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.assessments.grounds import Grade, grade_for
from anpr_governance.assessments.models import Assessment, DocumentStatus
from anpr_governance.consultations.models import Consultation, ConsultationExemption
from anpr_governance.demo import builder as demo_data
from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Camera, LocationType, Site

PASSWORD = "seeded demo password"
SEVEN = {
    "officer": Role.GOVERNANCE_OFFICER,
    "manager": Role.APPROVING_MANAGER,
    "auditor": Role.AUDITOR,
    "dpo": Role.DATA_PROTECTION_OFFICER,
    "investigator": Role.INVESTIGATOR,
    "authoriser": Role.AUTHORISING_OFFICER,
    "sysadmin": Role.SYSTEM_ADMINISTRATOR,
}


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker):
    """Seed once in an outer transaction; each test runs in a savepoint inside it."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings = override_settings(PASSWORD_HASHERS=fast, DEMO_PASSWORD="")
    with django_db_blocker.unblock(), settings, transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", password=PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seed_output, db):
    return seed_output


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models(include_auto_created=True)}


def run_again(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_it_creates_64_sites_over_109_lanes(seeded):
    demo = Site.objects.filter(reference__in=demo_data.REFERENCES)
    assert demo.count() == 64
    assert sum(demo.values_list("lanes", flat=True)) == 109
    assert sorted(demo.values_list("reference", flat=True)) == [f"STS-{n:03d}" for n in range(1, 65)]
    assert "64 sites over 109 lanes" in seeded


def test_it_records_one_camera_per_lane(seeded):
    for site in Site.objects.all():
        identifiers = sorted(site.cameras.values_list("identifier", flat=True))
        assert identifiers == sorted(f"{site.reference}-C{n}" for n in range(1, site.lanes + 1))
    assert Camera.objects.count() == 109


def test_it_puts_sites_in_every_status_most_of_them_live(seeded):
    counts = {s: Site.objects.filter(status=s).count() for s in Status.values}
    assert all(counts.values()), counts
    assert counts[Status.LIVE] == 40
    for status in Status:
        assert re.search(rf"{re.escape(status.label)}\s+{counts[status.value]}\b", seeded)


def test_it_creates_the_nine_policing_areas_each_with_sites(seeded):
    areas = PolicingArea.objects.all()
    assert {a.name for a in areas} == {
        "Cannock Chase", "East Staffordshire", "Lichfield", "Newcastle-under-Lyme", "South Staffordshire",
        "Stafford", "Staffordshire Moorlands", "Tamworth", "Stoke-on-Trent",
    }
    assert all(re.fullmatch(r"[a-z-]+", a.code) for a in areas)
    assert all(a.sites.exists() for a in areas)


def test_it_spreads_sites_over_the_five_location_types_with_invented_grid_references(seeded):
    assert set(Site.objects.values_list("location_type", flat=True)) == set(LocationType.values)
    for site in Site.objects.all():
        assert re.fullmatch(r"S[JK] \d{3} \d{3}", site.grid_reference)
        assert site.location_description


def test_it_creates_the_seven_logins_in_their_groups(seeded):
    for username, role in SEVEN.items():
        user = User.objects.get(username=username)
        assert role in user.role_names
        assert user.first_name and user.last_name and user.email.endswith("@staffordshire.example")
        assert f"  {username} " in seeded
    assert User.objects.get(username="sysadmin").is_staff
    assert not User.objects.get(username="officer").is_staff


def test_the_officer_and_the_manager_are_different_people(seeded):
    officer, manager = User.objects.get(username="officer"), User.objects.get(username="manager")
    assert officer.pk != manager.pk
    assert Role.APPROVING_MANAGER not in officer.role_names
    assert Role.GOVERNANCE_OFFICER not in manager.role_names


def test_the_password_option_sets_the_password_of_the_logins(seeded):
    for username in SEVEN:
        assert User.objects.get(username=username).check_password(PASSWORD)
    assert f"(given with --password): {PASSWORD}" in seeded


def test_running_it_twice_changes_nothing(seeded):
    before = row_counts()
    output = run_again(password="a different password")
    assert row_counts() == before
    assert "Demo data already present" in output
    assert User.objects.get(username="officer").check_password(PASSWORD)
    assert not User.objects.get(username="officer").check_password("a different password")


def test_a_second_run_recreates_a_missing_login_with_a_generated_password(seeded, settings):
    settings.DEMO_PASSWORD = ""
    User.objects.filter(username="investigator").update(username="investigator-renamed")
    output = run_again()
    generated = re.search(r"\(generated[^)]*\): (\S+)", output).group(1)
    user = User.objects.get(username="investigator")
    assert user.check_password(generated)
    assert Role.INVESTIGATOR in user.role_names
    assert Site.objects.count() == 64


def test_without_the_option_it_uses_the_demo_password_setting(seeded, settings):
    settings.DEMO_PASSWORD = "from the setting"
    User.objects.filter(username="auditor").update(username="auditor-renamed")
    output = run_again()
    assert User.objects.get(username="auditor").check_password("from the setting")
    assert "from DEMO_PASSWORD" in output


def test_it_refuses_to_build_over_part_of_a_demo_and_changes_nothing(seeded):
    Site.objects.filter(reference="STS-064").update(reference="STS-999")
    User.objects.filter(username="dpo").update(username="dpo-renamed")
    before = row_counts()
    with pytest.raises(CommandError, match="63 of the demo references"):
        run_again(password="another password")
    assert row_counts() == before
    assert not User.objects.filter(username="dpo").exists()


def test_some_reviews_are_overdue_and_some_due_within_30_days(seeded):
    today = timezone.localdate()
    live = Site.objects.filter(status=Status.LIVE)
    overdue = live.filter(next_review_due__lt=today)
    assert overdue.count() >= 3
    assert live.filter(next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(30)).count() >= 3
    assert live.filter(next_review_due__gt=today + datetime.timedelta(90)).count() >= 10
    for site in overdue:
        assert site.reviews.get(state=Review.State.SCHEDULED).due_on == site.next_review_due


def test_some_live_sites_have_a_completed_earlier_review(seeded):
    completed = Review.objects.filter(state=Review.State.APPROVED, site__status=Status.LIVE)
    assert completed.count() >= 5
    for review in completed:
        assert review.completed_on < timezone.localdate()
        assert review.site.next_review_due > review.completed_on


def test_reviews_await_the_manager_or_the_officer(seeded):
    under_review = Review.objects.filter(site__status=Status.UNDER_REVIEW)
    assert under_review.filter(state=Review.State.SUBMITTED).exists()
    assert under_review.filter(state=Review.State.RETURNED).exists()
    assert under_review.filter(state=Review.State.IN_PROGRESS).exists()


def test_the_seed_says_in_the_history_which_dates_it_moved(seeded):
    reasons = set(Site.history.values_list("history_change_reason", flat=True))
    assert demo_data.BACKDATED in reasons
    assert "site.went_live" in reasons


def test_sites_with_exemptions_and_with_closed_consultations_exist(seeded):
    assert ConsultationExemption.objects.filter(state=ConsultationExemption.State.APPROVED).count() >= 3
    assert ConsultationExemption.objects.filter(state=ConsultationExemption.State.PENDING).exists()
    closed = Consultation.objects.filter(state=Consultation.State.CLOSED)
    assert closed.count() >= 20
    assert all(c.outcome and c.consultees.exists() and c.closed_on >= c.opened_on for c in closed)
    assert Consultation.objects.filter(state=Consultation.State.OPEN).exists()


def test_some_sites_claim_an_exceptional_ground_with_its_justification(seeded):
    exceptional = [
        (a, ground)
        for a in Assessment.objects.filter(status=DocumentStatus.APPROVED)
        for ground in a.claimed_grounds()
        if grade_for(a.location_type, ground) == Grade.E
    ]
    assert len(exceptional) >= 3
    assert all(getattr(a, f"{ground}_justification").startswith("Exceptional case") for a, ground in exceptional)


def test_the_wording_varies_from_site_to_site(seeded):
    needs = set(Assessment.objects.values_list("pressing_need_evidence", flat=True))
    assert len(needs) > 40


def test_decommissioned_sites_have_a_complete_checklist_and_their_cameras_removed(seeded):
    for site in Site.objects.filter(status=Status.DECOMMISSIONED):
        assert site.decommission_checklist.missing_items() == []
        assert not site.cameras.filter(removed_on__isnull=True).exists()


def test_the_password_comes_from_the_option_then_the_setting_then_is_generated():
    assert demo_data.resolve_password("given", "setting") == ("given", "option")
    assert demo_data.resolve_password(None, "setting") == ("setting", "setting")
    first, source = demo_data.resolve_password(None, "")
    assert source == "generated" and len(first) >= 16
    assert demo_data.resolve_password(None, "")[0] != first


def test_the_investigator_may_search_every_policing_area_and_finds_demo_reads(seeded):
    from anpr_governance.audit.chain import verify_chain
    from anpr_governance.reads.models import Authorisation, Feed, Read
    from anpr_governance.reads.selectors import sites_searchable_by
    from anpr_governance.sites.lifecycle import COLLECTING

    investigator = User.objects.get(username="investigator")
    assert sites_searchable_by(investigator).count() == Site.objects.count() == 64
    assert Feed.objects.count() == Site.objects.filter(status__in=COLLECTING).count()
    assert Read.objects.filter(vrm="AB12CDE").exists() and Read.objects.count() > 1000
    assert Authorisation.objects.filter(status="pending", requested_by=investigator).exists()
    assert verify_chain().intact
    assert "may search the 9 policing areas" in seeded
