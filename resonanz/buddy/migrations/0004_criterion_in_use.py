"""A criterion remembers that a check scored it (then it is deactivated, never deleted): add the flag,
and set it for the criteria the checks recorded so far scored."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def mark_used(apps: Any, schema_editor: Any) -> None:
    Criterion = apps.get_model("buddy", "ProfileCheckCriterion")
    ProfileCheck = apps.get_model("buddy", "ProfileCheck")
    used: set[tuple[int, str, str]] = set()
    for organization_id, network, results in ProfileCheck.objects.values_list(
        "organization_id", "network", "results"
    ).iterator():
        for result in results if isinstance(results, list) else []:
            if isinstance(result, dict) and isinstance(result.get("key"), str):
                used.add((organization_id, network, result["key"]))
    for organization_id, network, key in used:
        Criterion.objects.filter(organization_id=organization_id, network=network, key=key).update(in_use=True)


class Migration(migrations.Migration):
    dependencies = [("buddy", "0003_matching_run_state")]

    operations = [
        migrations.AddField(
            model_name="profilecheckcriterion",
            name="in_use",
            field=models.BooleanField(default=False, verbose_name="used in recorded checks"),
        ),
        migrations.RunPython(mark_used, migrations.RunPython.noop),
    ]
