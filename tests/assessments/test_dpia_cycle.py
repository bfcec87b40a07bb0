"""The DPIA: screening, risk register, DPO advice, ICO prior consultation and sign-off."""

import datetime

import pytest
from django.utils import timezone

from anpr_governance.assessments import services
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts, complete_consultation

pytestmark = pytest.mark.django_db

RISK = {
    "description": "Collateral intrusion.",
    "likelihood": "probable",
    "severity": "severe",
    "measures": "Access controls.",
    "effect": "reduced",
    "residual_likelihood": "remote", "residual_severity": "minimal",
}


@pytest.fixture
def submitted_dpia(make_site, officer):
    site = make_site("privacy_review")
    dpia = services.dpia_create(actor=officer, site=site)
    services.dpia_update(actor=officer, dpia=dpia, screening_criteria=["public_monitoring"],
                         processing_description="Reads.", purposes="Crime.", necessity_and_proportionality="Yes.",
                         **DPIA_SECTIONS)
    services.risk_add(actor=officer, dpia=dpia, **RISK)
    return services.dpia_submit(actor=officer, dpia=dpia)


def test_a_dpia_without_risks_cannot_be_submitted(make_site, officer):
    site = make_site("privacy_review")
    dpia = services.dpia_create(actor=officer, site=site)
    with pytest.raises(DomainError) as refused:
        services.dpia_submit(actor=officer, dpia=dpia)
    assert {"screening_criteria", "processing_description", "risks"} <= set(refused.value.field_errors)


def test_unknown_screening_criteria_are_refused(make_site, officer):
    dpia = services.dpia_create(actor=officer, site=make_site("privacy_review"))
    with pytest.raises(DomainError, match="Unknown screening criteria: mind_reading"):
        services.dpia_update(actor=officer, dpia=dpia, screening_criteria=["mind_reading"])


def test_a_removed_risk_is_kept_but_no_longer_counts(make_site, officer):
    dpia = services.dpia_create(actor=officer, site=make_site("privacy_review"))
    risk = services.risk_add(actor=officer, dpia=dpia, **RISK)
    services.risk_remove(actor=officer, risk=risk)
    risk.refresh_from_db()
    assert risk.removed_at is not None
    assert dpia.risks.count() == 1
    with pytest.raises(DomainError, match="Add at least one risk"):
        services.dpia_submit(actor=officer, dpia=dpia)


def sign_off(dpia, manager, actors, *, accepted=True, overrule_reasons=""):
    """The step-7 decisions after the consultation, then the final sign-off."""
    complete_consultation(dpia.site, actors, Texts(), on=timezone.localdate())
    services.dpia_decide_measures(actor=manager, dpia=dpia, approved={r.pk: True for r in dpia.risks.all()})
    services.dpia_decide_dpo_advice(actor=manager, dpia=dpia, accepted=accepted, overrule_reasons=overrule_reasons)
    services.dpia_review_consultation_responses(actor=manager, dpia=dpia, changes="None needed.")
    return services.dpia_approve(actor=manager, dpia=dpia)


def test_approval_needs_the_dpos_advice_first(submitted_dpia, manager, dpo, actors):
    with pytest.raises(DomainError, match="has not yet advised"):
        services.dpia_approve(actor=manager, dpia=submitted_dpia)
    services.dpia_record_dpo_advice(actor=dpo, dpia=submitted_dpia, summary="Proceed.")
    approved = sign_off(submitted_dpia, manager, actors)
    assert approved.status == "approved"
    assert approved.measures_approved_by == manager and approved.residual_risks_approved_by == manager
    assert approved.dpo_advised_by == dpo and approved.dpo_advice_accepted is True
    assert approved.cameras_at_approval == [f"{approved.site.reference}-C1"]
    assert all(r.measure_approved for r in approved.risks.all())


def test_only_the_dpo_gives_dpo_advice(submitted_dpia, manager):
    with pytest.raises(NotPermitted, match="Only a data protection officer may give DPO advice"):
        services.dpia_record_dpo_advice(actor=manager, dpia=submitted_dpia, summary="Proceed.")


def test_overruling_the_dpo_needs_reasons(submitted_dpia, manager, dpo, actors):
    services.dpia_record_dpo_advice(actor=dpo, dpia=submitted_dpia, summary="Reduce retention.")
    with pytest.raises(DomainError, match="reasons for overruling"):
        services.dpia_decide_dpo_advice(actor=manager, dpia=submitted_dpia, accepted=False)
    approved = sign_off(submitted_dpia, manager, actors, accepted=False,
                        overrule_reasons="National retention standard applies.")
    assert approved.dpo_overrule_reasons == "National retention standard applies."


def test_a_residual_high_risk_needs_prior_consultation_with_the_ico(make_site, officer, manager, dpo, actors):
    site = make_site("privacy_review")
    dpia = services.dpia_create(actor=officer, site=site)
    services.dpia_update(actor=officer, dpia=dpia, screening_criteria=["tracking"],
                         processing_description="Reads.", purposes="Crime.", necessity_and_proportionality="Yes.",
                         **DPIA_SECTIONS)
    services.risk_add(actor=officer, dpia=dpia, **{**RISK, "effect": "accepted", "residual_likelihood": "probable",
                                                 "residual_severity": "severe"})
    services.dpia_submit(actor=officer, dpia=dpia)
    services.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Consult the ICO.")
    with pytest.raises(DomainError, match="record the request for prior consultation sent to the ICO"):
        sign_off(dpia, manager, actors)
    services.dpia_record_ico_consultation(actor=officer, dpia=dpia, reference="ICO/2026/123",
                                          consulted_on=datetime.date(2026, 1, 5))
    assert services.dpia_approve(actor=manager, dpia=dpia).status == "approved"
