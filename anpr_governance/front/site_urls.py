from django.urls import path

from . import setup, views

app_name = "sites"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.export_csv, name="export"),
    path("new/", setup.propose, name="propose"),
    path("import/", setup.import_register, name="import"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/history/", views.history, name="history"),
    path("<str:reference>/move/<str:target>/", views.move, name="move"),
    path("<str:reference>/decide/", views.deployment_decide, name="decide"),
    path("<str:reference>/edit/", setup.edit, name="edit"),
    path("<str:reference>/officer/", setup.officer, name="officer"),
    path("<str:reference>/cameras/", setup.cameras, name="cameras"),
    path("<str:reference>/cameras/<str:identifier>/remove/", setup.camera_remove, name="camera_remove"),
    path("<str:reference>/cameras/<str:identifier>/move/", setup.camera_move, name="camera_move"),
]
