"""Only what will succeed is offered (issue 12, point 1): a move whose prerequisites are
missing is a line saying what is missing and who does it, not a button; links the reader
may not follow are not shown."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.reviews import services as reviews

pytestmark = pytest.mark.django_db


def page(client, user, site, path=""):
    client.force_login(user)
    response = client.get(f"/sites/{site.reference}/{path}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_move_whose_prerequisites_are_missing_is_not_offered_but_explained(client, officer, make_site):
    site = make_site("assessment")  # no approved assessment yet
    html = page(client, officer, site)
    assert f"/sites/{site.reference}/move/privacy_review/" not in html
    assert "has no approved in-depth assessment" in html
    assert "Then the governance officer can move on to the privacy review" in html


def test_submitting_for_approval_is_not_offered_before_the_consultation_is_done(client, officer, make_site):
    site = make_site("privacy_review")
    html = page(client, officer, site)
    assert f"/sites/{site.reference}/move/consultation/" not in html  # the DPIA is not approved yet


def test_the_move_page_of_a_blocked_move_says_what_is_missing_and_has_no_button(client, officer, make_site):
    site = make_site("assessment")
    html = page(client, officer, site, "move/privacy_review/")
    assert "has no approved in-depth assessment" in html
    assert "Move on to the privacy review</button>" not in html and 'method="post" novalidate' not in html


def test_the_submitter_is_not_offered_the_approval_of_their_own_submission(client, manager, make_site):
    site = make_site("awaiting_approval")
    site.submitted_by = manager
    site.save(update_fields=["submitted_by"])
    html = page(client, manager, site)
    assert f"/sites/{site.reference}/move/approved/" not in html
    assert "another approving manager must approve it" in html


@pytest.mark.parametrize("role", ["investigator", "authoriser", "sysadmin"])
def test_readers_who_may_not_open_the_flags_page_are_not_linked_to_it(client, request, make_site, due_on, manager,
                                                                      role):
    site = due_on(make_site("live"), datetime.date(2027, 6, 15))
    reviews.review_schedule(actor=manager, site=site, due_on=datetime.date(2027, 6, 15))
    user = request.getfixturevalue(role)
    with time_machine.travel(timezone.make_aware(datetime.datetime(2027, 7, 30, 9, 0)), tick=False):
        html = page(client, user, site)
        assert "Flagged for decommissioning" in html  # the flag is shown…
        assert f"/reviews/sites/{site.reference}/" not in html  # …but not the page they may not open
        assert client.get(f"/reviews/sites/{site.reference}/").status_code == 403
