"""Guideline rules matched against a post's text: case-insensitive, on word boundaries, umlauts and
their transliterations alike ("Bär" = "Baer", "Straße" = "Strasse").

The pattern is turned into a regular expression of literal pieces (no user-written regex), so matching
one rule is linear in the text; an organization has at most ``MAX_RULES`` rules.
"""

from __future__ import annotations

import functools

import regex

# Each spelling of a letter a rule may be written with, in the folded form of the pattern.
_ALTERNATIVES = {
    "ae": "(?:ae|ä|a\u0308)",
    "oe": "(?:oe|ö|o\u0308)",
    "ue": "(?:ue|ü|u\u0308)",
    "ss": "(?:ss|ß)",
}
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _folded(pattern: str) -> str:
    return " ".join(pattern.casefold().translate(_FOLD).split())


@functools.lru_cache(maxsize=2048)
def compiled(pattern: str) -> regex.Pattern[str]:
    """The expression that finds ``pattern`` as whole words."""
    folded, pieces, position = _folded(pattern), [], 0
    while position < len(folded):
        pair = folded[position : position + 2]
        if pair in _ALTERNATIVES:
            pieces.append(_ALTERNATIVES[pair])
            position += 2
            continue
        character = folded[position]
        pieces.append(r"\s+" if character == " " else regex.escape(character))
        position += 1
    return regex.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)", regex.IGNORECASE | regex.V1)


def find(pattern: str, text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` appears in ``text`` as whole words (spans of ``text``)."""
    if not _folded(pattern):
        return []
    return [match.span() for match in compiled(pattern).finditer(text)]
