"""The consultation API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("sites/<str:reference>/consultation/", api.SiteConsultationView.as_view(), name="api-site-consultation"),
]
