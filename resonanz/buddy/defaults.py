"""The profile-check criteria a new organization starts with, per network, in its language.

LinkedIn gets the full checklist of the programme; Bluesky and Mastodon a shorter one. The criteria
are data: the programme managers change labels and weights, add and deactivate criteria.
"""

from __future__ import annotations

from typing import Any

from resonanz.core.models import Organization, User

# (key, weight, German label, English label)
Criterion = tuple[str, int, str, str]

LINKEDIN: tuple[Criterion, ...] = (
    ("photo", 15, "Aktuelles, professionelles Profilfoto", "Current, professional profile photo"),
    ("headline", 20, "Überschrift nennt die eigene Expertise", "Headline that states the expertise"),
    ("about", 15, "Info-Abschnitt beschreibt Themen und Nutzen", "About section describes topics and value"),
    (
        "featured",
        10,
        "Empfohlene Inhalte (Beiträge, Artikel, Links)",
        "Featured items (posts, articles, links)",
    ),
    ("banner", 5, "Hintergrundbild passt zum Thema", "Banner that fits the topic"),
    ("activity", 15, "Aktivität in den letzten 30 Tagen", "Activity in the last 30 days"),
    ("employer", 10, "Aktueller Arbeitgeber richtig angegeben", "Current employer named correctly"),
    ("language", 10, "Sprache passt zur Zielgruppe", "Language fits the audience"),
)
SHORT: tuple[Criterion, ...] = (
    ("photo", 20, "Profilbild und Anzeigename", "Profile picture and display name"),
    ("bio", 30, "Kurzbeschreibung nennt die eigene Expertise", "Bio that states the expertise"),
    ("link", 20, "Link zum Arbeitgeber oder zur eigenen Seite", "Link to the employer or an own page"),
    ("activity", 30, "Aktivität in den letzten 30 Tagen", "Activity in the last 30 days"),
)
DEFAULT_CRITERIA: dict[str, tuple[Criterion, ...]] = {
    "linkedin": LINKEDIN,
    "bluesky": SHORT,
    "mastodon": SHORT,
}


def default_criteria_rows(organization: Organization) -> list[dict[str, Any]]:
    """The default criteria as field values, labelled in the organization's language."""
    english = organization.default_language == "en"
    return [
        {
            "network": network,
            "key": key,
            "weight": weight,
            "label": en if english else de,
            "position": position,
        }
        for network, criteria in DEFAULT_CRITERIA.items()
        for position, (key, weight, de, en) in enumerate(criteria, start=1)
    ]


def create_default_criteria(organization: Organization) -> None:
    from resonanz.buddy.models import ProfileCheckCriterion

    if ProfileCheckCriterion.objects.filter(organization=organization).exists():
        return
    ProfileCheckCriterion.objects.bulk_create(
        ProfileCheckCriterion(organization=organization, **row) for row in default_criteria_rows(organization)
    )


def create_defaults_for_new_organization(
    sender: Any, organization: Organization, actor: User | None = None, **kwargs: Any
) -> None:
    """Receiver of ``organization_created``, inside the creating action's transaction (which records it)."""
    create_default_criteria(organization)
