from django.contrib import admin

from anpr_governance.core.admin import ReadOnlyAdminMixin

from .models import Pack, PackDisclosure


@admin.register(Pack)
class PackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "scope_key", "version", "as_at", "state", "requested_by", "requested_at", "page_count"]
    list_filter = ["scope", "state"]
    search_fields = ["scope_key", "file_sha256", "data_sha256"]


@admin.register(PackDisclosure)
class PackDisclosureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "pack", "action", "actor_name", "recipient"]
    list_filter = ["action"]
    list_select_related = ["pack"]
