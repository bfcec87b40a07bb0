"""Feeds and authorisations, view-only with their history. Reads are not in the admin at all:
nobody browses them outside a logged search."""

from django.contrib import admin

from anpr_governance.core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .models import Authorisation, Feed


@admin.register(Feed)
class FeedAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["name", "site", "created_at", "revoked_at", "last_received_at", "reads_accepted"]
    list_select_related = ["site"]
    search_fields = ["name", "site__reference"]
    exclude = ["token_hash"]

    def get_hidden_fields(self, request, obj=None) -> set[str]:
        return super().get_hidden_fields(request, obj) | {"token_hash"}


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["pk", "vrm", "purpose", "reference", "status", "requested_by", "decided_by", "expires_at"]
    list_filter = ["status", "purpose"]
    list_select_related = ["requested_by", "decided_by"]
