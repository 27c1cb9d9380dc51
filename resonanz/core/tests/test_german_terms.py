"""One German term for one thing: role names from ``core.roles`` everywhere, retired words nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.utils import translation
from faker import Faker
from faker.providers.person.de_DE import Provider as GermanNames

from resonanz.core.demo import DEMO_LOGINS, OLD_FEMININE_SURNAMES, _people
from resonanz.core.management.commands.demo import demo_login_lines
from resonanz.core.roles import Role

GERMAN = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"

# Words the catalogue once used beside the chosen term, and the term a reader sees instead.
RETIRED = {
    "Kommunikationsleitung": "Kommunikationsverantwortliche/r (the role's name)",
    "Auslöser": "Anlass (the text of an occasion-based row)",
    "bei einem Anlass": "anlassbezogen (the kind of row)",
    "Fertig?": "Bereit zur Prüfung?",
    "Plan/Ist": "Soll-Ist-Vergleich",
    "passt weiterhin": "Überprüfung ohne Änderungen abschließen",
    "Thought Leadership": "Meinungsführerschaft",
}


def test_the_demo_command_names_each_role_as_the_app_does() -> None:
    lines = demo_login_lines()

    with translation.override("de"):
        for login, line in zip(DEMO_LOGINS, lines, strict=True):
            assert re.match(rf"\s+{re.escape(str(Role(login.role).label))}\s+{login.email}\b", line), line
    assert not any("Kommunikationsleitung" in line or "Auditorin" in line for line in lines)


def test_the_catalogue_uses_the_chosen_terms_only() -> None:
    found = [
        (word, entry.msgid)
        for entry in polib.pofile(str(GERMAN))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        for word in RETIRED
        if word in text
    ]
    assert not found, f"use {[RETIRED[word] for word, _msgid in found]} for {found[:5]}"


class _Many:
    """1,234 members without a single row to show."""

    def __len__(self) -> int:
        return 1234

    def __getitem__(self, _index: object) -> list[object]:
        return []


def test_large_figures_carry_german_thousands_separators() -> None:
    page: Page[object] = Paginator(_Many(), 50).get_page(1)  # type: ignore[arg-type]
    with translation.override("de"):
        german = render_to_string("core/_member_rows.html", {"page": page, "organization": None})
    with translation.override("en"):
        english = render_to_string("core/_member_rows.html", {"page": page, "organization": None})

    assert "1.234 Mitglieder" in german
    assert "1,234 members" in english


def test_the_demo_people_have_names_that_read_like_real_german_names() -> None:
    fake = Faker("de_DE")
    fake.seed_instance(7)

    people = _people(fake, 2000, "example.org", set())
    names = [f"{given} {family}" for given, family, _email in people]
    assert all(" " not in family for _given, family, _email in people), "a double given name stays given"

    # "Heinz Dieter Bender" has a German double first name; "Elif auch Schlauchin", "Ronald Dussen van",
    # "Aziz Jacobi Jäckel" and "Koch II" are Faker's list, not names.
    spaced = [last for last in GermanNames.last_names if " " in last]
    assert spaced, "Faker's list still holds such entries, so the test checks something"
    assert not [name for name in names if any(name.endswith(" " + last) for last in spaced)]
    assert not {name.rsplit(" ", 1)[1] for name in names} & OLD_FEMININE_SURNAMES
