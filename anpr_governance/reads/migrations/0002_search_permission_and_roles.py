"""The object permission `search_reads` on sites and policing areas (granted per investigator
by a system administrator), and the reads permissions of the roles."""

from django.db import migrations

from anpr_governance.accounts.role_sync import grant_role_permissions

GRANTS = {
    "Investigator": ["reads.add_authorisation", "reads.view_authorisation"],
    "Authorising officer": ["reads.view_authorisation", "reads.decide_authorisation"],
    "System administrator": ["reads.add_feed", "reads.change_feed", "reads.view_feed", "reads.grant_search"],
}

# The permission lives on other apps' models, which this app may not migrate: it is
# created here, for the content types of sites.Site and accounts.PolicingArea.
SEARCH_PERMISSIONS = [
    ("sites", "site", "Can search the reads of this site"),
    ("accounts", "policingarea", "Can search the reads of every site in this policing area"),
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, name in SEARCH_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(content_type=content_type, codename="search_reads", defaults={"name": name})
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(codename="search_reads").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reads", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guardian", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
