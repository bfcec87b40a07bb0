"""Shared fixtures: one person per role, a policing area, and sites in any status.

Following healthchecks' habit, there is an owner (the assigned officer), a colleague
with the same role (another_officer) and outsiders with other roles."""

import datetime

import pytest
from django.contrib.auth.models import Group

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.celery import app as celery_app
from anpr_governance.demo.walkthrough import Actors, advance
from anpr_governance.sites import services as site_services
from anpr_governance.sites.models import LocationType, Site


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file, not memory: a real Celery worker thread
    (tests/reviews/test_celery_wiring.py) then has its own connection with SQLite's ordinary
    locking (and the busy timeout) instead of in-memory shared-cache table locks, which fail
    at once with "database table is locked" when two threads meet."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        # A throwaway file: no need to survive a power cut, so no waiting for the disk.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off, where two-factor sign-in is on by default; the tests of it
    # (tests/accounts/test_two_factor.py) switch it back on.
    settings.REQUIRE_MFA = False
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def role_groups(transactional_db):
    """The role groups with exactly their permissions, for transactional tests: the flush
    that ends an earlier transactional test empties the groups the migration created."""
    from django.contrib.auth.models import Permission

    from anpr_governance.accounts.roles import ROLE_PERMISSIONS

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in (perm.split(".") for perm in perms)
        ])


@pytest.fixture
def make_user(db):
    def make(username: str, *roles: Role, **extra) -> User:
        user = User.objects.create_user(username=username, password="correct horse battery", **extra)
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user("officer", Role.GOVERNANCE_OFFICER)


@pytest.fixture
def another_officer(make_user):
    return make_user("officer2", Role.GOVERNANCE_OFFICER)


@pytest.fixture
def manager(make_user):
    return make_user("manager", Role.APPROVING_MANAGER)


@pytest.fixture
def another_manager(make_user):
    return make_user("manager2", Role.APPROVING_MANAGER)


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def dpo(make_user):
    return make_user("dpo", Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def investigator(make_user):
    return make_user("investigator", Role.INVESTIGATOR)


@pytest.fixture
def authoriser(make_user):
    return make_user("authoriser", Role.AUTHORISING_OFFICER)


@pytest.fixture
def sysadmin(make_user):
    return make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, is_staff=True)


@pytest.fixture
def grant_search(sysadmin, authoriser):
    """grant_search(investigator, area=… or site=…): a search grant proposed by the system
    administrator and approved by the authorising officer (two people, as the service requires)."""

    def grant(user, *, area=None, site=None):
        from anpr_governance.reads.services import search_grant_decide, search_grant_propose

        proposal = search_grant_propose(actor=sysadmin, user=user, area=area, site=site)
        return search_grant_decide(actor=authoriser, grant=proposal, decision="approve")

    return grant


@pytest.fixture
def area(db):
    return PolicingArea.objects.create(name="Stafford", code="stafford")


@pytest.fixture
def actors(officer, manager, dpo):
    return Actors(officer=officer, manager=manager, dpo=dpo)


@pytest.fixture
def make_site(area, actors):
    """make_site("live") → a site walked to that status through the services."""
    counter = iter(range(1, 1000))

    def make(status="proposed", *, reference=None, location_type=LocationType.LA_MAJOR_ROAD, lanes=2, **texts):
        site = site_services.site_create(
            actor=actors.manager, reference=reference or f"STS-{next(counter):03d}", name="A34 corridor",
            policing_area=area, location_type=location_type, lanes=lanes,
            location_description="Northbound carriageway near a junction", grid_reference="SJ 912 234",
            governance_officer=actors.officer,
        )
        return advance(site, status, actors)

    return make


@pytest.fixture
def tasks_inline():
    """Celery runs tasks inline, raising their errors (the real worker is tested once, in
    tests/reviews/test_celery_wiring.py)."""
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


@pytest.fixture
def due_on():
    """due_on(site, day): put the site's next review on `day` (arranging a test's calendar)."""

    def arrange(site: Site, day: datetime.date) -> Site:
        Site.objects.filter(pk=site.pk).update(next_review_due=day)
        site.refresh_from_db()
        return site

    return arrange
