from django.urls import path

from . import subject_access, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("packs/<int:pack_id>/", views.pack_detail, name="pack"),
    path("packs/<int:pack_id>/status/", views.pack_status, name="pack-status"),
    path("packs/<int:pack_id>/download/", views.pack_download, name="pack-download"),
    path("verify/", views.verify, name="verify"),
    path("subject-access/<int:pk>/letter.pdf", subject_access.letter, name="subject-access-letter"),
]
