"""No lost work: when two people edit the same record, the second save is refused with a
clear message and a way to see the other change; nothing is silently overwritten."""

import pytest
from guardian.shortcuts import assign_perm

from anpr_governance.assessments import services
from anpr_governance.core.concurrency import EditConflict
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(another_officer, site):
    """A second officer allowed to edit the same site (both hold its object permission)."""
    assign_perm("sites.change_site", another_officer, site)
    return another_officer


@pytest.fixture
def site(make_site):
    return make_site("assessment")


@pytest.fixture
def draft(site, officer):
    return services.assessment_start(actor=officer, site=site)


def test_a_save_from_a_stale_version_is_refused_by_the_service_naming_who_changed_it(draft, officer, deputy):
    opened_at = draft.lock_version
    services.assessment_update(actor=deputy, assessment=draft, expected_version=opened_at, conclusion="Deputy's.")
    message = f"The in-depth assessment was changed by {deputy} at .* after you opened it"
    with pytest.raises(EditConflict, match=message):
        services.assessment_update(actor=officer, assessment=draft, expected_version=opened_at, conclusion="Mine.")
    draft.refresh_from_db()
    assert draft.conclusion == "Deputy's."


def test_every_save_moves_the_version_on(draft, officer):
    before = draft.lock_version
    updated = services.assessment_update(actor=officer, assessment=draft, conclusion="One.")
    assert updated.lock_version == before + 1


def form(site, version, **fields):
    return {"lock_version": version, "action": "save", **fields}


def test_the_second_save_in_the_browser_is_refused_keeps_what_was_typed_and_links_to_the_change(
        client, site, draft, officer, deputy):
    opened_at = draft.lock_version  # both open the form now
    client.force_login(deputy)
    assert client.post(f"/sites/{site.reference}/assessment/", form(site, opened_at, conclusion="Deputy's."))\
        .status_code == 302
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/assessment/", form(site, opened_at, conclusion="Mine."))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this" in html and f"The in-depth assessment was changed by {deputy}" in html
    assert f'href="/sites/{site.reference}/history/?record=assessment-{draft.pk}"' in html
    assert ">Mine.</textarea>" in html  # what was typed is kept
    draft.refresh_from_db()
    assert draft.conclusion == "Deputy's."  # nothing overwritten


def test_after_seeing_the_conflict_saving_again_is_a_knowing_choice_that_succeeds(client, site, draft, officer,
                                                                                  deputy):
    opened_at = draft.lock_version
    services.assessment_update(actor=deputy, assessment=draft, expected_version=opened_at, conclusion="Deputy's.")
    client.force_login(officer)
    html = client.post(f"/sites/{site.reference}/assessment/", form(site, opened_at, conclusion="Mine.")).content
    draft.refresh_from_db()
    assert f'name="lock_version" value="{draft.lock_version}"'.encode() in html  # drawn from the record as it is now
    response = client.post(f"/sites/{site.reference}/assessment/", form(site, draft.lock_version, conclusion="Mine."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.conclusion == "Mine."


def test_the_history_link_shows_the_other_persons_change(client, site, draft, officer, deputy):
    services.assessment_update(actor=deputy, assessment=draft, conclusion="Deputy's.")
    client.force_login(officer)
    html = client.get(f"/sites/{site.reference}/history/?record=assessment-{draft.pk}").content.decode()
    assert "Deputy&#x27;s." in html and str(deputy) in html


def test_a_stale_risk_row_is_refused_and_the_other_rows_are_not_saved_either(client, make_site, officer, deputy):
    site = make_site("privacy_review")
    assign_perm("sites.change_site", deputy, site)
    dpia = services.dpia_start(actor=officer, site=site)
    risk = services.risk_add(actor=officer, dpia=dpia, description="Intrusion", likelihood="possible",
                             severity="minimal")
    opened_at = risk.lock_version
    services.risk_update(actor=deputy, risk=risk, expected_version=opened_at, measures="Deputy's measures.")
    client.force_login(officer)
    prefix = f"risk-{risk.pk}-"
    response = client.post(f"/sites/{site.reference}/dpia/", {
        "lock_version": dpia.lock_version, "action": "save", "purposes": "New purposes.",
        prefix + "lock_version": opened_at, prefix + "description": "Intrusion", prefix + "likelihood": "possible",
        prefix + "severity": "minimal", prefix + prefix + "measures": "My measures.",
    })
    html = response.content.decode()
    assert f"was changed by {deputy}" in html and f"?record=risk-{risk.pk}" in html
    risk.refresh_from_db()
    dpia.refresh_from_db()
    assert risk.measures == "Deputy's measures." and dpia.purposes == ""  # all or nothing
    # The row is now drawn from the risk as it is, the DPIA's own version is unchanged.
    assert f'name="{prefix}lock_version" value="{risk.lock_version}"' in html
    assert f'name="lock_version" value="{dpia.lock_version}"' in html


def test_a_stale_review_is_refused(client, make_site, officer, deputy):
    site = make_site("under_review")
    assign_perm("sites.change_site", deputy, site)
    review = Review.objects.get(site=site, state=Review.State.IN_PROGRESS)
    opened_at = review.lock_version
    reviews.review_update(actor=deputy, review=review, expected_version=opened_at, evidence="Deputy's figures.")
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/reviews/{review.pk}/", {
        "lock_version": opened_at, "action": "save", "evidence": "My figures."})
    assert "Someone else changed this" in response.content.decode()
    review.refresh_from_db()
    assert review.evidence == "Deputy's figures."
