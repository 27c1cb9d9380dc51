"""Sensible starting reference data for a new organization, in its default language.

These are data, not interface text: an organization renames, deactivates and adds to them, so they
are written out in both languages here instead of going through the translation catalogue.
"""

from __future__ import annotations

from typing import Any

from resonanz.core.models import Organization, User
from resonanz.plan.models import Audience, Channel, ChannelKind, Direction, MissReason, Topic

K = ChannelKind
D = Direction

# (German name, English name, kind, direction)
CHANNELS: list[tuple[str, str, str, str]] = [
    ("LinkedIn", "LinkedIn", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("Bluesky", "Bluesky", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("Mastodon", "Mastodon", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("X", "X", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("Instagram", "Instagram", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("Facebook", "Facebook", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("YouTube", "YouTube", K.SOCIAL_NETWORK, D.EXTERNAL),
    ("Unternehmensblog", "Company blog", K.OWNED_MEDIUM, D.EXTERNAL),
    ("Website", "Website", K.OWNED_MEDIUM, D.EXTERNAL),
    ("Newsletter", "Newsletter", K.OWNED_MEDIUM, D.EXTERNAL),
    ("Intranet", "Intranet", K.OWNED_MEDIUM, D.INTERNAL),
    ("Aushang / Schwarzes Brett", "Notice board", K.OWNED_MEDIUM, D.INTERNAL),
    ("Pressemitteilung", "Press release", K.OWNED_MEDIUM, D.EXTERNAL),
    ("Messe / Veranstaltung", "Trade fair / event", K.IN_PERSON, D.EXTERNAL),
    ("Besprechung", "Meeting", K.IN_PERSON, D.INTERNAL),
    ("Betriebsversammlung", "Staff meeting", K.IN_PERSON, D.INTERNAL),
    ("E-Mail", "E-mail", K.DIRECT, D.BOTH),
    ("Telefon", "Telephone", K.DIRECT, D.BOTH),
    ("Brief", "Letter", K.DIRECT, D.EXTERNAL),
]

# (German name, English name, direction, German expectations, English expectations)
AUDIENCES: list[tuple[str, str, str, str, str]] = [
    (
        "Kunden",
        "Customers",
        D.EXTERNAL,
        "Verlässliche Produkte, Termintreue, schnelle Antworten.",
        "Reliable products, deliveries on time, quick answers.",
    ),
    (
        "Interessenten",
        "Prospects",
        D.EXTERNAL,
        "Verständliche Informationen über Angebot und Nutzen.",
        "Clear information about what is offered and its benefits.",
    ),
    (
        "Bewerber",
        "Applicants",
        D.EXTERNAL,
        "Ein ehrliches Bild vom Arbeitgeber, zügige Rückmeldung.",
        "An honest picture of the employer, a prompt reply.",
    ),
    (
        "Mitarbeitende",
        "Employees",
        D.INTERNAL,
        "Frühzeitige, offene Information über Ziele und Veränderungen.",
        "Early, open information about goals and changes.",
    ),
    (
        "Führungskräfte",
        "Managers",
        D.INTERNAL,
        "Entscheidungsgrundlagen und klare Botschaften für ihre Teams.",
        "A basis for decisions and clear messages for their teams.",
    ),
    (
        "Presse",
        "Press",
        D.EXTERNAL,
        "Belastbare Fakten und erreichbare Ansprechpartner.",
        "Reliable facts and contacts who can be reached.",
    ),
    (
        "Behörden",
        "Authorities",
        D.EXTERNAL,
        "Vollständige, fristgerechte Meldungen.",
        "Complete reports, on time.",
    ),
    (
        "Zertifizierungsstelle",
        "Certification body",
        D.EXTERNAL,
        "Nachweise, dass das Managementsystem wirksam ist.",
        "Evidence that the management system is effective.",
    ),
    (
        "Lieferanten",
        "Suppliers",
        D.EXTERNAL,
        "Klare Anforderungen und verlässliche Planung.",
        "Clear requirements and dependable planning.",
    ),
    (
        "Partner",
        "Partners",
        D.EXTERNAL,
        "Abgestimmte Botschaften und gemeinsame Termine.",
        "Aligned messages and shared dates.",
    ),
    (
        "Betriebsrat",
        "Works council",
        D.INTERNAL,
        "Rechtzeitige Beteiligung nach dem Betriebsverfassungsgesetz.",
        "Timely involvement as the Works Constitution Act requires.",
    ),
    (
        "Öffentlichkeit / Nachbarschaft",
        "Public / neighbourhood",
        D.EXTERNAL,
        "Transparenz über Auswirkungen des Betriebs.",
        "Transparency about how the business affects them.",
    ),
]

# (German name, English name, German description, English description)
TOPICS: list[tuple[str, str, str, str]] = [
    (
        "Produktneuheiten",
        "Product news",
        "Neue Produkte, Funktionen und Dienstleistungen.",
        "New products, features and services.",
    ),
    (
        "Fachwissen und Meinungsführerschaft",
        "Expertise and thought leadership",
        "Fachbeiträge, Erfahrungen aus Projekten, Einschätzungen zu Trends.",
        "Expert articles, lessons from projects, views on trends.",
    ),
    (
        "Arbeitgebermarke",
        "Employer branding",
        "Einblicke in Arbeit, Team und Kultur; offene Stellen.",
        "Insights into work, team and culture; vacancies.",
    ),
    (
        "Qualitätspolitik und -ziele",
        "Quality policy and objectives",
        "Qualitätspolitik, Qualitätsziele und ihr Erreichungsgrad.",
        "Quality policy, quality objectives and how far they are met.",
    ),
    (
        "Kundenzufriedenheit",
        "Customer satisfaction",
        "Ergebnisse von Befragungen, Reklamationen, Verbesserungen.",
        "Survey results, complaints, improvements.",
    ),
    (
        "Krisenkommunikation",
        "Crisis communication",
        "Stellungnahmen bei Vorfällen, Rückrufen und Störungen.",
        "Statements on incidents, recalls and outages.",
    ),
    (
        "Veranstaltungen",
        "Events",
        "Messen, Webinare, Tage der offenen Tür.",
        "Trade fairs, webinars, open days.",
    ),
    (
        "Unternehmensnachrichten",
        "Company news",
        "Zahlen, Personalien, Standorte, Auszeichnungen.",
        "Figures, appointments, sites, awards.",
    ),
    (
        "Arbeitsschutz und Umwelt",
        "Health, safety and environment",
        "Unterweisungen, Kennzahlen, Maßnahmen.",
        "Briefings, figures, measures.",
    ),
    (
        "Interne Organisation",
        "Internal organisation",
        "Prozesse, Zuständigkeiten, Änderungen im Ablauf.",
        "Processes, responsibilities, changes in how work is done.",
    ),
]


# (German name, English name): why a planned date was missed. Migration 0015 copies these for
# organizations that existed before.
MISS_REASONS: list[tuple[str, str]] = [
    ("Anlass entfallen", "Occasion cancelled"),
    ("Kapazität fehlte", "No capacity"),
    ("Verschoben", "Postponed"),
    ("Technische Störung", "Technical fault"),
    ("Sonstiges", "Other"),
]


def create_defaults(organization: Organization) -> None:
    """Create the default channels, audiences, topics and reasons for missed dates for ``organization``
    in its language."""
    english = organization.default_language == "en"
    MissReason.objects.bulk_create(
        MissReason(organization=organization, name=en if english else de, position=i)
        for i, (de, en) in enumerate(MISS_REASONS, start=1)
    )
    Channel.objects.bulk_create(
        Channel(
            organization=organization, name=en if english else de, kind=kind, direction=direction, position=i
        )
        for i, (de, en, kind, direction) in enumerate(CHANNELS, start=1)
    )
    Audience.objects.bulk_create(
        Audience(
            organization=organization,
            name=en if english else de,
            direction=direction,
            expectations=exp_en if english else exp_de,
            position=i,
        )
        for i, (de, en, direction, exp_de, exp_en) in enumerate(AUDIENCES, start=1)
    )
    Topic.objects.bulk_create(
        Topic(
            organization=organization,
            name=en if english else de,
            description=desc_en if english else desc_de,
            position=i,
        )
        for i, (de, en, desc_de, desc_en) in enumerate(TOPICS, start=1)
    )


def create_defaults_for_new_organization(
    sender: Any, organization: Organization, actor: User | None = None, **kwargs: Any
) -> None:
    """Receiver of ``organization_created``; runs inside the creating action's transaction, which
    records the organization itself in the audit trail (the defaults are part of that creation)."""
    create_defaults(organization)
