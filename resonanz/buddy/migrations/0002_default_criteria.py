"""Give every existing organization the default profile-check criteria (new ones get them on creation)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from resonanz.buddy.defaults import DEFAULT_CRITERIA

    Organization = apps.get_model("core", "Organization")
    Criterion = apps.get_model("buddy", "ProfileCheckCriterion")
    for organization in Organization.objects.all():
        if Criterion.objects.filter(organization=organization).exists():
            continue
        english = organization.default_language == "en"
        Criterion.objects.bulk_create(
            Criterion(
                organization=organization,
                network=network,
                key=key,
                weight=weight,
                label=en if english else de,
                position=position,
            )
            for network, criteria in DEFAULT_CRITERIA.items()
            for position, (key, weight, de, en) in enumerate(criteria, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("buddy", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
