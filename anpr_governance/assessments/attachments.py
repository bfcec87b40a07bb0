"""Registers the assessment and the DPIA as records that evidence files attach to."""

from django.urls import reverse

from anpr_governance.evidence.records import attachable

from .models import Assessment, PrivacyImpactAssessment


def _page(anchor):
    return lambda record: reverse("sites:detail", args=[record.site.reference]) + anchor


attachable("assessment", label="in-depth assessment", model=Assessment, page_url=_page("#assessment"),
           describe=lambda record: f"In-depth assessment, version {record.version}")
attachable("dpia", label="privacy impact assessment", model=PrivacyImpactAssessment, page_url=_page("#dpia"),
           describe=lambda record: f"Privacy impact assessment (DPIA), version {record.version}")
