"""Give every existing organization the default competence catalogue (new ones get it on creation)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Frozen copy of ``competence.defaults.CATALOGUE`` as it was when this migration was written.
CATALOGUE: list[tuple[str, str, str, str]] = [
    (
        "Social Media Manager (zertifiziert)",
        "Social Media Manager (certified)",
        "Plant, betreut und bewertet die Social-Media-Kanäle des Unternehmens; Zertifikat einer Hochschule "
        "oder eines anerkannten Anbieters.",
        "Plans, runs and evaluates the company's social media channels; certified by a university or a "
        "recognised provider.",
    ),
    (
        "Für das Unternehmen auf LinkedIn posten",
        "Posting for the company on LinkedIn",
        "Kennt die Social-Media-Richtlinie und darf im Namen des Unternehmens auf LinkedIn veröffentlichen.",
        "Knows the social media guideline and may publish on LinkedIn on behalf of the company.",
    ),
    (
        "Krisenkommunikation",
        "Crisis communication",
        "Weiß, wer in einer Krise was sagt, und kennt Meldewege und Freigaben.",
        "Knows who says what in a crisis, the reporting lines and approvals.",
    ),
    (
        "Datenschutz-Grundlagen",
        "Data protection basics",
        "Grundlagen der DSGVO für die Kommunikation: Einwilligungen, Bildrechte, personenbezogene Daten.",
        "GDPR basics for communication: consent, image rights, personal data.",
    ),
    (
        "Qualitätsbeauftragte/r",
        "Quality officer",
        "Ausbildung zur/zum Qualitätsbeauftragten nach ISO 9001.",
        "Trained as a quality officer for ISO 9001.",
    ),
]


def fill(apps: Any, schema_editor: Any) -> None:
    Organization = apps.get_model("core", "Organization")
    Competence = apps.get_model("competence", "Competence")
    for organization in Organization.objects.all().iterator():
        english = organization.default_language == "en"
        Competence.objects.bulk_create(
            [
                Competence(
                    organization=organization,
                    name=en if english else de,
                    description=desc_en if english else desc_de,
                )
                for de, en, desc_de, desc_en in CATALOGUE
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("competence", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
