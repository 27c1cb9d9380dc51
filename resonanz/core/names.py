"""Personal names: an academic title, a given name and a family name, or one display name.

``full_name`` stays the name lists and audit records show (“Dr. Katharina Wetzlar”); it is composed
from the parts when there are parts. A name given in one piece (an import, the CLI, the API) is
split once: leading titles (“Dr.”, “Prof. Dr.”, “Dipl.-Ing.”) become the title, the first remaining
word the given name and the rest the family name (“van Dussen” stays together). A single word stays
a display name without parts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# One title word: an abbreviation with a full stop (“Dr.”, “Prof.”, “Dipl.-Ing.”, “rer.”, “nat.”,
# “h.c.”), or one of the few written without (“PD”).
_TITLE_WORD = re.compile(
    r"(?:(?:prof|dr|dipl|mag|ing|med|dent|vet|rer|nat|pol|oec|phil|jur|theol|habil|sc|h\.\s?c|em|apl|"
    r"univ|doz|dipl\.-[a-zäöü]+|dr\.-[a-zäöü]+|ing\.)\.(?:-[a-zäöü]+\.?)?|pd|mba|m\.\s?a\.|b\.\s?a\.|"
    r"m\.\s?sc\.|b\.\s?sc\.|ll\.\s?m\.)",
    re.IGNORECASE,
)


class PersonName(NamedTuple):
    title: str
    given_name: str
    family_name: str


def split_name(text: str) -> PersonName:
    """The parts of a name written in one piece; a single word gives no parts (a display name)."""
    words = text.split()
    titles: list[str] = []
    while len(words) > 1 and _TITLE_WORD.fullmatch(words[0]):
        titles.append(words.pop(0))
    if len(words) < 2:
        return PersonName(" ".join(titles), "", "")
    return PersonName(" ".join(titles), words[0], " ".join(words[1:]))


def compose(title: str, given_name: str, family_name: str) -> str:
    """“Dr. Katharina Wetzlar” from its parts, single spaces."""
    return " ".join(" ".join(part.split()) for part in (title, given_name, family_name) if part.strip())


def chosen_name(title: str, given_name: str, family_name: str, display_name: str) -> tuple[PersonName, str]:
    """The parts and the name shown, from what a person typed: parts win; else one display name."""
    parts = PersonName(*(" ".join(part.split()) for part in (title, given_name, family_name)))
    if parts.given_name or parts.family_name:
        return parts, compose(*parts)
    return PersonName("", "", ""), " ".join(display_name.split())
