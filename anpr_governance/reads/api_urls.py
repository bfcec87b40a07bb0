"""The read data API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from django.urls import path

from . import api, subject_access_api

urlpatterns = [
    path("reads/ingest/", api.IngestView.as_view(), name="api-reads-ingest"),
    path("reads/searches/", api.SearchView.as_view(), name="api-reads-search"),
    path("reads/searches/<int:search>/disclosures/", api.DisclosureView.as_view(), name="api-reads-disclose"),
    path("reads/authorisations/", api.AuthorisationListView.as_view(), name="api-reads-authorisations"),
    path("reads/authorisations/<int:pk>/", api.AuthorisationDetailView.as_view(), name="api-reads-authorisation"),
    path(
        "reads/authorisations/<int:pk>/decide/", api.AuthorisationDecideView.as_view(), name="api-reads-decide"
    ),
    path("dpo/subject-access/", subject_access_api.SubjectAccessView.as_view(), name="api-dpo-subject-access"),
    path("dpo/subject-access/<int:pk>/disclose/", subject_access_api.SubjectAccessDiscloseView.as_view(),
         name="api-dpo-subject-access-disclose"),
]
