"""Make published policy documents unchangeable in the database itself.

``update_policy`` refuses to change a published document; this trigger catches everything else (a raw
query, a bulk update, a future bug): once ``published_at`` is set, a row is neither updated nor deleted.
What people acknowledged stays exactly what they read.
"""

from django.db import migrations

MESSAGE = "a published policy document cannot be changed"


def _sqlite() -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    return [
        "CREATE TRIGGER events_policy_frozen_update BEFORE UPDATE ON events_policydocument "
        f"WHEN OLD.published_at IS NOT NULL {refuse}",
        "CREATE TRIGGER events_policy_frozen_delete BEFORE DELETE ON events_policydocument "
        f"WHEN OLD.published_at IS NOT NULL {refuse}",
    ]


def _sqlite_reverse() -> list[str]:
    return ["DROP TRIGGER events_policy_frozen_update;", "DROP TRIGGER events_policy_frozen_delete;"]


def _postgres() -> list[str]:
    return [
        f"""CREATE FUNCTION events_policy_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.published_at IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END; $$;""",
        "CREATE TRIGGER events_policy_frozen BEFORE UPDATE OR DELETE ON events_policydocument "
        "FOR EACH ROW EXECUTE FUNCTION events_policy_guard();",
    ]


def _postgres_reverse() -> list[str]:
    return [
        "DROP TRIGGER events_policy_frozen ON events_policydocument;",
        "DROP FUNCTION events_policy_guard();",
    ]


def forwards(apps, schema_editor):
    statements = _postgres() if schema_editor.connection.vendor == "postgresql" else _sqlite()
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = _postgres_reverse() if schema_editor.connection.vendor == "postgresql" else _sqlite_reverse()
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
