from django.contrib import admin

from anpr_governance.accounts.permissions import can_view_location
from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import RESTRICTED_LOCATION_FIELDS, Camera, Site


@admin.register(Site)
class SiteAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["reference", "name", "status", "policing_area", "location_type", "next_review_due"]
    list_filter = ["status", "policing_area", "location_type"]
    list_select_related = ["policing_area"]
    search_fields = ["reference", "name"]

    def get_hidden_fields(self, request, obj=None) -> set[str]:
        hidden = super().get_hidden_fields(request, obj)
        if not can_view_location(request.user):
            hidden |= set(RESTRICTED_LOCATION_FIELDS)
        return hidden


@admin.register(Camera)
class CameraAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["identifier", "site", "lane", "direction", "installed_on", "removed_on"]
    list_filter = ["site__policing_area"]
    list_select_related = ["site"]
    search_fields = ["identifier", "site__reference"]
