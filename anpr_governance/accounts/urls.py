from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.roles, name="roles"),
    path("<int:pk>/decide/", views.role_decide, name="role-decide"),
]
