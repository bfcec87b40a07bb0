"""Evidence-led reviews (issue 14, point 6): the review page shows what the review draws on
(pressing need, measures of success, searches since the last review by purpose and never a
VRM, validity of the assessment, DPIA and exemption, open flags, replies); the privacy
consideration has parts; a "continue" is refused naming each reason."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import REVIEW_PRIVACY_PARTS, Texts, advance, review_site
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import Review

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def on(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))), tick=False)


def search(actor, site, *, purpose="major_crime", vrm="AB12CDE"):
    access_log_append(actor=actor, action=Action.SEARCH, vrm=vrm, purpose=purpose, reference="CRI/12345/25",
                      justification="Vehicle seen near a burglary", result_count=2, sites={site.pk: 2})


def open_review(site, actors) -> Review:
    review = reviews.review_schedule(actor=actors.manager, site=site, due_on=timezone.localdate())
    return reviews.review_start(actor=actors.officer, review=review)


def page(client, site, review, who, *, decide=False):
    client.force_login(who)
    return client.get(f"/sites/{site.reference}/reviews/{review.pk}/{'decide/' if decide else ''}").content.decode()


def test_the_review_page_shows_need_measures_and_searches_since_the_last_review_by_purpose(
        client, make_site, actors, investigator):
    with time_machine.travel(days_ago(200), tick=False):
        site = make_site("live")
    with time_machine.travel(days_ago(150), tick=False):
        search(investigator, site, purpose="safeguarding")  # before the last review: not counted
    with time_machine.travel(days_ago(100), tick=False):
        review_site(site, actors)
    with time_machine.travel(days_ago(20), tick=False):
        search(investigator, site)
        search(investigator, site)
        search(investigator, site, purpose="safeguarding")
    review = open_review(site, actors)
    html = page(client, site, review, actors.officer)
    assessment = site.assessments.get(status="approved")
    assert assessment.pressing_need_evidence.split("\n")[0][:40] in html
    assert assessment.measures_of_success.split("\n")[0][:40] in html
    assert "3 searches" in html and "Major crime: 2" in html and "Safeguarding: 1" in html
    assert "AB12CDE" not in html
    completed = (timezone.now() - datetime.timedelta(days=100)).date()
    assert f"Since the last review (completed {completed.day} {completed:%B %Y})" in html


def test_the_review_page_shows_the_validity_and_open_flags(client, make_site, actors):
    site = make_site("under_review")
    review = site.reviews.get(state=Review.State.IN_PROGRESS)
    dpia = site.dpias.get(status="approved")
    with on(timezone.localdate(dpia.decided_at) + relativedelta(years=3, days=2)):
        html = page(client, site, review, actors.officer)
    assert html.count("govuk-tag--red\">Expired") == 2  # the assessment and the DPIA, both three years old
    assert "validity ended on" in html  # the flags, with their reasons


def test_the_review_page_shows_an_exemption_with_its_ground_and_expiry_and_asks_if_it_holds(client, make_site,
                                                                                           actors):
    site = advance(make_site("proposed"), "live", actors, Texts(use_exemption=True))
    exemption = site.exemptions.get()
    review = open_review(site, actors)
    html = page(client, site, review, actors.officer)
    assert f"Exemption from consultation ({exemption.get_ground_display().lower()})" in html
    assert f"valid until {exemption.valid_until.day} {exemption.valid_until:%B %Y}" in html
    assert "Does the exemption from consultation still hold?" in html


def test_the_review_page_lists_consultation_replies_since_the_last_review(client, make_site, actors):
    site = make_site("under_review")
    review = site.reviews.get(state=Review.State.IN_PROGRESS)
    html = page(client, site, review, actors.officer)
    for response in site.consultations.get().responses.all():
        assert response.respondent in html


def test_the_manager_sees_the_same_evidence_and_the_privacy_parts_when_deciding(client, make_site, actors):
    site = make_site("under_review")
    review = review_site(site, actors, approve=False)
    html = page(client, site, review, actors.manager, decide=True)
    assert 'data-testid="review-evidence"' in html
    assert "Impact on privacy: change in intrusion" in html
    assert REVIEW_PRIVACY_PARTS["privacy_complaints"] in html


def test_each_part_of_the_privacy_consideration_is_required_to_submit(make_site, officer):
    site = make_site("under_review")
    review = site.reviews.get()
    reviews.review_update(actor=officer, review=review, evidence="Figures.", outcome="continue",
                          policing_challenge_continues=True, privacy_impact_consideration="Earlier free text.")
    with pytest.raises(DomainError) as refused:
        reviews.review_submit(actor=officer, review=review)
    assert set(refused.value.field_errors) == {"privacy_intrusion_change", "privacy_risks_change",
                                               "privacy_complaints", "privacy_measures"}
    reviews.review_update(actor=officer, review=review, **REVIEW_PRIVACY_PARTS)
    assert reviews.review_submit(actor=officer, review=review).state == Review.State.SUBMITTED


def test_the_form_saves_each_part(client, make_site, officer):
    site = make_site("under_review")
    review = site.reviews.get()
    client.force_login(officer)
    parts = {"privacy_intrusion_change": "New flats overlook the junction.", "privacy_risks_change": "None new.",
             "privacy_complaints": "One, about signage.", "privacy_measures": "Sign replaced."}
    response = client.post(f"/sites/{site.reference}/reviews/{review.pk}/",
                           {"lock_version": review.lock_version, "action": "save", **parts})
    assert response.status_code == 302
    review.refresh_from_db()
    assert {name: getattr(review, name) for name in parts} == parts


# --- A "continue" is refused, naming which -----------------------------------------------


def test_continue_is_refused_with_only_the_assessment_expired(make_site, actors):
    site = make_site("under_review")
    assessment = site.assessments.get(status="approved")
    dpia = site.dpias.get(status="approved")
    type(dpia).objects.filter(pk=dpia.pk).update(decided_at=timezone.now() + datetime.timedelta(days=30))
    later = timezone.localdate(assessment.decided_at) + relativedelta(years=3, days=1)
    with on(later), pytest.raises(DomainError) as refused:
        review_site(site, actors)
    assert "in-depth assessment (version 1)" in refused.value.message
    assert "privacy impact assessment" not in refused.value.message


def test_continue_is_refused_with_only_the_dpia_expired(make_site, actors):
    site = make_site("under_review")
    assessment = site.assessments.get(status="approved")
    dpia = site.dpias.get(status="approved")
    type(assessment).objects.filter(pk=assessment.pk).update(decided_at=timezone.now() + datetime.timedelta(days=30))
    later = timezone.localdate(dpia.decided_at) + relativedelta(years=3, days=1)
    with on(later), pytest.raises(DomainError) as refused:
        review_site(site, actors)
    assert "privacy impact assessment (version 1)" in refused.value.message
    assert "in-depth assessment" not in refused.value.message


def test_continue_is_refused_while_the_exemption_has_lapsed(make_site, actors):
    site = advance(make_site("proposed"), "live", actors, Texts(use_exemption=True))
    exemption = site.exemptions.get()
    open_review(site, actors)
    with on(exemption.valid_until + datetime.timedelta(days=1)), pytest.raises(DomainError) as refused:
        review_site(site, actors)
    assert "cannot be approved to continue" in refused.value.message
    assert "xemption" in refused.value.message and "expired" in refused.value.message
