from django.urls import path

from . import views

app_name = "reads"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("searches/<int:number>/export/", views.search_export, name="search-export"),
    path("searches/<int:number>/disclose/", views.search_disclose, name="search-disclose"),
    path("authorisations/", views.authorisations, name="authorisations"),
    path("authorisations/new/", views.authorisation_new, name="authorisation-new"),
    path("authorisations/<int:pk>/", views.authorisation_detail, name="authorisation"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="feed-revoke"),
    path("grants/", views.grants, name="grants"),
    path("grants/<int:pk>/decide/", views.grant_decide, name="grant-decide"),
]
