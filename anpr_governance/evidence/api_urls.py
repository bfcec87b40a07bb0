"""The evidence API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("sites/<str:reference>/evidence/", api.SiteEvidenceView.as_view(), name="api-site-evidence"),
]
