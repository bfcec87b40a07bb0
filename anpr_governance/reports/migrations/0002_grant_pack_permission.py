"""Auditors, approving managers and the DPO build and download compliance packs."""

from django.db import migrations

from anpr_governance.accounts.role_sync import grant_role_permissions

GRANTS = {
    "Auditor": ["reports.build_pack"],
    "Approving manager": ["reports.build_pack"],
    "Data protection officer": ["reports.build_pack"],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
