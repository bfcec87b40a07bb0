from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("evidence/files/<int:pk>/download/", views.download, name="download"),
    path("evidence/<str:kind>/<int:pk>/", views.record_files, name="record"),
]
