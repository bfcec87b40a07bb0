"""The public pages on the demo force (seed_demo, built once for this module): its published
consultations, the transparency figures as counted by the owning apps, and never a location,
grid reference, camera identifier, VRM or staff name on any public page or in the JSON."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.consultations.models import Consultation, PublicReply
from anpr_governance.reads.models import Read
from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.models import Camera, Site


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """Seed once in an outer transaction; each test runs in a savepoint inside it."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast), transaction.atomic():
        call_command("seed_demo", password="seeded demo password", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo, db):
    return None


def published(state):
    return Consultation.objects.exclude(public_summary="").filter(state=state)


def test_the_demo_publishes_open_consultations_with_approved_and_awaiting_replies_and_a_closed_one(demo, client):
    open_ = list(published(Consultation.State.OPEN))
    assert any(c.public_replies.filter(state=PublicReply.State.APPROVED).exists() for c in open_)
    assert any(c.public_replies.filter(state=PublicReply.State.PENDING).exists() for c in open_)
    closed = published(Consultation.State.CLOSED).get()
    assert closed.outcome
    listing = client.get("/consult/").content.decode()
    assert listing.count('class="govuk-summary-card"') == len(open_) >= 2
    assert escape(closed.outcome) in client.get(f"/consult/{closed.pk}/").content.decode()


def figures(client) -> dict:
    response = client.get("/transparency.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)["figures"]


def test_the_figures_are_the_owning_apps_counts_and_not_trivial_on_the_demo(demo, client):
    got = figures(client)
    by_status = {Status(s).label: n for s, n in
                 ((s, Site.objects.filter(status=s).count()) for s in Status.values)}
    assert got["sites_by_status"]["value"] == by_status and len([n for n in by_status.values() if n]) >= 8
    by_area = {a.name: a.sites.filter(status__in=COLLECTING).count() for a in PolicingArea.objects.all()}
    assert got["collecting_sites_by_policing_area"]["value"] == by_area and sum(by_area.values()) >= 40
    assert got["sites_decommissioned"]["value"] == Site.objects.filter(status=Status.DECOMMISSIONED).count() > 0
    assert "365 days" in got["retention_and_access"]["value"] and "90 days" in got["retention_and_access"]["value"]

    since = timezone.now() - datetime.timedelta(days=30)
    searches = AccessLogEntry.objects.filter(action=Action.SEARCH, outcome=Outcome.ALLOWED, at__gte=since)
    assert sum(got["searches_last_30_days_by_purpose"]["value"].values()) == searches.count() > 0

    today = timezone.localdate()
    due = Review.objects.filter(due_on__gt=today.replace(year=today.year - 1), due_on__lte=today).exclude(
        state=Review.State.WITHDRAWN)
    on_time = [r for r in due if r.state == Review.State.APPROVED and r.completed_on <= r.due_on]
    assert due and got["reviews_completed_on_time"]["value"] == f"{round(100 * len(on_time) / len(due))}%"
    assert set(got["authorisations_last_12_months"]["value"]) == {"Granted", "Refused"}
    assert got["contact"]["value"] and got["last_self_assessment"]["value"] is None  # no force pack in the demo


def test_the_page_shows_every_figure_of_the_json(demo, client):
    html = client.get("/transparency/").content.decode()
    for key, figure in figures(client).items():
        assert f'data-figure="{key}"' in html and escape(figure["title"]) in html


def test_no_public_page_or_json_names_a_location_camera_vrm_or_member_of_staff(demo, client):
    pages = ["/consult/", "/transparency/", "/transparency.json"]
    pages += [f"/consult/{c.pk}/" for c in Consultation.objects.exclude(public_summary="")]
    text = "\n".join(client.get(path).content.decode() for path in pages)
    secrets = {
        "location": [s.location_description for s in Site.objects.all()] + [
            s.grid_reference for s in Site.objects.all()],
        "site name": list(Site.objects.values_list("name", flat=True)),
        "camera": list(Camera.objects.values_list("identifier", flat=True)),
        "VRM": list(Read.objects.values_list("vrm", flat=True).distinct()),
        "staff": [u.get_full_name() for u in User.objects.all() if u.get_full_name()],
    }
    assert all(secrets.values())
    for kind, values in secrets.items():
        leaked = [v for v in values if v and v in text]
        assert not leaked, f"a {kind} is on a public page: {leaked[:3]}"
