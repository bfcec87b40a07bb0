"""The DPIA follows the ICO template for law-enforcement processing (issue 14, point 1): its
sections in template order on the form, the page and the API; every section required before
the DPIA goes for DPO advice or sign-off, the refusal naming the missing ones; sensitive
processing needs its Schedule 8 condition and an explanation; a DPIA recorded before the
sections existed shows each one as "Missing"."""

import re

import pytest

from anpr_governance.assessments import dpia_sections, selectors, services
from anpr_governance.assessments.models import PrivacyImpactAssessment
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import DPIA_SECTIONS

pytestmark = pytest.mark.django_db

OLD_FIELDS = {"screening_criteria": ["public_monitoring"], "processing_description": "Reads.",
              "purposes": "Crime.", "necessity_and_proportionality": "Yes."}
RISK = {"description": "Intrusion.", "likelihood": "possible", "severity": "minimal", "measures": "Controls.",
        "effect": "reduced", "residual_likelihood": "remote", "residual_severity": "minimal"}
NEW_SECTIONS = [name for name in dpia_sections.ALL_FIELDS
                if name not in ("processing_description", "purposes", "necessity_and_proportionality")]


@pytest.fixture
def draft(make_site, officer):
    site = make_site("privacy_review")
    dpia = services.dpia_create(actor=officer, site=site)
    services.risk_add(actor=officer, dpia=dpia, **RISK)
    return dpia


def as_before_the_template(dpia):
    """A DPIA as migration 0007 leaves one recorded earlier: every new section blank."""
    PrivacyImpactAssessment.objects.filter(pk=dpia.pk).update(
        **{name: None if name == "sensitive_processing" else "" for name in NEW_SECTIONS})
    dpia.refresh_from_db()
    return dpia


def test_a_dpia_without_the_templates_sections_is_refused_naming_each_one(draft, officer):
    services.dpia_update(actor=officer, dpia=draft, **OLD_FIELDS)
    with pytest.raises(DomainError) as refused:
        services.dpia_submit(actor=officer, dpia=draft)
    message = refused.value.message
    for label in ("Nature of the processing", "Scope of the processing", "Context of the processing", "Collection",
                  "Storage", "Access", "Sharing with the national ANPR service", "Retention and deletion",
                  "Recipients of the data", "Lawful basis for law-enforcement processing", "The consultation step",
                  "Security measures"):
        assert f"{label} is missing" in message
    assert "Say whether sensitive processing arises" in message
    assert set(NEW_SECTIONS) - {"sensitive_condition", "sensitive_condition_explanation"} <= set(
        refused.value.field_errors)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_one_missing_section_is_named_alone(draft, officer):
    services.dpia_update(actor=officer, dpia=draft, **OLD_FIELDS, **{**DPIA_SECTIONS, "flow_sharing": "  "})
    with pytest.raises(DomainError, match="Sharing with the national ANPR service is missing") as refused:
        services.dpia_submit(actor=officer, dpia=draft)
    assert list(refused.value.field_errors) == ["flow_sharing"]


def test_the_complete_template_is_submitted(draft, officer):
    services.dpia_update(actor=officer, dpia=draft, **OLD_FIELDS, **DPIA_SECTIONS)
    assert services.dpia_submit(actor=officer, dpia=draft).status == "submitted"


def test_sensitive_processing_needs_its_schedule_8_condition_and_why(draft, officer):
    services.dpia_update(actor=officer, dpia=draft, **OLD_FIELDS, **{**DPIA_SECTIONS, "sensitive_processing": True})
    with pytest.raises(DomainError) as refused:
        services.dpia_submit(actor=officer, dpia=draft)
    assert set(refused.value.field_errors) == {"sensitive_condition", "sensitive_condition_explanation"}
    assert "Choose the Schedule 8 condition" in refused.value.message
    with pytest.raises(DomainError, match="Unknown condition for sensitive processing"):
        services.dpia_update(actor=officer, dpia=draft, sensitive_condition="consent")
    services.dpia_update(actor=officer, dpia=draft, sensitive_condition="safeguarding",
                         sensitive_condition_explanation="Images may show children at risk.")
    submitted = services.dpia_submit(actor=officer, dpia=draft)
    assert submitted.status == "submitted"
    [lawful] = [s for s in dpia_sections.rows(submitted) if s["key"] == "lawful_basis"]
    assert lawful["sensitive"]["condition_label"].startswith("Safeguarding of children")


def test_a_dpia_submitted_before_the_sections_cannot_be_signed_off_until_returned_and_completed(
        make_site, manager):
    site = make_site("consultation")  # its DPIA submitted and advised
    dpia = as_before_the_template(selectors.current_dpia(site))
    problems = " ".join(services.sign_off_problems(dpia))
    assert "These sections of the DPIA are missing: Nature of the processing, Scope of the processing" in problems
    assert "Return it to the officer" in problems
    with pytest.raises(DomainError, match="Security measures"):
        services.dpia_approve(actor=manager, dpia=dpia)


def test_the_sections_come_in_the_icos_template_order():
    assert [s.title for s in dpia_sections.SECTIONS] == [
        "Nature, scope, context and purposes", "Data flows", "Retention", "Recipients", "Lawful basis",
        "Necessity and proportionality", "Consultation", "Security measures"]


# --- pages ------------------------------------------------------------------------------------


def test_an_old_dpia_shows_each_new_section_as_missing_on_the_site_page(client, make_site, auditor):
    site = make_site("live")
    as_before_the_template(selectors.approved_dpia(site))
    client.force_login(auditor)
    html = client.get(f"/sites/{site.reference}/").content.decode()
    missing = re.findall(r'govuk-tag--red">Missing</strong>', html)
    assert len(missing) == 13  # 12 text sections and the sensitive processing answer
    assert html.index("Nature of the processing") < html.index("Sharing with the national ANPR service") < \
        html.index("Lawful basis for law-enforcement processing") < html.index("Security measures") < \
        html.index("risk-register-caption")


def test_a_complete_dpia_shows_its_sections_and_no_missing_tag(client, make_site, auditor):
    site = make_site("live")
    client.force_login(auditor)
    html = client.get(f"/sites/{site.reference}/").content.decode()
    assert "National ANPR Data Centre (NADC)" in html and 'govuk-tag--red">Missing' not in html
    assert "Does not arise" in html


def test_the_form_has_a_fieldset_per_section_and_keeps_what_was_typed_when_refused(client, officer, draft):
    client.force_login(officer)
    url = f"/sites/{draft.site.reference}/dpia/"
    html = client.get(url).content.decode()
    legends = re.findall(r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 '
                         r'class="govuk-fieldset__heading">([^<]+)</h2>', html)
    assert legends == [s.title for s in dpia_sections.SECTIONS]
    risk = draft.risks.get()
    data = {"lock_version": draft.lock_version, **OLD_FIELDS, "nature": "Cameras read plates.",
            "sensitive_processing": "yes", "action": "submit",
            **{f"risk-{risk.pk}-{name}": getattr(risk, name) for name in services.RISK_FIELDS},
            f"risk-{risk.pk}-lock_version": risk.lock_version}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_scope"' in html and "Scope of the processing is missing" in html
    assert 'href="#id_sensitive_condition"' in html
    assert "Cameras read plates." in html
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_form_saves_every_section(client, officer, draft):
    client.force_login(officer)
    risk = draft.risks.get()
    data = {"lock_version": draft.lock_version, **OLD_FIELDS, **DPIA_SECTIONS, "sensitive_processing": "no",
            "action": "submit", **{f"risk-{risk.pk}-{name}": getattr(risk, name) for name in services.RISK_FIELDS},
            f"risk-{risk.pk}-lock_version": risk.lock_version}
    assert client.post(f"/sites/{draft.site.reference}/dpia/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.sensitive_processing is False
    assert draft.flow_sharing == DPIA_SECTIONS["flow_sharing"]
    assert draft.history.filter(history_change_reason="privacyimpactassessment.edited").exists()


# --- API --------------------------------------------------------------------------------------


def test_the_api_gives_the_sections_in_order_with_the_missing_ones_marked(client, make_site, auditor):
    site = make_site("live")
    as_before_the_template(selectors.approved_dpia(site))
    client.force_login(auditor)
    body = client.get(f"/api/v1/sites/{site.reference}/dpia/").json()
    assert [s["key"] for s in body["sections"]] == [s.key for s in dpia_sections.SECTIONS]
    flows = next(s for s in body["sections"] if s["key"] == "data_flows")
    assert [(f["name"], f["missing"]) for f in flows["fields"]] == [
        ("flow_collection", True), ("flow_storage", True), ("flow_access", True), ("flow_sharing", True)]
    assert "Sharing with the national ANPR service" in body["missing_sections"]
    assert body["ico_prior_consultation"]["state"] == "not_needed"
    assert body["risks"][0]["overall"] == "high"


@pytest.mark.parametrize("role", ["investigator", "sysadmin"])
def test_the_dpia_api_is_for_governance_roles_only(client, make_site, role, request):
    site = make_site("live")
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/api/v1/sites/{site.reference}/dpia/")
    assert response.status_code == 403 and "reading governance records" in response.json()["detail"]


def test_the_dpia_api_answers_404_for_a_site_without_one(client, make_site, auditor):
    site = make_site("assessment")
    client.force_login(auditor)
    assert client.get(f"/api/v1/sites/{site.reference}/dpia/").status_code == 404
