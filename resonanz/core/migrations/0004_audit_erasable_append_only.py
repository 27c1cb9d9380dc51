"""Audit records stay append-only, except that personal values may be erased; checkpoints are append-only.

The columns a record's hash is computed from cannot change. The actor's and the object's name may only
be blanked, and a seal (on version-1 records) only set once; before, after and the salts may change, and
the hash chain tells an erasure (blank value, salt gone, digest kept) from an edit. Nothing is deleted.
"""

from django.db import migrations

IMMUTABLE = (
    "organization_id, seq, created_at, action, object_type, object_id, request_id, job_id, prev_hash, hash, "
    "hash_version, personal_digests"
)
OLD_IMMUTABLE = (
    "organization_id, seq, created_at, actor_name, action, object_type, object_id, object_repr, "
    "before, after, request_id, job_id, prev_hash, hash"
)
ERASE_ONLY = "audit records are append-only; personal values can only be erased"

SQLITE = [
    "DROP TRIGGER IF EXISTS core_audit_no_update;",
    "DROP TRIGGER IF EXISTS core_audit_no_delete;",
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {IMMUTABLE} ON core_auditrecord
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
    f"""CREATE TRIGGER core_audit_erase_only BEFORE UPDATE OF actor_name, object_repr, legacy_seal
        ON core_auditrecord
        WHEN (NEW.actor_name <> OLD.actor_name AND NEW.actor_name <> '')
          OR (NEW.object_repr <> OLD.object_repr AND NEW.object_repr <> '')
          OR (OLD.legacy_seal IS NOT NULL AND NEW.legacy_seal IS NOT OLD.legacy_seal)
        BEGIN SELECT RAISE(ABORT, '{ERASE_ONLY}'); END;""",
    """CREATE TRIGGER core_audit_no_delete BEFORE DELETE ON core_auditrecord
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
    """CREATE TRIGGER core_checkpoint_no_update BEFORE UPDATE ON core_auditcheckpoint
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;""",
    """CREATE TRIGGER core_checkpoint_no_delete BEFORE DELETE ON core_auditcheckpoint
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER core_checkpoint_no_delete;",
    "DROP TRIGGER core_checkpoint_no_update;",
    "DROP TRIGGER core_audit_erase_only;",
    "DROP TRIGGER core_audit_no_update;",
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {OLD_IMMUTABLE} ON core_auditrecord
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
]

POSTGRES = [
    "DROP TRIGGER core_audit_no_update ON core_auditrecord;",
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {IMMUTABLE} ON core_auditrecord
        FOR EACH ROW EXECUTE FUNCTION core_audit_refuse();""",
    f"""CREATE FUNCTION core_audit_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (NEW.actor_name <> OLD.actor_name AND NEW.actor_name <> '')
               OR (NEW.object_repr <> OLD.object_repr AND NEW.object_repr <> '')
               OR (OLD.legacy_seal IS NOT NULL AND NEW.legacy_seal IS DISTINCT FROM OLD.legacy_seal) THEN
                RAISE EXCEPTION '{ERASE_ONLY}';
            END IF;
            RETURN NEW;
        END; $$;""",
    """CREATE TRIGGER core_audit_erase_only BEFORE UPDATE OF actor_name, object_repr, legacy_seal
        ON core_auditrecord FOR EACH ROW EXECUTE FUNCTION core_audit_erase_only();""",
    """CREATE FUNCTION core_checkpoint_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit checkpoints are append-only'; END; $$;""",
    """CREATE TRIGGER core_checkpoint_no_update BEFORE UPDATE ON core_auditcheckpoint
        FOR EACH ROW EXECUTE FUNCTION core_checkpoint_refuse();""",
    """CREATE TRIGGER core_checkpoint_no_delete BEFORE DELETE ON core_auditcheckpoint
        FOR EACH ROW EXECUTE FUNCTION core_checkpoint_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER core_checkpoint_no_delete ON core_auditcheckpoint;",
    "DROP TRIGGER core_checkpoint_no_update ON core_auditcheckpoint;",
    "DROP FUNCTION core_checkpoint_refuse();",
    "DROP TRIGGER core_audit_erase_only ON core_auditrecord;",
    "DROP FUNCTION core_audit_erase_only();",
    "DROP TRIGGER core_audit_no_update ON core_auditrecord;",
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE OF {OLD_IMMUTABLE} ON core_auditrecord
        FOR EACH ROW EXECUTE FUNCTION core_audit_refuse();""",
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
    dependencies = [("core", "0003_audit_digests_and_checkpoints")]
    operations = [migrations.RunPython(forwards, backwards)]
