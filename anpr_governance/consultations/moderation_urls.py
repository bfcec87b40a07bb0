from django.urls import path

from . import views

app_name = "moderation"

# Included under consultations/.
urlpatterns = [
    path("replies/", views.moderation_list, name="list"),
    path("replies/<int:pk>/", views.moderate, name="moderate"),
]
