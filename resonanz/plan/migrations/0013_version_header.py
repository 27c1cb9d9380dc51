"""The document header of a version: purpose („Zweck") and scope („Geltungsbereich") of the plan.

Both are versioned like the rows: edited in a draft, frozen from approval on. The version guard of
0002/0010 is extended to keep both columns of an approved, published or superseded version unchanged.
SQLite rebuilds the table for the new columns, which its triggers do not survive: as in 0010 they are
set aside for the rebuild and created again.
"""

import importlib

from django.db import migrations, models

GUARD = importlib.import_module("resonanz.plan.migrations.0002_frozen_versions")
NAMES = importlib.import_module("resonanz.plan.migrations.0010_version_names")
HEADER = ("purpose", "scope")


def _refused(distinct: str) -> str:
    """0010's rule for a frozen version, and the header kept from approval on."""
    header = " OR ".join(distinct.format(col=col) for col in HEADER)
    return (
        f"({NAMES._refused(distinct, extended=True)}) "
        f"OR (OLD.status IN ('approved', 'published', 'superseded') AND ({header}))"
    )


def _sqlite_statements() -> list[str]:
    statements = [s for s in GUARD._sqlite() if "plan_version_frozen_update" not in s]
    statements.append(
        "CREATE TRIGGER plan_version_frozen_update BEFORE UPDATE ON plan_planversion "
        f"WHEN {_refused('NEW.{col} IS NOT OLD.{col}')} "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD.VERSION_MESSAGE}'); END;"
    )
    return statements


def _postgres_function() -> str:
    return f"""CREATE OR REPLACE FUNCTION plan_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.status <> 'draft' THEN RAISE EXCEPTION '{GUARD.VERSION_MESSAGE}'; END IF;
                RETURN OLD;
            END IF;
            IF {_refused('NEW.{col} IS DISTINCT FROM OLD.{col}')} THEN
                RAISE EXCEPTION '{GUARD.VERSION_MESSAGE}';
            END IF;
            RETURN NEW;
        END; $$;"""


def guard_the_header(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_postgres_function())
    else:
        NAMES.set_sqlite_triggers_aside(apps, schema_editor)
        for statement in _sqlite_statements():
            schema_editor.execute(statement)


def back_to_0010s_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NAMES._postgres_function(extended=True))
    else:
        NAMES.set_sqlite_triggers_aside(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plan", "0012_review_history")]

    operations = [
        migrations.RunPython(NAMES.set_sqlite_triggers_aside, NAMES._guard(extended=True)),
        migrations.AddField(
            model_name="planversion",
            name="purpose",
            field=models.TextField(blank=True, verbose_name="purpose"),
        ),
        migrations.AddField(
            model_name="planversion",
            name="scope",
            field=models.TextField(blank=True, verbose_name="scope"),
        ),
        # Backwards: 0010's guard again (PostgreSQL), or the triggers set aside for the rebuild (SQLite).
        migrations.RunPython(guard_the_header, back_to_0010s_guard),
    ]
