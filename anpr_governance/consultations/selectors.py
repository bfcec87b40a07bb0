"""Reads of consultations and exemptions."""

from .models import Consultation, ConsultationExemption


def open_consultation(site) -> Consultation | None:
    return site.consultations.filter(state=Consultation.State.OPEN).first()


def approved_exemption(site) -> ConsultationExemption | None:
    return site.exemptions.filter(state=ConsultationExemption.State.APPROVED).first()


def consultation_requirement_met(site) -> bool:
    """A closed consultation with its "you said, we did" outcome, or an approved exemption."""
    closed = site.consultations.filter(state=Consultation.State.CLOSED).exclude(outcome="")
    return closed.exists() or approved_exemption(site) is not None
