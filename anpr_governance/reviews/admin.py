from django.contrib import admin

from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import DecommissionChecklist, Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "due_on", "state", "outcome", "completed_on"]
    list_filter = ["state", "outcome"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]


@admin.register(DecommissionChecklist)
class DecommissionChecklistAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "feed_stopped_on", "national_registration_removed_on", "signage_removed_on",
                    "data_deleted_on"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]
