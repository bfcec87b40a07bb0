"""The access log API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("audit/access-log/", api.AccessLogView.as_view(), name="api-access-log"),
    path("audit/access-log/export/", api.AccessLogExportView.as_view(), name="api-access-log-export"),
]
