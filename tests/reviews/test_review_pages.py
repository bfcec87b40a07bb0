"""Reviews in the browser: schedule, start, write and submit, approve or return."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import Status

pytestmark = pytest.mark.django_db

WRITTEN = {
    "privacy_intrusion_change": "Collateral intrusion unchanged.",
    "privacy_risks_change": "No new risks.",
    "privacy_complaints": "No complaints.",
    "privacy_measures": "Signage in place.",
    "evidence": "Reads used in 15 investigations this year.",
    "policing_challenge_continues": "yes",
    "outcome": "continue",
}


def test_a_manager_schedules_a_review_of_a_live_site(client, manager, make_site):
    site = make_site("live")
    site.reviews.update(state=Review.State.APPROVED)  # no review open
    due = timezone.localdate() + datetime.timedelta(days=40)
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/reviews/schedule/",
                           {"due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year})
    assert response.status_code == 302
    assert site.reviews.get(state=Review.State.SCHEDULED).due_on == due


def test_scheduling_a_second_open_review_is_refused_with_the_reason(client, manager, make_site):
    site = make_site("under_review")
    client.force_login(manager)
    due = timezone.localdate()
    html = client.post(f"/sites/{site.reference}/reviews/schedule/",
                       {"due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year}).content.decode()
    assert "There is a problem" in html and "only live sites are reviewed" in html


def test_the_officer_starts_writes_and_submits_a_review_and_the_manager_approves_it(client, officer, manager,
                                                                                    make_site):
    from anpr_governance.reviews import services

    site = make_site("live")
    review = site.reviews.filter(state=Review.State.SCHEDULED).first() or services.review_schedule(
        actor=manager, site=site, due_on=timezone.localdate())
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/reviews/{review.pk}/start/")
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.status == Status.UNDER_REVIEW
    review.refresh_from_db()
    html = client.post(f"/sites/{site.reference}/reviews/{review.pk}/",
                       {"lock_version": review.lock_version, "action": "submit"}).content.decode()
    assert "Describe any change in intrusion (or say there is none)." in html
    assert 'href="#id_privacy_intrusion_change"' in html and 'href="#id_outcome"' in html
    response = client.post(f"/sites/{site.reference}/reviews/{review.pk}/",
                           {"lock_version": review.lock_version, "action": "submit", **WRITTEN})
    assert response.status_code == 302
    client.force_login(manager)
    assert client.post(f"/sites/{site.reference}/reviews/{review.pk}/decide/",
                       {"decision": "approve"}).status_code == 302
    site.refresh_from_db()
    assert site.status == Status.LIVE and site.next_review_due > timezone.localdate()


def test_a_returned_review_shows_the_managers_comment_to_the_officer(client, officer, manager, make_site):
    site = make_site("under_review")
    review = site.reviews.get(state=Review.State.IN_PROGRESS)
    client.force_login(officer)
    client.post(f"/sites/{site.reference}/reviews/{review.pk}/",
                {"lock_version": review.lock_version, "action": "submit", **WRITTEN})
    client.force_login(manager)
    client.post(f"/sites/{site.reference}/reviews/{review.pk}/decide/",
                {"decision": "return", "comment": "Add the complaint figures."})
    client.force_login(officer)
    html = client.get(f"/sites/{site.reference}/reviews/{review.pk}/").content.decode()
    assert "Add the complaint figures." in html


def test_an_auditor_cannot_write_a_review(client, auditor, make_site):
    site = make_site("under_review")
    review = site.reviews.get(state=Review.State.IN_PROGRESS)
    client.force_login(auditor)
    response = client.post(f"/sites/{site.reference}/reviews/{review.pk}/", {"action": "submit", **WRITTEN})
    assert response.status_code == 403 and "Only a governance officer may" in response.content.decode()
