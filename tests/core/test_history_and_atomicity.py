"""History records who, when, what and why; a refused action leaves the database as it was."""

import pytest
from django.apps import apps

from anpr_governance.assessments import services as assessments
from anpr_governance.core.exceptions import DomainError
from anpr_governance.demo.walkthrough import DPIA_SECTIONS
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.services import site_transition

pytestmark = pytest.mark.django_db


def snapshot():
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in apps.get_models()
            if m._meta.app_label in {"accounts", "sites", "assessments", "consultations", "reviews", "guardian"}}


def test_every_governance_model_keeps_history():
    for label in [
        "sites.Site", "sites.Camera", "assessments.Assessment", "assessments.PrivacyImpactAssessment",
        "assessments.Risk", "consultations.Consultation", "consultations.Consultee",
        "consultations.ConsultationResponse", "consultations.ConsultationExemption", "reviews.Review",
        "reviews.DecommissionChecklist", "accounts.PolicingArea",
    ]:
        assert hasattr(apps.get_model(label), "history"), label


def test_a_history_row_names_the_actor_and_the_reason(make_site, officer):
    site = make_site("assessment")
    assessment = assessments.assessment_create(actor=officer, site=site)
    assessments.assessment_update(actor=officer, assessment=assessment, conclusion="Justified.")
    latest = assessment.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.conclusion) == (
        officer, "assessment.edited", "Justified."
    )
    assert latest.diff_against(latest.prev_record).changed_fields == ["conclusion"]


def test_a_refused_transition_changes_nothing(make_site, manager):
    site = make_site("awaiting_approval")
    site.submitted_by = manager  # pretend the manager submitted it
    site.save()
    before = snapshot()
    with pytest.raises(DomainError):
        site_transition(actor=manager, site=site, to=Status.APPROVED)
    assert snapshot() == before


def test_a_refused_approval_for_a_missing_prerequisite_changes_nothing(make_site, officer):
    site = make_site("assessment")
    before = snapshot()
    with pytest.raises(DomainError):
        site_transition(actor=officer, site=site, to=Status.PRIVACY_REVIEW)
    assert snapshot() == before


def test_a_failure_after_the_first_write_rolls_back_the_whole_action(make_site, manager, dpo, officer):
    """dpia_decide_measures writes each risk and then the DPIA: if a later step fails, nothing stays."""
    from anpr_governance.assessments.models import Risk

    site = make_site("privacy_review")
    dpia = assessments.dpia_create(actor=officer, site=site)
    assessments.dpia_update(actor=officer, dpia=dpia, screening_criteria=["tracking"], processing_description="R.",
                            purposes="C.", necessity_and_proportionality="Y.", **DPIA_SECTIONS)
    assessments.risk_add(actor=officer, dpia=dpia, description="Intrusion.", likelihood="possible",
                         severity="minimal", measures="Controls.", effect="reduced", residual_likelihood="remote",
                         residual_severity="minimal")
    assessments.risk_add(actor=officer, dpia=dpia, description="Misuse.", likelihood="possible",
                         severity="minimal", measures="Audit.", effect="reduced", residual_likelihood="remote",
                         residual_severity="minimal")
    assessments.dpia_submit(actor=officer, dpia=dpia)
    assessments.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Fine.")
    first, second = Risk.objects.filter(dpia=dpia).order_by("pk")
    Risk.objects.filter(pk=second.pk).update(likelihood="not-a-choice")  # the second row fails validation
    before = snapshot()
    with pytest.raises(DomainError):
        assessments.dpia_decide_measures(actor=manager, dpia=dpia, approved={first.pk: True, second.pk: True})
    assert snapshot() == before
