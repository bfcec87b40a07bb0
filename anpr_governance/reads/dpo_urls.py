"""The data protection officer's pages, under /dpo/ (the letter's PDF is the reports app's)."""

from django.urls import path

from . import subject_access_views as views

app_name = "dpo"

urlpatterns = [
    path("subject-access/", views.subject_access, name="subject-access"),
    path("subject-access/<int:pk>/", views.subject_access_detail, name="subject-access-detail"),
    path("subject-access/<int:pk>/reads.csv", views.subject_access_csv, name="subject-access-csv"),
]
