"""A version keeps the names it was approved with (ISO 9001 7.5.3), and the database keeps them.

``PlanVersion.names`` holds, from approval on, the plan's title and owner and the names of the
topics, audiences, channels and people its rows refer to (``resonanz.plan.names``);
``publisher_name`` keeps the publisher's name like ``approver_name`` keeps the approver's. Versions
approved before this upgrade get the names as they are at the upgrade: the earlier ones are lost,
but from now on they stay. 0002's guard then keeps both columns unchanged as well.

SQLite rebuilds the table for the new column, which the triggers of 0002 do not survive (they refer
to it): all of them are set aside for the rebuild and created again, the version guard extended.
"""

import importlib

from django.db import migrations, models
from django.db.models import Q

GUARD = importlib.import_module("resonanz.plan.migrations.0002_frozen_versions")
FROZEN_STATUSES = ("approved", "published", "superseded")


def _person(full_name, email):
    return full_name or email


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    Version = apps.get_model("plan", "PlanVersion")
    Row = apps.get_model("plan", "PlanRow")
    Membership = apps.get_model("core", "Membership")
    versions = Version.objects.using(alias).filter(status__in=FROZEN_STATUSES).select_related("plan")
    for version in versions:
        rows = Row.objects.using(alias).filter(version_id=version.pk)
        senders = Row.senders.through.objects.using(alias).filter(planrow__in=rows).values("membership_id")
        people = Membership.objects.using(alias).filter(
            Q(pk__in=[version.plan.owner_id, version.publisher_id])
            | Q(pk__in=rows.values("owner_id"))
            | Q(pk__in=rows.values("approver_id"))
            | Q(pk__in=senders)
        )
        member = {pk: _person(*rest) for pk, *rest in people.values_list("pk", "user__full_name", "user__email")}

        def names(model):
            found = apps.get_model("plan", model).objects.using(alias).filter(rows__in=rows).distinct()
            return {str(pk): name for pk, name in found.values_list("pk", "name")}

        Version.objects.using(alias).filter(pk=version.pk).update(
            publisher_name=member.get(version.publisher_id, ""),
            names={
                "title": version.plan.title,
                "owner": member.get(version.plan.owner_id, ""),
                "topic": names("Topic"),
                "audience": names("Audience"),
                "channel": names("Channel"),
                "member": {str(pk): name for pk, name in member.items()},
            },
        )


def _refused(distinct: str, extended: bool) -> str:
    """0002's rule for a frozen version; extended: ``names`` from approval, ``publisher_name`` from
    publication on are kept too."""
    condition = GUARD._version_change_refused(distinct)
    if not extended:
        return condition
    names = distinct.format(col="names")
    publisher = distinct.format(col="publisher_name")
    return (
        f"({condition}) OR (OLD.status IN ('approved', 'published', 'superseded') AND {names}) "
        f"OR (OLD.status IN ('published', 'superseded') AND {publisher})"
    )


def _sqlite_statements(extended: bool) -> list[str]:
    statements = [s for s in GUARD._sqlite() if "plan_version_frozen_update" not in s]
    statements.append(
        "CREATE TRIGGER plan_version_frozen_update BEFORE UPDATE ON plan_planversion "
        f"WHEN {_refused('NEW.{col} IS NOT OLD.{col}', extended)} "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD.VERSION_MESSAGE}'); END;"
    )
    return statements


def _postgres_function(extended: bool) -> str:
    return f"""CREATE OR REPLACE FUNCTION plan_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.status <> 'draft' THEN RAISE EXCEPTION '{GUARD.VERSION_MESSAGE}'; END IF;
                RETURN OLD;
            END IF;
            IF {_refused('NEW.{col} IS DISTINCT FROM OLD.{col}', extended)} THEN
                RAISE EXCEPTION '{GUARD.VERSION_MESSAGE}';
            END IF;
            RETURN NEW;
        END; $$;"""


def set_sqlite_triggers_aside(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in GUARD._sqlite_reverse():
            schema_editor.execute(statement.replace("DROP TRIGGER ", "DROP TRIGGER IF EXISTS "))


def _guard(extended: bool):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_postgres_function(extended))
        else:
            set_sqlite_triggers_aside(apps, schema_editor)
            for statement in _sqlite_statements(extended):
                schema_editor.execute(statement)

    return apply


def undo_extended_guard(apps, schema_editor):
    """Back to 0002's guard on PostgreSQL; on SQLite the triggers go aside for the rebuild first."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_postgres_function(extended=False))
    else:
        set_sqlite_triggers_aside(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plan", "0009_evidence_occurrence_once")]
    operations = [
        migrations.RunPython(set_sqlite_triggers_aside, _guard(extended=False)),
        migrations.AddField(
            model_name="planversion",
            name="names",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="names as approved"),
        ),
        migrations.AddField(
            model_name="planversion",
            name="publisher_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="published by"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(_guard(extended=True), undo_extended_guard),
    ]
