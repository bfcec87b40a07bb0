"""The access log is append-only in the database too.

PostgreSQL: a trigger refuses UPDATE and DELETE of any entry or site row, whoever asks.
(TRUNCATE is left to the table's owner: Django's test flush uses it; in production the
application's database role should hold only SELECT and INSERT on these two tables.)
SQLite: a trigger refuses UPDATE. DELETE is not refused there, because Django empties
tables with DELETE between transactional tests; the code refuses it, and
verify_access_log detects it.

Also creates the chain's head row.
"""

from django.db import migrations

TABLES = ("audit_accesslogentry", "audit_accesslogsite")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only: % of % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'The access log is append-only: UPDATE of {table} is refused.'); END"
            )
    AccessLogHead = apps.get_model("audit", "AccessLogHead")
    AccessLogHead.objects.get_or_create(pk=1, defaults={"sequence": 0, "last_hash": "0" * 64})


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
