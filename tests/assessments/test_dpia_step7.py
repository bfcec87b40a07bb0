"""ICO step 7 as distinct, named decisions: each risk's measures, the DPO advice accepted or
overruled, the consultation responses reviewed, and the final sign-off of the residual
risks, which comes after the consultation closes (or its exemption is approved)."""

import pytest

from anpr_governance.assessments import services
from anpr_governance.consultations import services as consultations
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.demo.walkthrough import DPIA_SECTIONS
from anpr_governance.sites import services as sites

pytestmark = pytest.mark.django_db

RISK = {"description": "Collateral intrusion.", "likelihood": "probable", "severity": "severe",
        "measures": "Access controls.", "effect": "reduced", "residual_likelihood": "remote",
        "residual_severity": "minimal"}


@pytest.fixture
def advised(make_site, officer, dpo):
    """A site in privacy review with a submitted DPIA (two risks) the DPO has advised on."""
    site = make_site("privacy_review")
    dpia = services.dpia_create(actor=officer, site=site)
    services.dpia_update(actor=officer, dpia=dpia, screening_criteria=["public_monitoring"],
                         processing_description="Reads.", purposes="Crime.", necessity_and_proportionality="Yes.",
                         **DPIA_SECTIONS)
    services.risk_add(actor=officer, dpia=dpia, **RISK)
    services.risk_add(actor=officer, dpia=dpia, **{**RISK, "description": "Misuse by staff."})
    services.dpia_submit(actor=officer, dpia=dpia)
    return services.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Proceed.")


def _consult(site, officer):
    consultation = consultations.consultation_open(actor=officer, site=site, method="public_meeting",
                                                   summary="Proposal.", opened_on=site.created_at.date())
    consultations.consultee_add(actor=officer, consultation=consultation, name="Parish council",
                                kind="parish_council", consulted_on=site.created_at.date())
    consultations.consultation_close(actor=officer, consultation=consultation, outcome="You said, we did.")


def test_sign_off_does_not_approve_every_measure_and_the_dpo_decision_in_one_go(advised, manager):
    """Reproduces the defect: dpia_approve marked every measure approved and wrote one manager
    as measures approver, residual approver and DPO-advice decider."""
    with pytest.raises(DomainError, match="each risk's measures"):
        services.dpia_approve(actor=manager, dpia=advised)
    advised.refresh_from_db()
    assert advised.status == "submitted" and advised.measures_approved_by is None
    assert not advised.risks.filter(measure_approved=True).exists()


def test_each_decision_is_recorded_with_its_own_person_and_the_sign_off_follows_the_consultation(
        advised, manager, make_user, officer):
    from anpr_governance.accounts.roles import Role

    other_manager = make_user("manager2", Role.APPROVING_MANAGER)
    first, second = advised.risks.order_by("pk")
    services.dpia_decide_measures(actor=manager, dpia=advised, approved={first.pk: True, second.pk: False})
    services.dpia_decide_dpo_advice(actor=other_manager, dpia=advised, accepted=False,
                                    overrule_reasons="National retention standard applies.")
    # Drafted and advised: the site may go to consultation before the DPIA is signed off.
    site = sites.site_transition(actor=officer, site=advised.site, to="consultation")
    with pytest.raises(DomainError, match="consultation"):
        services.dpia_review_consultation_responses(actor=manager, dpia=advised, changes="Signage added.")
    with pytest.raises(DomainError, match="consultation"):
        services.dpia_approve(actor=manager, dpia=advised)
    _consult(site, officer)
    services.dpia_review_consultation_responses(actor=other_manager, dpia=advised,
                                                changes="Signage added on both approaches.")
    approved = services.dpia_approve(actor=manager, dpia=advised)
    assert approved.status == "approved"
    assert approved.measures_approved_by == manager and approved.residual_risks_approved_by == manager
    assert approved.dpo_advice_decided_by == other_manager and approved.dpo_advice_accepted is False
    assert approved.consultation_responses_reviewed_by == other_manager
    assert approved.consultation_changes == "Signage added on both approaches."
    assert approved.consultation_responses_reviewed_at is not None
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.measure_approved, second.measure_approved) == (True, False)


def test_every_risk_needs_an_answer_and_no_decision_is_by_the_preparer(advised, manager, officer):
    first, _second = advised.risks.order_by("pk")
    with pytest.raises(DomainError, match="risk 2"):
        services.dpia_decide_measures(actor=manager, dpia=advised, approved={first.pk: True})
    with pytest.raises(NotPermitted):
        services.dpia_decide_dpo_advice(actor=officer, dpia=advised, accepted=True)
    with pytest.raises(DomainError, match="reasons for overruling"):
        services.dpia_decide_dpo_advice(actor=manager, dpia=advised, accepted=False)
    advised.refresh_from_db()
    assert advised.dpo_advice_decided_by is None and not advised.risks.exclude(measure_approved=None).exists()


def test_the_site_cannot_leave_consultation_until_the_dpia_is_signed_off(advised, manager, officer):
    first, second = advised.risks.order_by("pk")
    services.dpia_decide_measures(actor=manager, dpia=advised, approved={first.pk: True, second.pk: True})
    site = sites.site_transition(actor=officer, site=advised.site, to="consultation")
    _consult(site, officer)
    with pytest.raises(DomainError, match="no approved privacy impact assessment"):
        sites.site_transition(actor=officer, site=site, to="awaiting_approval")
