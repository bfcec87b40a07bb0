"""The DPIA API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("sites/<str:reference>/dpia/", api.DpiaView.as_view(), name="api-site-dpia"),
]
