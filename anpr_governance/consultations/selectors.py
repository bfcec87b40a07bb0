"""Reads of consultations and exemptions."""

from django.utils import timezone

from .models import Consultation, ConsultationExemption


def open_consultation(site) -> Consultation | None:
    return site.consultations.filter(state=Consultation.State.OPEN).first()


def active_camera_ids(site) -> list[str]:
    return sorted(site.cameras.filter(removed_on__isnull=True).values_list("identifier", flat=True))


def latest_approved_exemption(site) -> ConsultationExemption | None:
    return site.exemptions.filter(state=ConsultationExemption.State.APPROVED).order_by("-decided_at").first()


def approved_exemption(site) -> ConsultationExemption | None:
    """The approved exemption that still holds (not expired, no material change since)."""
    exemption = latest_approved_exemption(site)
    if exemption is None or exemption.lapse_reason(timezone.localdate(), active_camera_ids(site)):
        return None
    return exemption


def consultation_requirement_met(site) -> bool:
    """A closed consultation with its "you said, we did" outcome, or an approved exemption."""
    closed = site.consultations.filter(state=Consultation.State.CLOSED).exclude(outcome="")
    return closed.exists() or approved_exemption(site) is not None
