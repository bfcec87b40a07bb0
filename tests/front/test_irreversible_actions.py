"""Issue 12, point 5: each action that cannot be undone goes through a page that says what will
happen and asks for a required reason, kept in the history (and the access log where the action
is logged). Without a reason: the error is beside the field and nothing changes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.reads import services as reads
from anpr_governance.reads.models import Authorisation, Feed
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import DecommissionChecklist, Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 6, 15)
LATE = timezone.make_aware(datetime.datetime(2027, 7, 30, 9, 0))


def error_beside(content: str, field_id: str, message: str) -> bool:
    """The message is in the summary (linked to the field) and in the field's own group."""
    group = content.split(f'id="{field_id}"')[0].rsplit("govuk-form-group", 1)[-1]
    return f'href="#{field_id}"' in content and message in group and "govuk-form-group--error" in content


@pytest.fixture
def overdue(make_site, due_on, manager):
    site = due_on(make_site("live"), DUE)
    review = reviews.review_schedule(actor=manager, site=site, due_on=DUE)
    with time_machine.travel(LATE, tick=False):
        yield site, review


# --- revoke a feed ---------------------------------------------------------------------------


@pytest.fixture
def feed(make_site, sysadmin):
    return reads.feed_create(actor=sysadmin, site=make_site("live"), name="Back office")[0]


def test_revoking_a_feed_says_what_happens_and_needs_a_reason(client, sysadmin, feed):
    client.force_login(sysadmin)
    url = f"/reads/feeds/{feed.pk}/revoke/"
    page = client.get(url).content.decode()
    assert "Its token stops working at once" in page and "cannot be undone" in page
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "reason", "Enter why you are revoking this feed")
    assert Feed.objects.get(pk=feed.pk).is_active


def test_a_revoked_feed_keeps_its_reason_in_its_history_and_the_log(client, sysadmin, feed):
    client.force_login(sysadmin)
    response = client.post(f"/reads/feeds/{feed.pk}/revoke/", {"reason": "Token leaked in an e-mail."}, follow=True)
    assert "Feed “Back office” revoked" in response.content.decode()
    feed.refresh_from_db()
    assert not feed.is_active
    assert "Token leaked in an e-mail." in feed.history.first().history_change_reason
    entry = AccessLogEntry.objects.get(action=Action.FEED_REVOKED)
    assert entry.details["reason"] == "Token leaked in an e-mail."


# --- cease collection (confirming a decommissioning flag), which withdraws the open review ---


def test_ceasing_collection_has_its_own_page_saying_what_follows(client, manager, overdue):
    site, review = overdue
    client.force_login(manager)
    flags_page = client.get(f"/reviews/sites/{site.reference}/").content.decode()
    cease = f"/reviews/sites/{site.reference}/flags/review_overdue/confirmed/"
    assert f'href="{cease}"' in flags_page  # a link to the page, not a form that acts at once
    page = client.get(cease).content.decode()
    assert f"Cease collection at {site.reference}" in page
    assert "The open review (due 15 June 2027) is withdrawn." in page and "cannot be undone" in page
    assert Site.objects.get(pk=site.pk).status == Status.LIVE  # looking changes nothing


def test_ceasing_without_a_reason_changes_nothing(client, manager, overdue):
    site, review = overdue
    client.force_login(manager)
    response = client.post(f"/reviews/sites/{site.reference}/flags/review_overdue/confirmed/", {"comment": ""})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "id_comment", "Enter why collection must cease at this site")
    assert Site.objects.get(pk=site.pk).status == Status.LIVE
    assert Review.objects.get(pk=review.pk).state != Review.State.WITHDRAWN


def test_ceasing_with_a_reason_withdraws_the_review_and_keeps_the_reason(client, manager, overdue):
    site, review = overdue
    client.force_login(manager)
    response = client.post(f"/reviews/sites/{site.reference}/flags/review_overdue/confirmed/",
                           {"comment": "No officer to review it."}, follow=True)
    assert f"Collection has ceased at {site.reference}" in response.content.decode()
    assert Site.objects.get(pk=site.pk).status == Status.COLLECTION_CEASED
    assert Review.objects.get(pk=review.pk).state == Review.State.WITHDRAWN
    history = client.get(f"/sites/{site.reference}/history/").content.decode()
    assert "No officer to review it." in history


# --- decommission ----------------------------------------------------------------------------


@pytest.fixture
def ceased(client, manager, overdue):
    site, _ = overdue
    reviews.decommission_flag_confirm(actor=manager, site=site, rule="review_overdue", comment="No capacity.")
    site.refresh_from_db()
    for item in DecommissionChecklist.ITEMS:
        reviews.decommission_checklist_record(actor=manager, site=site, item=item,
                                              done_on=timezone.localdate(), evidence=f"{item} ref 42")
    return Site.objects.get(pk=site.pk)


def test_decommissioning_has_its_own_page_and_needs_a_reason(client, manager, ceased):
    client.force_login(manager)
    flags_page = client.get(f"/reviews/sites/{ceased.reference}/").content.decode()
    url = f"/reviews/sites/{ceased.reference}/decommission/"
    assert f'href="{url}"' in flags_page
    page = client.get(url).content.decode()
    assert f"Decommission {ceased.reference}" in page and "closed for good" in page
    response = client.post(url, {"comment": " "})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "id_comment", "Enter why the site is being decommissioned")
    assert Site.objects.get(pk=ceased.pk).status == Status.COLLECTION_CEASED


def test_decommissioning_with_a_reason_keeps_it_in_the_history(client, manager, ceased):
    client.force_login(manager)
    response = client.post(f"/reviews/sites/{ceased.reference}/decommission/",
                           {"comment": "Checklist complete; the road was rebuilt."}, follow=True)
    assert f"{ceased.reference} has been decommissioned." in response.content.decode()
    assert Site.objects.get(pk=ceased.pk).status == Status.DECOMMISSIONED
    assert "Checklist complete; the road was rebuilt." in client.get(
        f"/sites/{ceased.reference}/history/").content.decode()


def test_only_a_manager_may_open_the_decommissioning_page(client, officer, ceased):
    client.force_login(officer)
    assert client.get(f"/reviews/sites/{ceased.reference}/decommission/").status_code == 403


# --- refuse an authorisation -----------------------------------------------------------------


@pytest.fixture
def pending(make_site, investigator, grant_search):
    site = make_site("live")
    grant_search(investigator, area=site.policing_area)
    now = timezone.now()
    return reads.authorisation_request(
        actor=investigator, vrm="AB12CDE", date_from=now - datetime.timedelta(days=200),
        date_to=now - datetime.timedelta(days=100), purpose="serious_organised_crime",
        reference="CRI/12345/25", reason="Suspect vehicle seen at three burglaries.")


def test_refusing_an_authorisation_says_it_is_final_and_needs_a_reason(client, authoriser, pending):
    client.force_login(authoriser)
    url = f"/reads/authorisations/{pending.pk}/"
    assert "If you refuse, the decision is final" in client.get(url).content.decode()
    response = client.post(url, {"decision": "refuse", "comment": ""})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "comment", "Say why the authorisation is refused.")
    assert Authorisation.objects.get(pk=pending.pk).status == Authorisation.Status.PENDING


def test_a_refusal_keeps_its_reason_in_the_history_and_the_log(client, authoriser, pending):
    client.force_login(authoriser)
    response = client.post(f"/reads/authorisations/{pending.pk}/",
                           {"decision": "refuse", "comment": "Not proportionate for a single burglary."}, follow=True)
    assert "Not proportionate for a single burglary." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Authorisation.Status.REFUSED
    assert pending.history.first().decision_comment == "Not proportionate for a single burglary."
    entry = AccessLogEntry.objects.get(action=Action.AUTHORISATION_REFUSED, outcome="allowed")
    assert entry.justification == "Not proportionate for a single burglary."
