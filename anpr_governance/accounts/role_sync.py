"""Create the role groups with exactly the given model permissions (used by migrations)."""

from django.contrib.auth.management import create_permissions


def sync_roles(apps, role_permissions: dict[str, list[str]]) -> None:
    # Permissions are normally created after all migrations; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            try:
                wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist as error:
                raise LookupError(f"Role {role!r} names an unknown permission {perm!r}.") from error
        group.permissions.set(wanted)


def grant_role_permissions(apps, grants: dict[str, list[str]]) -> None:
    """Add permissions to existing roles (for a later app's own migration): each app
    grants its own permissions, so migrations of different apps do not collide."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in grants.items():
        group = Group.objects.get(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            try:
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist as error:
                raise LookupError(f"Role {role!r} names an unknown permission {perm!r}.") from error
