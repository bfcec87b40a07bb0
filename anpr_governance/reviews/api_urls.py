"""The reviews API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("sites/<str:reference>/reviews/", api.SiteReviewsView.as_view(), name="api-site-reviews"),
]
