"""Governance roles read decommissioning decisions and checklists (accounts.roles.GOVERNANCE_READ)."""

from django.db import migrations

from anpr_governance.accounts.role_sync import grant_role_permissions

READ = ["reviews.view_flagdecision", "reviews.view_decommissionchecklist"]
GRANTS = {
    "Governance officer": READ,
    "Approving manager": READ,
    "Auditor": READ,
    "Data protection officer": READ,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_sweep_notices_flag_decisions"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
