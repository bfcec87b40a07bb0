from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("access-log/", views.access_log, name="access-log"),
    path("access-log/export/", views.access_log_export_csv, name="access-log-export"),
    path("verify/", views.verify, name="verify"),
]
