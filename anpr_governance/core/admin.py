"""The Django admin, for system administrators: every model with its History view.

Governance records change only through the services (lifecycle, separation of duties),
so their admins are view-only (`ReadOnlyAdminMixin`). Nothing governance-related is ever
deleted, so the bulk "delete selected" action is off everywhere. History is evidence,
not an undo button: no admin reverts a record to an old version.

A model admin can hide fields from some readers (`get_hidden_fields`, e.g. restricted
site locations); hidden fields are left out of the list, the forms, the filters, the
search and the history, including the differences the history list shows.
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = "ANPR Governance administration"
admin.site.site_title = "ANPR Governance administration"
admin.site.disable_action("delete_selected")

_VIEWING_HISTORY = "_anpr_viewing_history"


def model_field_names(model) -> list[str]:
    """Every field of `model` worth showing: concrete fields but the primary key, then many-to-many."""
    opts = model._meta
    return [f.name for f in opts.concrete_fields if not f.primary_key] + [f.name for f in opts.many_to_many]


def _field_of(entry) -> str | None:
    """The model field an admin option entry (list_filter, search_fields, ...) starts from."""
    if isinstance(entry, tuple | list):
        entry = entry[0] if entry else None
    if not isinstance(entry, str):
        return None
    return entry.lstrip("^=@-").split(LOOKUP_SEP)[0]


def _without(entries, hidden: set[str]) -> list:
    """An admin option (list_display, list_filter, search_fields, ...) without hidden fields."""
    return [entry for entry in entries if _field_of(entry) not in hidden]


def _fields_without(fields, hidden: set[str]) -> list:
    """A fieldset's fields without hidden ones; a tuple is a row of fields on one line."""
    kept = []
    for entry in fields:
        if isinstance(entry, tuple | list):
            row = tuple(name for name in entry if name not in hidden)
            if row:
                kept.append(row)
        elif entry not in hidden:
            kept.append(entry)
    return kept


class HistoryAdmin(SimpleHistoryAdmin):
    """The base of every admin of this project: a History view that cannot revert, and
    fields hidden from readers who may not see them."""

    # Never shown in the History pages (e.g. a password hash).
    history_hidden_fields: tuple[str, ...] = ()

    def get_hidden_fields(self, request, obj=None) -> set[str]:
        """Fields `request.user` may not see anywhere in this admin. Extend with super()."""
        if getattr(request, _VIEWING_HISTORY, False):
            return set(self.history_hidden_fields)
        return set()

    # --- hiding ---------------------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        hidden = self.get_hidden_fields(request, obj)
        fieldsets = super().get_fieldsets(request, obj)
        if not hidden:
            return fieldsets
        return [
            (name, {**options, "fields": _fields_without(options["fields"], hidden)}) for name, options in fieldsets
        ]

    def get_exclude(self, request, obj=None):
        exclude = [*(super().get_exclude(request, obj) or []), *sorted(self.get_hidden_fields(request, obj))]
        return exclude or None

    def get_readonly_fields(self, request, obj=None):
        hidden = self.get_hidden_fields(request, obj)
        if getattr(request, _VIEWING_HISTORY, False):
            # An old version is shown, never edited.
            return [name for name in model_field_names(self.model) if name not in hidden]
        return _without(super().get_readonly_fields(request, obj), hidden)

    def get_list_display(self, request):
        return _without(super().get_list_display(request), self.get_hidden_fields(request))

    def get_list_filter(self, request):
        return _without(super().get_list_filter(request), self.get_hidden_fields(request))

    def get_search_fields(self, request):
        return _without(super().get_search_fields(request), self.get_hidden_fields(request))

    def lookup_allowed(self, lookup, value, request):
        # No filtering by a hidden field through the URL (?grid_reference__startswith=SJ).
        if _field_of(lookup) in self.get_hidden_fields(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    # --- history ----------------------------------------------------------------------
    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        setattr(request, _VIEWING_HISTORY, True)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history would save a POST here as a revert, whatever the change permission.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("History is a record: old versions cannot be restored.")
        setattr(request, _VIEWING_HISTORY, True)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history does, but never diffing a field hidden from this reader."""
        hidden = self.get_hidden_fields(request)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def save_model(self, request, obj, form, change):
        action = "changed" if change else "added"
        obj._change_reason = f"admin.{obj._meta.model_name}.{action}"
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """View-only admin for governance records, which change only through the services.

    Put it before HistoryAdmin: `class SiteAdmin(ReadOnlyAdminMixin, HistoryAdmin)`.
    Readers need the model's view permission; nobody, superusers included, may add,
    change or delete here.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_hidden_fields(self, request, obj=None) -> set[str]:
        # HistoryAdmin's when it follows; a plain ModelAdmin hides nothing (it had no such
        # method, and its change pages answered 500).
        parent = getattr(super(), "get_hidden_fields", None)
        return parent(request, obj) if parent is not None else set()

    def get_fields(self, request, obj=None):
        fields = self.fields or flatten_fieldsets(self.fieldsets or []) or model_field_names(self.model)
        hidden = self.get_hidden_fields(request, obj)
        return [name for name in fields if name not in hidden]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)
