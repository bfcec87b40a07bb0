"""Every admin page open to its users answers without error (issue 11, point 8): each
changelist and a change page of each registered model, as a superuser and as a system
administrator (403 where the role may not look is an answer; 500 is not)."""

import pytest
from django.contrib import admin
from django.utils import timezone

from anpr_governance.reads import services as read_services
from anpr_governance.reports.models import Pack, PackDisclosure
from anpr_governance.reviews.models import Notice, SweepRun

pytestmark = pytest.mark.django_db

# The admin pages that answered 500 (ReadOnlyAdminMixin on an admin without history).
ONCE_BROKEN = [Pack, PackDisclosure, Notice, SweepRun]


@pytest.fixture
def records(make_site, auditor, officer, sysadmin, investigator):
    site = make_site("live", reference="STS-001")
    pack = Pack.objects.create(scope="site", site=site, scope_key="STS-001", version=1, as_at=timezone.localdate(),
                               requested_by=auditor)
    PackDisclosure.objects.create(pack=pack, action="built", actor=auditor, actor_name="auditor", recipient="ICO")
    Notice.objects.create(recipient=officer, site=site, kind="review_opened", message="Review STS-001.")
    SweepRun.objects.create(day=timezone.localdate())
    read_services.feed_create(actor=sysadmin, site=site, name="STS-001 back office")


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("who", ["superuser", "sysadmin"])
def test_every_changelist_and_change_page_answers(client, request, records, who):
    client.force_login(request.getfixturevalue(who))
    visited = []
    for model in admin.site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        listing = client.get(base)
        assert listing.status_code in (200, 302, 403), (base, listing.status_code)
        instance = model._default_manager.first()
        if instance is not None:
            change = client.get(f"{base}{instance.pk}/change/")
            assert change.status_code in (200, 302, 403), (base, change.status_code)
            visited.append(model)
    assert set(ONCE_BROKEN) <= set(visited)


@pytest.fixture
def staff_who_views_them(make_user):
    """Staff holding a group with view permission on the once-broken models (superuser status
    opens nothing, so a permission from a group is the only way in)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Test viewers")
    group.permissions.set(Permission.objects.filter(codename__in=[f"view_{m._meta.model_name}" for m in ONCE_BROKEN]))
    user = make_user("viewer", is_staff=True)
    user.groups.add(group)
    return user


def test_the_pages_that_once_failed_answer(client, staff_who_views_them, records):
    client.force_login(staff_who_views_them)
    for model in ONCE_BROKEN:
        opts = model._meta
        instance = model._default_manager.first()
        assert client.get(f"/admin/{opts.app_label}/{opts.model_name}/{instance.pk}/change/").status_code == 200
