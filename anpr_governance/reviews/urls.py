from django.urls import path

from . import views

app_name = "reviews"

# Included under sites/<reference>/.
urlpatterns = [
    path("reviews/schedule/", views.schedule, name="schedule"),
    path("reviews/<int:pk>/start/", views.start, name="start"),
    path("reviews/<int:pk>/", views.edit, name="edit"),
    path("reviews/<int:pk>/decide/", views.decide, name="decide"),
]
