"""The columns of an exported matrix, which are also the fields an imported spreadsheet maps onto.

Headers are translated; the import recognises them in German and English whatever language is active,
plus the usual names people give these columns in their own matrices (the ``aliases``). Aliases are
data for matching, not interface text, so they are written out here in both languages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Column:
    key: str
    label: StrPromise
    width: int  # in characters, for the XLSX export
    aliases: tuple[str, ...] = ()
    importable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("number", _("No."), 6, ("nr", "lfd nr", "laufende nummer", "no", "number", "#"), importable=False),
    Column(
        "topic", _("What: topic"), 26, ("thema", "themen", "was", "topic", "what", "inhalt", "themenfeld")
    ),
    Column(
        "description",
        _("Description"),
        40,
        ("beschreibung", "massnahme", "kommunikationsmassnahme", "titel", "description", "measure", "title"),
    ),
    Column(
        "key_messages",
        _("Key messages"),
        36,
        ("kernbotschaft", "kernbotschaften", "botschaft", "botschaften", "key message", "key messages"),
    ),
    Column(
        "when",
        _("When"),
        30,
        ("wann", "zeitpunkt", "haeufigkeit", "frequenz", "turnus", "rhythmus", "when", "frequency", "timing"),
    ),
    Column(
        "rrule",
        _("Recurrence rule (RRULE)"),
        30,
        ("rrule", "regel", "wiederholungsregel", "wiederholung", "recurrence", "recurrence rule"),
    ),
    Column("start_date", _("Start date"), 12, ("beginn", "start", "startdatum", "datum", "ab", "date")),
    Column("start_time", _("Time"), 8, ("uhrzeit", "zeit", "time")),
    Column("trigger", _("Trigger"), 30, ("ausloeser", "anlass", "ereignis", "trigger", "event")),
    Column(
        "audiences",
        _("With whom: audiences"),
        28,
        (
            "zielgruppe",
            "zielgruppen",
            "mit wem",
            "empfaenger",
            "interessierte parteien",
            "interessengruppen",
            "audience",
            "audiences",
            "with whom",
            "interested parties",
            "recipients",
        ),
    ),
    Column(
        "channels",
        _("How: channels"),
        28,
        ("kanal", "kanaele", "medium", "medien", "wie", "channel", "channels", "how", "media"),
    ),
    Column("format", _("Format"), 20, ("format", "form")),
    Column("languages", _("Languages"), 10, ("sprache", "sprachen", "language", "languages")),
    Column(
        "sender_roles",
        _("Who: sender roles"),
        26,
        (
            "absender rollen",
            "rolle",
            "rollen",
            "absenderrolle",
            "absenderrollen",
            "sender role",
            "sender roles",
            "roles",
        ),
    ),
    Column(
        "senders",
        _("Who: senders"),
        26,
        ("absender personen", "absender", "wer", "kommuniziert", "sender", "senders", "who", "communicator"),
    ),
    Column(
        "owner",
        _("Responsible"),
        22,
        ("verantwortlich", "verantwortliche", "verantwortlicher", "zustaendig", "owner", "responsible"),
    ),
    Column(
        "approver",
        _("Approver"),
        22,
        ("freigabe", "freigabe durch", "freigeber", "genehmigt durch", "approver", "approved by", "approval"),
    ),
    Column(
        "direction",
        _("Internal/external"),
        14,
        ("intern extern", "intern oder extern", "richtung", "direction", "internal external"),
    ),
    Column("quality_objective", _("Quality objective"), 22, ("qualitaetsziel", "quality objective", "ziel")),
    Column(
        "notes",
        _("Notes"),
        30,
        ("notiz", "notizen", "anmerkung", "anmerkungen", "bemerkung", "bemerkungen", "hinweise", "notes"),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
IMPORT_FIELDS = tuple(column.key for column in COLUMNS if column.importable)

_SPACES = re.compile(r"[^a-z0-9#]+")
_PARENTHESES = re.compile(r"\(.*?\)")


def normalize_header(text: str) -> str:
    """Lower case, umlauts spelt out, punctuation as spaces: “Mit wem: Zielgruppen” → “mit wem zielgruppen”"""
    lowered = text.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", plain).strip()


@lru_cache(maxsize=1)
def _known_headers() -> tuple[dict[str, str], dict[str, str]]:
    """(exact names, names without their parenthesised part) → field, in both languages."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for column in COLUMNS:
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


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """The field each header most likely holds, as ``{field: column index}``; each used at most once.

    Exact names win over names whose parenthesised part was dropped (“Absender (Rollen)”), which win
    over the part after a colon (“Mit wem: Zielgruppen”); an earlier column wins over a later one.
    """
    exact, loose = _known_headers()
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
