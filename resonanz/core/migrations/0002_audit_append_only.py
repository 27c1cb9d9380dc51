"""Make the audit trail append-only in the database itself, not only in the model.

Only one change is let through: setting ``actor_id`` to NULL when an account is erased (the copied
name stays). The hash chain catches whoever drops these triggers first.
"""

from django.db import migrations

COLUMNS = (
    "organization_id, seq, created_at, actor_name, action, object_type, object_id, object_repr, "
    "before, after, request_id, job_id, prev_hash, hash"
)

SQLITE = [
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {COLUMNS} ON core_auditrecord
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
    """CREATE TRIGGER core_audit_no_delete BEFORE DELETE ON core_auditrecord
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER core_audit_no_update;", "DROP TRIGGER core_audit_no_delete;"]

POSTGRES = [
    """CREATE FUNCTION core_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit records are append-only'; END; $$;""",
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {COLUMNS} ON core_auditrecord
        FOR EACH ROW EXECUTE FUNCTION core_audit_refuse();""",
    """CREATE TRIGGER core_audit_no_delete BEFORE DELETE ON core_auditrecord
        FOR EACH ROW EXECUTE FUNCTION core_audit_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER core_audit_no_update ON core_auditrecord;",
    "DROP TRIGGER core_audit_no_delete ON core_auditrecord;",
    "DROP FUNCTION core_audit_refuse();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
