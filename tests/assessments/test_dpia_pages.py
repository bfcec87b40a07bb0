"""The DPIA in the browser: screening, texts, risk rows added and removed in the page,
submission, DPO advice and the manager's sign-off."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.assessments import selectors, services
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts, complete_consultation

pytestmark = pytest.mark.django_db

TEXTS = {
    "screening_criteria": ["public_monitoring", "tracking"],
    "processing_description": "Two cameras read VRMs; reads kept 365 days.",
    "purposes": "Detect and disrupt crime on the route.",
    "necessity_and_proportionality": "Targeted at an evidenced problem.",
    **DPIA_SECTIONS,
}
# As the form posts them: the sensitive processing answer is a radio.
POSTED = {**TEXTS, "sensitive_processing": "no"}
NEW_RISK = {
    "new-risk-description": "Collateral intrusion into drivers' movements.",
    "new-risk-likelihood": "probable", "new-risk-severity": "significant",
    "new-risk-measures": "Searches need a purpose and reference.", "new-risk-effect": "reduced",
    "new-risk-residual_likelihood": "remote", "new-risk-residual_severity": "minimal",
}


@pytest.fixture
def site(make_site):
    return make_site("privacy_review")


@pytest.fixture
def dpia(site, officer):
    return services.dpia_start(actor=officer, site=site)


def url(site, path="dpia/"):
    return f"/sites/{site.reference}/{path}"


def form_data(dpia, **extra):
    data = {"lock_version": dpia.lock_version, **POSTED}
    for risk in selectors.active_risks(dpia):
        prefix = f"risk-{risk.pk}-"
        data |= {prefix + name: getattr(risk, name) for name in services.RISK_FIELDS}
        data[prefix + "lock_version"] = risk.lock_version
    return data | extra


def test_a_risk_is_added_to_the_register_in_the_page(client, officer, site, dpia):
    client.force_login(officer)
    response = client.post(url(site), form_data(dpia, action="add", **NEW_RISK))
    assert response.status_code == 302 and response.url.endswith("#risk-register")
    risks = list(selectors.active_risks(dpia))
    assert [r.description for r in risks] == ["Collateral intrusion into drivers' movements."]
    html = client.get(url(site)).content.decode()
    assert "Risk 1" in html and "Remove risk 1" in html


def test_adding_an_empty_risk_says_what_to_fill_in(client, officer, site, dpia):
    client.force_login(officer)
    html = client.post(url(site), form_data(dpia, action="add")).content.decode()
    assert "There is a problem" in html and 'href="#id_new-risk-description"' in html


def test_a_half_filled_new_risk_names_each_missing_part_and_keeps_what_was_typed(client, officer, site, dpia):
    client.force_login(officer)
    data = form_data(dpia, action="save", **{"new-risk-description": "Misuse of reads by staff."})
    html = client.post(url(site), data).content.decode()
    assert "Choose the likelihood of harm (the new risk)" in html and 'href="#id_new-risk-likelihood"' in html
    assert "Misuse of reads by staff." in html
    assert not selectors.active_risks(dpia).exists()


def test_a_risk_is_removed_from_the_register_but_kept_in_the_history(client, officer, site, dpia):
    services.risk_add(actor=officer, dpia=dpia, description="To remove", likelihood="remote", severity="minimal")
    risk = dpia.risks.get()
    client.force_login(officer)
    response = client.post(url(site), form_data(dpia, action=f"remove-{risk.pk}"))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.removed_at is not None and not selectors.active_risks(dpia).exists()
    assert "Removed from the risk register" in client.get(url(site, "history/")).content.decode()


def test_an_edited_risk_row_is_saved_and_an_unchanged_one_leaves_no_history(client, officer, site, dpia):
    first = services.risk_add(actor=officer, dpia=dpia, description="One", likelihood="remote", severity="minimal")
    second = services.risk_add(actor=officer, dpia=dpia, description="Two", likelihood="remote",
                               severity="minimal")
    client.force_login(officer)
    data = form_data(dpia, action="save", **{f"risk-{first.pk}-measures": "Audit every search."})
    assert client.post(url(site), data).status_code == 302
    first.refresh_from_db()
    assert first.measures == "Audit every search."
    assert second.history.count() == 1  # only its creation


def test_submitting_without_a_complete_register_is_refused_with_the_reason(client, officer, site, dpia):
    client.force_login(officer)
    html = client.post(url(site), form_data(dpia, action="submit")).content.decode()
    assert "Add at least one risk to the risk register." in html
    dpia.refresh_from_db()
    assert dpia.status == "draft"


def test_a_risk_without_its_measures_is_pointed_out_at_that_row_on_submission(client, officer, site, dpia):
    risk = services.risk_add(actor=officer, dpia=dpia, description="Intrusion", likelihood="possible",
                             severity="minimal")
    client.force_login(officer)
    html = client.post(url(site), form_data(dpia, action="submit")).content.decode()
    assert "Give the measures, their effect and the likelihood and severity of harm after them for risk 1." in html
    assert f'href="#id_risk-{risk.pk}-measures"' in html


def test_a_complete_dpia_is_submitted_with_its_new_risk(client, officer, site, dpia):
    client.force_login(officer)
    response = client.post(url(site), form_data(dpia, action="submit", **NEW_RISK))
    assert response.status_code == 302
    dpia.refresh_from_db()
    assert dpia.status == "submitted" and dpia.risks.count() == 1


@pytest.fixture
def submitted(site, dpia, officer):
    services.dpia_save(actor=officer, dpia=dpia, fields=TEXTS, submit=True, new_risk={
        k.removeprefix("new-risk-"): v for k, v in NEW_RISK.items()})
    dpia.refresh_from_db()
    return dpia


def test_the_dpo_gives_advice_and_an_empty_advice_is_refused_at_its_field(client, dpo, site, submitted):
    client.force_login(dpo)
    html = client.post(url(site, "dpia/advice/"), {"summary": ""}).content.decode()
    assert 'href="#id_summary"' in html and "Enter a summary of your advice" in html
    assert client.post(url(site, "dpia/advice/"), {"summary": "Proceed."}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.dpo_advice_summary == "Proceed." and submitted.dpo_advised_by == dpo


def test_a_manager_cannot_sign_off_before_the_dpo_has_advised(client, manager, site, submitted):
    client.force_login(manager)
    response = client.post(url(site, "dpia/decide/"), {"step": "signoff", "signoff-decision": "approve"})
    html = response.content.decode()
    assert response.status_code == 400 and "The data protection officer has not yet advised" in html
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_each_step7_decision_is_its_own_form_and_the_sign_off_names_what_is_missing(
        client, manager, dpo, site, submitted, actors):
    services.dpia_record_dpo_advice(actor=dpo, dpia=submitted, summary="Reduce retention.")
    [risk] = selectors.active_risks(submitted)
    client.force_login(manager)
    page = url(site, "dpia/decide/")
    html = client.post(page, {"step": "dpo", "dpo-accepted": "no"}).content.decode()
    assert "Enter the reasons for overruling the DPO" in html and 'href="#id_dpo-overrule_reasons"' in html
    assert client.post(page, {"step": "dpo", "dpo-accepted": "no",
                              "dpo-overrule_reasons": "Retention is set nationally."}).status_code == 302
    html = client.post(page, {"step": "measures"}).content.decode()
    assert "Choose whether to approve the measures of risk 1" in html
    assert client.post(page, {"step": "measures", f"measures-risk_{risk.pk}": "yes"}).status_code == 302
    html = client.post(page, {"step": "signoff", "signoff-decision": "approve"}).content.decode()
    assert "neither a closed consultation" in html and "signed off after the consultation" in html
    complete_consultation(site, actors, Texts(), on=timezone.localdate())
    assert client.post(page, {"step": "consultation", "consultation-changes": "Signs added."}).status_code == 302
    response = client.post(page, {"step": "signoff", "signoff-decision": "approve"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    risk.refresh_from_db()
    assert submitted.status == "approved" and submitted.dpo_overrule_reasons == "Retention is set nationally."
    assert submitted.consultation_changes == "Signs added." and risk.measure_approved is True
    assert "Signs added." in client.get(url(site, "")).content.decode()


def test_the_dpo_advice_page_is_a_403_for_other_roles(client, officer, site, submitted):
    client.force_login(officer)
    response = client.get(url(site, "dpia/advice/"))
    assert response.status_code == 403 and "Only a data protection officer may give DPO advice" in \
        response.content.decode()


def test_the_ico_consultation_is_recorded_with_a_real_date(client, officer, site, submitted):
    client.force_login(officer)
    html = client.post(url(site, "dpia/ico/"), {"step": "request", "request-reference": "ICO-1",
                                                "request-consulted_on_0": "30", "request-consulted_on_1": "2",
                                                "request-consulted_on_2": "2026"}).content
    assert b"must be a real date" in html
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url(site, "dpia/ico/"), {"step": "request", "request-reference": "ICO-1",
                                                    "request-consulted_on_0": day.day,
                                                    "request-consulted_on_1": day.month,
                                                    "request-consulted_on_2": day.year})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.ico_consultation_reference == "ICO-1"
