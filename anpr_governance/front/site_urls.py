from django.urls import path

from . import views

app_name = "sites"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.export_csv, name="export"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/history/", views.history, name="history"),
    path("<str:reference>/move/<str:target>/", views.move, name="move"),
]
