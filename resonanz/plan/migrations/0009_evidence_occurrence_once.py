"""A planned occurrence is marked done once: the database refuses a second record for it.

Two clicks at the same moment could record it twice until now. Such a second record is kept (it is
evidence all the same) but no longer claims the occurrence: it becomes evidence without a planned
occurrence, which the planned-versus-executed comparison places by its date.
"""

from django.db import migrations, models


def release_duplicates(apps, schema_editor):
    """Keep the first record of each occurrence as its evidence; the later ones lose the claim."""
    records = (
        apps.get_model("plan", "Evidence")
        .objects.using(schema_editor.connection.alias)
        .filter(planned_for__isnull=False)
    )
    groups = (
        records.values("plan_id", "row_key", "planned_for")
        .annotate(count=models.Count("pk"), first=models.Min("pk"))
        .filter(count__gt=1)
    )
    for group in groups:
        records.filter(
            plan_id=group["plan_id"], row_key=group["row_key"], planned_for=group["planned_for"]
        ).exclude(pk=group["first"]).update(planned_for=None)


class Migration(migrations.Migration):
    dependencies = [("plan", "0008_row_timing_fits_kind")]
    operations = [
        migrations.RunPython(release_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(
                "plan",
                "row_key",
                "planned_for",
                condition=models.Q(planned_for__isnull=False),
                name="plan_evidence_occurrence_once",
            ),
        ),
    ]
