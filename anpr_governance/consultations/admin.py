from django.contrib import admin

from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import Consultation, ConsultationExemption, ConsultationResponse, Consultee, PublicReply


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "method", "state", "opened_on", "closed_on"]
    list_filter = ["state", "method"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]


@admin.register(Consultee)
class ConsulteeAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["name", "kind", "consultation", "consulted_on"]
    list_filter = ["kind"]
    list_select_related = ["consultation__site"]
    search_fields = ["name", "consultation__site__reference"]


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["respondent", "consultation", "received_on"]
    list_select_related = ["consultation__site"]
    search_fields = ["respondent", "consultation__site__reference"]


@admin.register(ConsultationExemption)
class ConsultationExemptionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["site", "state", "requested_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["site"]
    search_fields = ["site__reference"]


@admin.register(PublicReply)
class PublicReplyAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["name", "consultation", "state", "received_at", "moderated_at"]
    list_filter = ["state"]
    list_select_related = ["consultation__site"]
    search_fields = ["name", "consultation__site__reference"]
