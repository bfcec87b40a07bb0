"""Notices lead to work that remains (issue 12, point 3): a notice whose review is already
submitted leaves the dashboard; all can be marked read at once."""

import pytest

from anpr_governance.demo.walkthrough import review_site
from anpr_governance.reviews.models import Notice, Review

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def notice(officer, site, review, kind="review_opened", message="Complete the review of the site."):
    return Notice.objects.create(recipient=officer, site=site, review=review, kind=kind, message=message)


def test_a_notice_asking_for_a_review_already_submitted_is_dropped(client, officer, actors, make_site):
    site = make_site("under_review")
    review = site.reviews.get()
    notice(officer, site, review)
    assert "Complete the review of the site." in dashboard(client, officer)
    review_site(site, actors, approve=False)
    assert Review.objects.get(pk=review.pk).state == Review.State.SUBMITTED
    assert "Complete the review of the site." not in dashboard(client, officer)


def test_every_notice_is_marked_read_at_once(client, officer, make_site):
    site = make_site("under_review")
    review = site.reviews.get()
    for n in range(3):
        notice(officer, site, review, kind=f"reminder_{n}", message=f"Reminder {n}.")
    html = dashboard(client, officer)
    assert "Mark all as read" in html
    response = client.post("/reviews/notices/read-all/", {"next": "/"})
    assert response.status_code == 302
    assert not Notice.objects.filter(recipient=officer, read_at__isnull=True).exists()
    assert 'data-testid="notices"' not in dashboard(client, officer)


def test_marking_all_read_touches_only_the_readers_notices(client, officer, another_officer, make_site):
    site = make_site("under_review")
    theirs = notice(another_officer, site, site.reviews.get())
    client.force_login(officer)
    client.post("/reviews/notices/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
