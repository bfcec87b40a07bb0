"""Accounts and policing areas: the system administrator's work, editable here.

Nobody is deleted (people leave: deactivate them) and only a superuser grants superuser
status or permissions outside the roles. Roles are the groups of accounts.roles.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from knox.models import AuthToken

from anpr_governance.core.admin import HistoryAdmin
from anpr_governance.core.exceptions import DomainError

from .models import PolicingArea, User
from .services import password_link_send, sign_in_unlock


class NewAccountForm(forms.ModelForm):
    """A new account: who they are and where the password link goes; no password."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "The password link is sent here."

# Roles (groups) are the only way permissions are given: permissions given to one person are not
# offered, and superuser status (which opens nothing, accounts.backends) is not set here.
SUPERUSER_ONLY_FIELDS = ("is_superuser",)


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    # No password here: nobody sets another person's password. A new account, and "Send a
    # password link", e-mail the person a single-use link (accounts.services.password_link_send).
    add_form = NewAccountForm
    add_fieldsets = ((None, {"fields": ("username", "first_name", "last_name", "email")}),)
    actions = ["send_password_link", "unlock_sign_in"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Roles and access",
            {
                "description": "A person's roles are the groups they belong to, given and taken away on the "
                "Roles page (proposed by one person, approved by another), never here. "
                "Untick Active to remove someone's access: accounts are never deleted.",
                "fields": ("is_active", "is_staff", "roles"),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    # Roles are read-only here: group membership changes only through accounts.services.
    readonly_fields = ["last_login", "date_joined", "roles"]
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "is_superuser"]
    history_hidden_fields = ("password",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("Nobody sets another person's password: send them a password link instead.")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            self._send_link(request, obj)

    def _send_link(self, request, user) -> None:
        try:
            password_link_send(actor=request.user, user=user)
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
        else:
            self.message_user(request, f"A password link was sent to {user.email}.", level=messages.SUCCESS)

    @admin.action(description="Unlock sign-in (after too many failed attempts)")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            try:
                sign_in_unlock(actor=request.user, user=user)
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(request, f"{user.username} may sign in again.", level=messages.SUCCESS)

    @admin.action(description="Send a password link (single use, by e-mail)")
    def send_password_link(self, request, queryset):
        for user in queryset:
            self._send_link(request, user)

    @admin.display(description="Roles")
    def roles(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all())) or "None"

    def get_hidden_fields(self, request, obj=None) -> set[str]:
        hidden = super().get_hidden_fields(request, obj)
        if not request.user.is_superuser:
            hidden |= set(SUPERUSER_ONLY_FIELDS)
        return hidden

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if "roles" not in readonly:
            readonly.append("roles")  # never an input (also on the History pages)
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            # Nobody gives themselves roles or access: another administrator must.
            readonly += [name for name in ("is_active", "is_staff") if name not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        # A superuser's account (and so its password) is changed only by a superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


# Groups are the roles, created by migration: not edited in the admin (their permissions or members).
# API tokens are created by their owner alone (the API tokens page): no admin may make one for another.
for model in (Group, AuthToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(PolicingArea)
class PolicingAreaAdmin(HistoryAdmin):
    fields = ["name", "code"]
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False
