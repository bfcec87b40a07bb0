"""Reads of assessments and DPIAs."""

from django.utils import timezone

from . import ico
from .models import Assessment, DocumentStatus, PrivacyImpactAssessment, RiskLevel


def current_assessment(site) -> Assessment | None:
    """The newest version that is not superseded (draft, submitted, returned or approved)."""
    return site.assessments.exclude(status=DocumentStatus.SUPERSEDED).order_by("-version").first()


def approved_assessment(site) -> Assessment | None:
    return site.assessments.filter(status=DocumentStatus.APPROVED).order_by("-version").first()


def current_dpia(site) -> PrivacyImpactAssessment | None:
    return site.dpias.exclude(status=DocumentStatus.SUPERSEDED).order_by("-version").first()


def approved_dpia(site) -> PrivacyImpactAssessment | None:
    return site.dpias.filter(status=DocumentStatus.APPROVED).order_by("-version").first()


def active_risks(dpia: PrivacyImpactAssessment):
    return dpia.risks.filter(removed_at__isnull=True)


def has_residual_high_risk(dpia: PrivacyImpactAssessment) -> bool:
    return active_risks(dpia).filter(residual=RiskLevel.HIGH).exists()


def ico_state(dpia: PrivacyImpactAssessment, *, today=None) -> ico.IcoState:
    """Where the DPIA's prior consultation with the ICO stands today (assessments.ico)."""
    return ico.state(dpia, residual_high=has_residual_high_risk(dpia), today=today or timezone.localdate())


def active_camera_ids(site) -> list[str]:
    return sorted(site.cameras.filter(removed_on__isnull=True).values_list("identifier", flat=True))
