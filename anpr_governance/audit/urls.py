from django.urls import path

from . import sampling_views, views

app_name = "audit"

urlpatterns = [
    path("access-log/", views.access_log, name="access-log"),
    path("access-log/export/", views.access_log_export_csv, name="access-log-export"),
    path("verify/", views.verify, name="verify"),
    path("sampling/", sampling_views.sampling, name="sampling"),
    path("sampling/<int:pk>/", sampling_views.sample_detail, name="sample"),
    path("sampling/<int:pk>/searches/<int:search_pk>/", sampling_views.finding, name="sample-finding"),
]
