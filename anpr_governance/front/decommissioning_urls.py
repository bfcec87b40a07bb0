from django.urls import path

from . import decommissioning as views

app_name = "decommissioning"

urlpatterns = [
    path("flags/", views.flagged, name="flagged"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/read-all/", views.notices_read_all, name="notices_read_all"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("sites/<str:reference>/", views.site_page, name="site"),
    path("sites/<str:reference>/flags/<str:rule>/<str:decision>/", views.flag_decide, name="flag_decide"),
    path("sites/<str:reference>/checklist/<str:item>/", views.checklist_record, name="checklist_record"),
    path("sites/<str:reference>/decommission/", views.decommission, name="decommission"),
]
