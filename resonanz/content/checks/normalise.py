"""Spellings of one name: case, umlauts written out (Müller = Mueller), ß = ss, accents dropped."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN = str.maketrans({"ß": "ss", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "’": "'"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def fold_variants(word: str) -> tuple[str, str]:
    """Two comparable forms: umlauts as ae/oe/ue, and umlauts as plain vowels (both without accents)."""
    lowered = word.casefold().translate(_PLAIN)
    return _strip_accents(lowered.translate(_UMLAUTS)), _strip_accents(lowered)


def folded_set(words: frozenset[str]) -> frozenset[str]:
    return frozenset(variant for word in words for variant in (word, *fold_variants(word)))
