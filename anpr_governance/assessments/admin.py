from django.contrib import admin

from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import Assessment, PrivacyImpactAssessment, Risk


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "version", "status", "location_type", "submitted_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]


@admin.register(PrivacyImpactAssessment)
class PrivacyImpactAssessmentAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "version", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["__str__", "dpia", "overall", "residual", "removed_at"]
    list_filter = ["overall", "residual"]
    list_select_related = ["dpia__site"]
    search_fields = ["dpia__site__reference"]
