from django.contrib import admin

from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import DecommissionChecklist, FlagDecision, Notice, Review, SweepRun


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


@admin.register(FlagDecision)
class FlagDecisionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "rule", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "rule"]
    list_select_related = ["site", "decided_by"]
    search_fields = ["site__reference"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The daily review sweep's log (operators: did it run, what did it do)."""

    list_display = ["day", "runs", "last_finished_at", "reviews_opened", "reminders", "marked_overdue", "notices"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "site", "kind", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "site"]
