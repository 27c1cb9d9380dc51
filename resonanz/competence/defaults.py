"""The competence catalogue a new organization starts with, in its default language.

These are data, not interface text: an organization renames, deactivates and adds to them, so they are
written out in both languages here. Migration 0002 gives existing organizations the same catalogue.
"""

from __future__ import annotations

from typing import Any

from resonanz.competence.models import Competence
from resonanz.core.models import Organization, User

# (German name, English name, German description, English description)
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


def create_catalogue(organization: Organization) -> None:
    english = organization.default_language == "en"
    Competence.objects.bulk_create(
        (
            Competence(
                organization=organization,
                name=en if english else de,
                description=desc_en if english else desc_de,
            )
            for de, en, desc_de, desc_en in CATALOGUE
        ),
        ignore_conflicts=True,
    )


def create_catalogue_for_new_organization(
    sender: Any, organization: Organization, actor: User | None = None, **kwargs: Any
) -> None:
    """Receiver of ``organization_created``; runs inside the creating action's transaction, which
    records the organization itself in the audit trail (the catalogue is part of that creation)."""
    create_catalogue(organization)
