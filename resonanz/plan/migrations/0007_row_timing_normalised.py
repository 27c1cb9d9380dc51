"""Empty the when fields a row's kind does not use, before 0008 makes the database refuse them.

Until now the row actions kept an old recurrence rule or trigger when the kind changed. No page,
export or schedule read those leftovers (each reads the fields of the row's kind only), so emptying
them changes nothing anyone sees — also on approved and published versions, whose rows the frozen-row
triggers of 0002 otherwise protect: they are set aside for this one update and restored.
"""

import importlib

from django.db import migrations

FROZEN = importlib.import_module("resonanz.plan.migrations.0002_frozen_versions")
# Which when fields each kind empties (resonanz.plan.models.row.TIMING_FIELDS at the time of writing).
EMPTIED = {
    "recurrence": {"trigger": ""},
    "fixed": {"rrule": "", "trigger": ""},
    "trigger": {"rrule": "", "start_date": None, "start_time": None},
    "": {"rrule": "", "start_date": None, "start_time": None, "trigger": ""},
}


def _is_row_guard(statement: str) -> bool:
    return "plan_version_frozen" not in statement


def drop_sqlite_row_triggers(schema_editor) -> None:
    """Drop 0002's triggers on rows and their links (SQLite cannot rebuild a table they refer to)."""
    for statement in FROZEN._sqlite_reverse():
        if _is_row_guard(statement):
            schema_editor.execute(statement.replace("DROP TRIGGER ", "DROP TRIGGER IF EXISTS "))


def create_sqlite_row_triggers(schema_editor) -> None:
    for statement in FROZEN._sqlite():
        if _is_row_guard(statement):
            schema_editor.execute(statement)


def set_row_triggers_aside(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE plan_planrow DISABLE TRIGGER plan_row_frozen;")
    else:
        drop_sqlite_row_triggers(schema_editor)


def restore_row_triggers(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE plan_planrow ENABLE TRIGGER plan_row_frozen;")
    else:
        create_sqlite_row_triggers(schema_editor)


def forwards(apps, schema_editor):
    PlanRow = apps.get_model("plan", "PlanRow")
    set_row_triggers_aside(schema_editor)
    for kind, empty in EMPTIED.items():
        PlanRow.objects.using(schema_editor.connection.alias).filter(when_kind=kind).update(**empty)
    restore_row_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plan", "0006_version_contributors")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
