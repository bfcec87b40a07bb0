"""The read data API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("reads/ingest/", api.IngestView.as_view(), name="api-reads-ingest"),
    path("reads/searches/", api.SearchView.as_view(), name="api-reads-search"),
    path("reads/searches/<int:search>/disclosures/", api.DisclosureView.as_view(), name="api-reads-disclose"),
    path("reads/authorisations/", api.AuthorisationListView.as_view(), name="api-reads-authorisations"),
    path("reads/authorisations/<int:pk>/", api.AuthorisationDetailView.as_view(), name="api-reads-authorisation"),
    path(
        "reads/authorisations/<int:pk>/decide/", api.AuthorisationDecideView.as_view(), name="api-reads-decide"
    ),
]
