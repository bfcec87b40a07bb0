from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("consult/", views.consultations, name="consultations"),
    path("consult/<int:pk>/", views.consultation, name="consultation"),
    path("consult/<int:pk>/replied/", views.replied, name="replied"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency.json", views.transparency_json, name="transparency-json"),
]
