"""Registers reviews and the decommissioning checklist as records that evidence files attach to
(review minutes, photographs of signage removed, the national deregistration letter)."""

from django.urls import reverse

from anpr_governance.evidence.records import attachable

from .models import DecommissionChecklist, Review

attachable("review", label="review", model=Review,
           page_url=lambda record: reverse("sites:detail", args=[record.site.reference]) + "#reviews",
           describe=lambda record: f"Review due {record.due_on.day} {record.due_on:%B %Y}")
attachable("checklist", label="decommissioning checklist", model=DecommissionChecklist,
           page_url=lambda record: reverse("decommissioning:site", args=[record.site.reference]),
           describe=lambda record: "Decommissioning checklist")
