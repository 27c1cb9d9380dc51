"""Postal addresses: a street with its house number, and the postcode and town when they follow.

German: "Lindenstraße 12", "Friedrich-Ebert-Str. 112a", "Am Markt 3", then ", 10969 Berlin". English:
"221B Baker Street", "12 Elm Road", then ", Leeds LS6 2AB" or ", Washington, DC 20500". A street needs
its number: "Hannover Messe, Halle 7" or "Technologiepark Nord" are not addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

_UPPER = "A-ZÄÖÜ"
_WORD = r"[\wäöüßÄÖÜ.'-]"
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-/]\d{1,4}[a-zA-Z]?)?(?![\w.,/-]?\d)(?!\s?[%€$])"
STREET_SUFFIXES = (
    "straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "chaussee",
    "steig", "pfad", "markt", "kai", "promenade", "stieg", "graben", "wall", "zeile", "twiete",
)  # fmt: skip
GERMAN_STREET = re.compile(rf"\b[{_UPPER}]{_WORD}{{1,50}}\s{{1,2}}(?P<number>{_HOUSE_NUMBER})")
GERMAN_PREFIX_STREET = re.compile(
    r"\b(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Hinter dem"
    r"|Vor dem|Alte|Alter|Neue|Neuer|Kleine|Große|Lange)"
    rf"\s[{_UPPER}][\wäöüß-]{{1,40}}\s(?P<number>{_HOUSE_NUMBER})"
)
GERMAN_TOWN = re.compile(
    rf"^,?\s{{1,3}}(?:D-)?\d{{5}}\s[{_UPPER}][\wäöüß.-]{{1,40}}"
    rf"(?:\s(?:am|an der|im|in der|bei|ob der|vor der)\s[{_UPPER}][\wäöüß.-]{{1,40}})?"
)
_EN_STREET_TYPES = (
    r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Boulevard|Blvd\.?|Way|Court|Ct\.?|Place|Pl\.?"
    r"|Square|Sq\.?|Terrace|Close|Crescent|Gardens|Grove|Row|Walk|Parkway|Mews|Hill"
)
ENGLISH_STREET = re.compile(
    rf"(?<![\w.,/-])\d{{1,5}}[A-Z]?\s(?:[A-Z][a-z]{{1,20}}\s){{1,3}}(?:{_EN_STREET_TYPES})\b(?:\s(?:NW|NE|SW|SE))?"
)
ENGLISH_TOWN = re.compile(
    r"^,\s{1,2}[A-Z][a-z]{1,25}(?:\s[A-Z][a-z]{1,25})?"
    r"(?:,?\s(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]{2}\s\d{5}(?:-\d{4})?))?"
)


def _with_town(text: str, start: int, end: int, town: re.Pattern[str]) -> Span:
    following = town.match(text[end : end + 120])
    return (start, end + following.end()) if following else (start, end)


def find_addresses(text: str) -> Iterator[Span]:
    for match in GERMAN_STREET.finditer(text):
        street = match.group()[: match.start("number") - match.start()].rstrip()
        lowered = street.casefold()
        if any(lowered.endswith(suffix) and len(lowered) > len(suffix) for suffix in STREET_SUFFIXES):
            yield _with_town(text, match.start(), match.end("number"), GERMAN_TOWN)
    for match in GERMAN_PREFIX_STREET.finditer(text):
        yield _with_town(text, match.start(), match.end("number"), GERMAN_TOWN)
    for match in ENGLISH_STREET.finditer(text):
        yield _with_town(text, match.start(), match.end(), ENGLISH_TOWN)
