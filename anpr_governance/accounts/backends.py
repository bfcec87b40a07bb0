"""Permissions come from roles only (issue 11): superuser status and permissions given to one
person outside the roles open nothing, on any path (pages, API, admin, commands).

`RoleBackend` is Django's ModelBackend reading only group (role) permissions and ignoring
is_superuser; `RoleObjectPermissionBackend` is guardian's, likewise ignoring is_superuser (an
object permission is still given per person: an officer's sites, an investigator's grants)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from guardian.backends import ObjectPermissionBackend
from guardian.shortcuts import get_group_perms, get_user_perms


class RoleBackend(ModelBackend):
    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()  # never outside a role

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache):
            perms = getattr(self, f"_get_{from_name}_permissions")(user_obj)  # no superuser shortcut
            perms = perms.values_list("content_type__app_label", "codename").order_by()
            setattr(user_obj, cache, {f"{ct}.{name}" for ct, name in perms})
        return getattr(user_obj, cache)


class RoleObjectPermissionBackend(ObjectPermissionBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not getattr(user_obj, "is_superuser", False):
            return super().has_perm(user_obj, perm, obj)
        if not user_obj.is_active:
            return False
        codename = perm.split(".")[-1]
        return codename in set(get_user_perms(user_obj, obj)) | set(get_group_perms(user_obj, obj))

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None or not getattr(user_obj, "is_superuser", False):
            return super().get_all_permissions(user_obj, obj)
        return set(get_user_perms(user_obj, obj)) | set(get_group_perms(user_obj, obj))
