"""A row keeps only the when fields of its kind (``resonanz.plan.models.row.TIMING_FIELDS``).

On SQLite adding (or removing) a check constraint rebuilds the table, which the frozen-row triggers
of 0002 do not survive (those of the link tables even make the rebuild fail): they are dropped before
and created again after, in both directions.
"""

import importlib

from django.db import migrations, models

NORMALISED = importlib.import_module("resonanz.plan.migrations.0007_row_timing_normalised")


def drop_row_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        NORMALISED.drop_sqlite_row_triggers(schema_editor)


def create_row_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        NORMALISED.create_sqlite_row_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plan", "0007_row_timing_normalised")]
    operations = [
        migrations.RunPython(drop_row_triggers, create_row_triggers),
        migrations.AddConstraint(
            model_name="planrow",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("trigger", ""), ("when_kind", "recurrence")),
                    models.Q(("rrule", ""), ("trigger", ""), ("when_kind", "fixed")),
                    models.Q(("rrule", ""), ("start_date", None), ("start_time", None), ("when_kind", "trigger")),
                    models.Q(
                        ("rrule", ""), ("start_date", None), ("start_time", None), ("trigger", ""), ("when_kind", "")
                    ),
                    _connector="OR",
                ),
                name="plan_row_timing_fits_kind",
            ),
        ),
        migrations.RunPython(create_row_triggers, drop_row_triggers),
    ]
