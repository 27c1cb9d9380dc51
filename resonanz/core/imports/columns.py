"""The columns a kind of import knows, and the suggestion which column of a file holds which field.

A kind declares its columns once: a key, a translated label, aliases (the usual names people give the
column in their own spreadsheets, in German and English: data for matching, not interface text) and
whether the import needs it. Headers are recognised in German and English whatever language is active.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import override
from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Column:
    key: str
    label: StrPromise
    aliases: tuple[str, ...] = ()
    required: bool = False
    importable: bool = True


_SPACES = re.compile(r"[^a-z0-9#]+")
_PARENTHESES = re.compile(r"\(.*?\)")


def normalize_header(text: str) -> str:
    """Lower case, umlauts spelt out, punctuation as spaces: “Mit wem: Zielgruppen” → “mit wem zielgruppen”"""
    lowered = text.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", plain).strip()


class ColumnSet:
    """The columns of one kind of import, by key, with the header names each is recognised by."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.columns = columns
        self.by_key = {column.key: column for column in columns}
        self.import_fields = tuple(column.key for column in columns if column.importable)
        self.required = tuple(column.key for column in columns if column.importable and column.required)

    def label(self, key: str) -> str:
        return str(self.by_key[key].label)

    @cached_property
    def known_headers(self) -> tuple[dict[str, str], dict[str, str]]:
        """(exact names, names without their parenthesised part) → field, in both languages."""
        exact: dict[str, str] = {}
        loose: dict[str, str] = {}
        for column in self.columns:
            if not column.importable:
                continue
            names = list(column.aliases)
            for language in ("de", "en"):
                with override(language):
                    names.append(str(column.label))
            for name in names:
                exact.setdefault(normalize_header(name), column.key)
                bare = normalize_header(_PARENTHESES.sub(" ", name))
                if bare:
                    loose.setdefault(bare, column.key)
        return exact, loose

    def suggest_mapping(self, headers: list[str]) -> dict[str, int]:
        """The field each header most likely holds, as ``{field: column index}``; each used at most once.

        Exact names win over names whose parenthesised part was dropped (“Absender (Rollen)”), which win
        over the part after a colon (“Mit wem: Zielgruppen”); an earlier column wins over a later one.
        """
        exact, loose = self.known_headers
        mapping: dict[str, int] = {}
        passes = (
            (exact, [normalize_header(header) for header in headers]),
            (loose, [normalize_header(_PARENTHESES.sub(" ", header)) for header in headers]),
            (exact, [normalize_header(header.rpartition(":")[2]) for header in headers]),
        )
        for table, names in passes:
            for index, name in enumerate(names):
                key = table.get(name)
                if key is not None and key not in mapping and index not in mapping.values():
                    mapping[key] = index
        return mapping
