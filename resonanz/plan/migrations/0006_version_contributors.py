from django.db import migrations, models


def authors_are_contributors(apps, schema_editor):
    """Versions made before contributors were recorded count their author as one."""
    PlanVersion = apps.get_model("plan", "PlanVersion")
    Through = PlanVersion.contributors.through
    Through.objects.bulk_create(
        [
            Through(planversion_id=pk, membership_id=author_id)
            for pk, author_id in PlanVersion.objects.values_list("pk", "author_id")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only"),
        ("plan", "0005_evidence_record_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="planversion",
            name="contributors",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="core.membership", verbose_name="contributors"
            ),
        ),
        migrations.RunPython(authors_are_contributors, migrations.RunPython.noop),
    ]
