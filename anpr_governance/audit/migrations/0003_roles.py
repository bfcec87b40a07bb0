"""Auditors and the data protection officer read the access log."""

from django.db import migrations

from anpr_governance.accounts.role_sync import grant_role_permissions

GRANTS = {
    "Auditor": ["audit.view_accesslogentry"],
    "Data protection officer": ["audit.view_accesslogentry"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
