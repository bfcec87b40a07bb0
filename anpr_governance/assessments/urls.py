from django.urls import path

from . import views

app_name = "assessments"

# Included under sites/<reference>/.
urlpatterns = [
    path("assessment/", views.assessment_edit, name="assessment_edit"),
    path("assessment/start/", views.assessment_start, name="assessment_start"),
    path("assessment/decide/", views.assessment_decide, name="assessment_decide"),
    path("dpia/", views.dpia_edit, name="dpia_edit"),
    path("dpia/start/", views.dpia_start, name="dpia_start"),
    path("dpia/advice/", views.dpia_advice, name="dpia_advice"),
    path("dpia/decide/", views.dpia_decide, name="dpia_decide"),
    path("dpia/ico/", views.dpia_ico, name="dpia_ico"),
]
