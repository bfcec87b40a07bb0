"""A pack "as at" a date shows each record as it stood then, not as it is now.

The site is built 300 days ago, changed 200 days ago (a second camera, a new version of
its assessment, a review started), and the pack is asked for as at 250 days ago."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import Texts, complete_assessment
from anpr_governance.reports.models import Pack
from anpr_governance.reviews import services as reviews
from anpr_governance.sites import services as site_services

pytestmark = pytest.mark.django_db

NEW_NEED = "Strategic assessment refreshed: vehicle crime on the route fell 9% after deployment."


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def changed_site(make_site, actors):
    with time_machine.travel(days_ago(300), tick=False):
        site = make_site("live", reference="STS-060")
    with time_machine.travel(days_ago(200), tick=False):
        site_services.camera_add(actor=actors.manager, site=site, identifier="STS-060-C2", lane=2)
        complete_assessment(site, actors, Texts(pressing_need=NEW_NEED))
        review = reviews.review_schedule(actor=actors.manager, site=site, due_on=timezone.localdate())
        reviews.review_start(actor=actors.officer, review=review)
    site.refresh_from_db()
    assert site.status == "under_review"
    return site


def test_a_pack_as_at_an_earlier_date_shows_the_records_as_they_stood_then(changed_site, auditor, build, read_pack):
    as_at = (days_ago(250)).date()
    pdf = read_pack(build(auditor, site_reference="STS-060", as_at=as_at))
    section = json.loads(pdf.attachment)["sites"][0]
    assert section["status_label"] == "Live"
    assert [c["identifier"] for c in section["cameras"]] == ["STS-060-C1"]
    assert section["assessment"]["version"] == 1 and section["assessment"]["status"] == "approved"
    assert section["reviews"] == []
    assert [t["status"] for t in section["timeline"]][-1] == "live"
    assert all(c["at"] <= f"{as_at.isoformat()}T23:59:59Z" for c in section["changes"])

    text = pdf.flat
    assert f"Status as at {as_at:%-d %B %Y} Live" in text
    # Flags are computed at generation from today's records (the pack says so), so today's
    # material change may be named there; every record as at the date must not show it.
    records, flags = text.split("Flags as computed at generation", 1)
    assert "STS-060-C2" not in records and NEW_NEED not in text and "Under review" not in text
    assert "material_change" in flags
    assert "Strategic assessment: acquisitive crime on this route rose 18% year on year." in text


def test_a_pack_as_at_today_shows_the_changes(changed_site, auditor, build, read_pack):
    pdf = read_pack(build(auditor, site_reference="STS-060"))
    section = json.loads(pdf.attachment)["sites"][0]
    assert section["status_label"] == "Under review"
    assert [c["identifier"] for c in section["cameras"]] == ["STS-060-C1", "STS-060-C2"]
    assert section["assessment"]["version"] == 2
    assert [v["status"] for v in section["assessment_versions"]] == ["approved", "superseded"]
    assert section["reviews"][0]["state"] == "in_progress"
    text = pdf.flat
    assert NEW_NEED in text and "STS-060-C2" in text


def test_the_change_history_covers_the_period_up_to_the_as_at_date(changed_site, auditor, build, read_pack,
                                                                   settings):
    settings.ANPR_PACK_PERIOD_MONTHS = 3  # 90-odd days up to today: the changes of 200 days ago are out
    section = json.loads(read_pack(build(auditor, site_reference="STS-060")).attachment)["sites"][0]
    assert section["changes"] == []
    settings.ANPR_PACK_PERIOD_MONTHS = 12
    section = json.loads(read_pack(build(auditor, site_reference="STS-060")).attachment)["sites"][0]
    actions = [c["action"] for c in section["changes"]]
    assert "site.camera_added" in actions and "review.started" in actions and "site.went_live" in actions


def test_a_force_wide_pack_leaves_out_sites_that_did_not_exist_yet(changed_site, make_site, auditor, build,
                                                                   read_pack):
    make_site("proposed", reference="STS-061")  # today
    data = json.loads(read_pack(build(auditor, scope="force", as_at=days_ago(250).date())).attachment)
    assert [s["reference"] for s in data["sites"]] == ["STS-060"]
    data = json.loads(read_pack(build(auditor, scope="force")).attachment)
    assert [s["reference"] for s in data["sites"]] == ["STS-060", "STS-061"]


def test_an_as_at_date_before_the_first_record_is_refused_and_no_pack_is_made(changed_site, auditor):
    first = days_ago(300).date()
    with pytest.raises(DomainError, match=f"STS-060 has no record before {first:%-d %B %Y}"):
        reach(auditor, site_reference="STS-060", as_at=first - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="The register of sites has no record before"):
        reach(auditor, scope="force", as_at=first - datetime.timedelta(days=1))
    assert not Pack.objects.exists()


def test_an_as_at_date_in_the_future_is_refused(changed_site, auditor):
    with pytest.raises(DomainError, match="cannot be in the future"):
        reach(auditor, site_reference="STS-060", as_at=timezone.localdate() + datetime.timedelta(days=1))
    assert not Pack.objects.exists()


def test_an_unknown_site_is_refused_by_name(changed_site, auditor):
    with pytest.raises(DomainError, match="There is no site with reference STS-999"):
        reach(auditor, site_reference="sts-999")
    assert not Pack.objects.exists()


@pytest.mark.parametrize("role", ["officer", "investigator", "authoriser", "sysadmin"])
def test_a_role_without_access_is_refused(changed_site, request, role):
    person = request.getfixturevalue(role)
    with pytest.raises(NotPermitted, match="Only an approving manager or auditor or data protection officer may"):
        reach(person, site_reference="STS-060")
    assert not Pack.objects.exists()


def test_approving_managers_and_the_dpo_may_build_packs(changed_site, manager, dpo, build):
    assert build(manager, site_reference="STS-060").state == Pack.State.READY
    assert build(dpo, scope="force").state == Pack.State.READY


def reach(actor, scope="site", **kwargs):
    from anpr_governance.reports import services

    return services.pack_request(actor=actor, scope=scope, enqueue=False, **kwargs)
