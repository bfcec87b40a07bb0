from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/decide/", views.role_decide, name="role-decide"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("two-factor/", views.mfa, name="mfa"),
]
