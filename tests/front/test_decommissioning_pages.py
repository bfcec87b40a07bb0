"""The pages of the decommissioning workflow, the notices, and the partials the dashboard
and the site page include."""

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from anpr_governance.reviews import services
from anpr_governance.reviews.models import DecommissionChecklist, FlagDecision, Notice
from anpr_governance.reviews.selectors import flagged_sites, notices_for_user, site_flags
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

# Every test here uses the database (also when a fixture is requested at run time).
pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 6, 15)
LATE = timezone.make_aware(datetime.datetime(2027, 7, 30, 9, 0))  # 45 days after DUE


@pytest.fixture
def overdue(make_site, due_on, manager):
    site = due_on(make_site("live"), DUE)
    services.review_schedule(actor=manager, site=site, due_on=DUE)
    with time_machine.travel(LATE, tick=False):
        yield site


def page(site):
    return f"/reviews/sites/{site.reference}/"


def test_a_manager_sees_the_flag_and_can_confirm_or_overrule_it(client, manager, overdue):
    client.force_login(manager)
    content = client.get(page(overdue)).content.decode()
    assert "Review overdue" in content
    assert "The review due on 15 June 2027 is 45 days overdue" in content
    assert "Confirm and cease collection" in content and "Overrule" in content


@pytest.mark.parametrize("who", ["auditor", "officer", "dpo"])
def test_other_governance_roles_see_the_flags_but_cannot_decide(client, request, who, overdue):
    client.force_login(request.getfixturevalue(who))
    content = client.get(page(overdue)).content.decode()
    assert "45 days overdue" in content
    assert "Confirm and cease collection" not in content
    response = client.post(f"{page(overdue)}flags/review_overdue/confirmed/", {"comment": ""})
    assert response.status_code == 403  # not permitted: the one mapping of refusals (core.web)
    assert "Only an approving manager may" in response.content.decode()
    assert Site.objects.get(pk=overdue.pk).status == Status.LIVE


@pytest.mark.parametrize("who", ["investigator", "authoriser", "sysadmin"])
def test_roles_outside_governance_are_refused(client, request, who, overdue):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(overdue)).status_code == 403
    assert client.get("/reviews/flags/").status_code == 403


def test_confirming_ceases_collection_and_opens_the_checklist(client, manager, overdue):
    client.force_login(manager)
    response = client.post(f"{page(overdue)}flags/review_overdue/confirmed/", {"comment": "No capacity."}, follow=True)
    content = response.content.decode()
    assert "Collection has ceased at STS-001" in content
    assert "Decommissioning checklist" in content and "Feed stopped" in content
    assert Site.objects.get(pk=overdue.pk).status == Status.COLLECTION_CEASED
    assert "No capacity." in content  # the decisions table


def test_ceasing_collection_needs_a_reason_and_changes_nothing_without_one(client, manager, overdue):
    """Issue 12, point 5: "Confirm and cease collection" needed only an optional comment."""
    client.force_login(manager)
    assert "Comment (optional)" not in client.get(page(overdue)).content.decode()
    response = client.post(f"{page(overdue)}flags/review_overdue/confirmed/", {"comment": "  "})
    content = response.content.decode()
    assert response.status_code == 400 and "Enter why collection must cease" in content
    assert 'href="#id_comment"' in content
    assert Site.objects.get(pk=overdue.pk).status == Status.LIVE


def test_overruling_without_a_reason_shows_an_error_next_to_the_field(client, manager, overdue):
    client.force_login(manager)
    response = client.post(f"{page(overdue)}flags/review_overdue/overruled/", {"comment": ""})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert 'href="#overruled-review_overdue"' in content
    assert "govuk-form-group--error" in content
    assert not FlagDecision.objects.exists()


def test_an_overruled_flag_leaves_the_list_and_shows_who_overruled_it_and_why(client, manager, overdue):
    client.force_login(manager)
    client.post(f"{page(overdue)}flags/review_overdue/overruled/", {"comment": "Officer back next week."})
    content = client.get(page(overdue)).content.decode()
    assert "No decommissioning flags." in content
    assert "Overruled by manager" in content and "Officer back next week." in content
    assert "STS-001" not in client.get("/reviews/flags/").content.decode()


def test_the_checklist_is_recorded_with_dates_and_evidence_then_the_site_is_decommissioned(client, manager, overdue):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue", comment="No capacity.")
    client.force_login(manager)
    for item in DecommissionChecklist.ITEMS:
        response = client.post(f"{page(overdue)}checklist/{item}/",
                               {"day": "29", "month": "7", "year": "2027", "evidence": f"{item} ref 42"})
        assert response.status_code == 302
    content = client.get(page(overdue)).content.decode()
    assert content.count("29 July 2027") == 4
    response = client.post(f"{page(overdue)}decommission/", {"comment": "Checklist complete."}, follow=True)
    assert "STS-001 has been decommissioned." in response.content.decode()
    assert Site.objects.get(pk=overdue.pk).status == Status.DECOMMISSIONED


def test_a_checklist_item_without_a_date_or_evidence_is_refused_in_words(client, manager, overdue):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue", comment="No capacity.")
    client.force_login(manager)
    response = client.post(f"{page(overdue)}checklist/signage_removed/", {"evidence": "Signs gone."})
    assert response.status_code == 400
    assert "Enter the date it was done" in response.content.decode()
    response = client.post(f"{page(overdue)}checklist/signage_removed/",
                           {"day": "31", "month": "2", "year": "2027", "evidence": "Signs gone."})
    assert "The date must be a real date." in response.content.decode()
    response = client.post(f"{page(overdue)}checklist/signage_removed/",
                           {"day": "1", "month": "7", "year": "2027", "evidence": " "})
    assert "Give the evidence that this was done." in response.content.decode()
    assert not DecommissionChecklist.objects.filter(site=overdue, signage_removed_on__isnull=False).exists()


def test_decommissioning_before_the_checklist_is_complete_is_refused(client, manager, overdue):
    services.decommission_flag_confirm(actor=manager, site=overdue, rule="review_overdue", comment="No capacity.")
    client.force_login(manager)
    response = client.post(f"{page(overdue)}decommission/", {"comment": "Done."})
    assert response.status_code == 400
    assert "checklist for STS-001 is not complete" in response.content.decode()


def test_the_flagged_sites_page_lists_flagged_sites_and_filters_by_rule(client, auditor, overdue, make_site):
    make_site("live", reference="STS-050")  # nothing wrong with this one
    client.force_login(auditor)
    content = client.get("/reviews/flags/").content.decode()
    assert "STS-001" in content and "STS-050" not in content
    assert "STS-001" not in client.get("/reviews/flags/", {"rule": "dpia_expired"}).content.decode()


def test_governance_roles_find_decommissioning_in_the_navigation(client, auditor, investigator):
    client.force_login(auditor)
    assert 'href="/reviews/flags/"' in client.get("/").content.decode()
    client.force_login(investigator)
    assert 'href="/reviews/flags/"' not in client.get("/").content.decode()


# --- notices ------------------------------------------------------------------------------------


@pytest.fixture
def notice(overdue, officer):
    return Notice.objects.create(recipient=officer, site=overdue, review=overdue.reviews.get(), kind="reminder_7",
                                 message="The review of STS-001 A34 corridor is due on 15 June 2027: 7 days left.")


def test_the_notices_partial_lists_unread_notices_with_a_link_and_a_mark_as_read_button(rf_request, officer, notice):
    html = render_to_string("front/decommissioning/_notices.html", {"notices": notices_for_user(officer)},
                            request=rf_request)
    assert "You have 1 new notice." in html and "Review due soon (1)" in html
    assert "7 days left" in html and 'href="/reviews/sites/STS-001/"' in html
    assert f'action="/reviews/notices/{notice.pk}/read/"' in html
    assert render_to_string("front/decommissioning/_notices.html", {"notices": []}).strip() == ""


def test_marking_a_notice_read_takes_it_off_the_dashboard(client, officer, notice):
    client.force_login(officer)
    response = client.post(f"/reviews/notices/{notice.pk}/read/", {"next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert notices_for_user(officer) == []
    assert "7 days left" in client.get("/reviews/notices/").content.decode()  # kept, as read


def test_nobody_marks_someone_elses_notice_read(client, manager, notice):
    client.force_login(manager)
    assert client.post(f"/reviews/notices/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_marking_read_never_redirects_off_the_site(client, officer, notice):
    client.force_login(officer)
    response = client.post(f"/reviews/notices/{notice.pk}/read/", {"next": "https://evil.example/"})
    assert response.url == "/reviews/notices/"


# --- partials for the site page and the dashboard -------------------------------------------------


@pytest.fixture
def rf_request(officer):
    request = RequestFactory().get("/")
    request.user = officer
    return request


def test_the_flags_partial_shows_each_rule_and_reason(overdue):
    html = render_to_string("front/decommissioning/_flags.html", {"flags": site_flags(overdue), "site": overdue})
    assert "Review overdue" in html and "45 days overdue" in html
    assert 'href="/reviews/sites/STS-001/"' in html
    assert "No decommissioning flags." in render_to_string("front/decommissioning/_flags.html", {"flags": []})


def test_the_flagged_sites_partial_lists_sites_with_their_flags(overdue, auditor):
    html = render_to_string("front/decommissioning/_flagged_sites.html", {"flagged": flagged_sites(auditor)})
    assert "STS-001" in html and "Review overdue" in html


def test_an_officer_can_see_only_the_flagged_sites_assigned_to_them(overdue, officer, another_officer):
    assert [site.reference for site, _ in flagged_sites(officer, assigned_to=officer)] == ["STS-001"]
    assert flagged_sites(another_officer, assigned_to=another_officer) == []
