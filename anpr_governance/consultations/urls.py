from django.urls import path

from . import views

app_name = "consultations"

# Included under sites/<reference>/.
urlpatterns = [
    path("consultation/open/", views.open_consultation, name="open"),
    path("consultation/<int:pk>/consultees/add/", views.consultee_add, name="consultee_add"),
    path("consultation/<int:pk>/responses/add/", views.response_add, name="response_add"),
    path("consultation/<int:pk>/close/", views.close_consultation, name="close"),
    path("exemption/request/", views.exemption_request, name="exemption_request"),
    path("exemption/<int:pk>/decide/", views.exemption_decide, name="exemption_decide"),
]
