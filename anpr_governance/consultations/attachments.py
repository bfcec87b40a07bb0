"""Registers consultations and exemptions as records that evidence files attach to
(consultation letters, replies received on paper, the reasoning behind an exemption)."""

from django.urls import reverse

from anpr_governance.evidence.records import attachable

from .models import Consultation, ConsultationExemption


def _page(record):
    return reverse("sites:detail", args=[record.site.reference]) + "#consultation"


attachable("consultation", label="consultation", model=Consultation, page_url=_page,
           describe=lambda record: f"Consultation opened {record.opened_on.day} {record.opened_on:%B %Y}")
attachable("exemption", label="exemption from consultation", model=ConsultationExemption, page_url=_page,
           describe=lambda record: f"Exemption from consultation requested {record.requested_at:%d %B %Y}")
