"""The columns of an exported matrix, which are also the fields an imported spreadsheet maps onto.

Headers are translated; the import recognises them in German and English whatever language is active,
plus the usual names people give these columns in their own matrices (the ``aliases``). Aliases are
data for matching, not interface text, so they are written out here in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from resonanz.core.imports import columns as import_columns


@dataclass(frozen=True)
class Column(import_columns.Column):
    width: int = 20  # in characters, for the XLSX export


COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        _("No."),
        ("nr", "lfd nr", "laufende nummer", "no", "number", "#"),
        importable=False,
        width=6,
    ),
    Column(
        "topic",
        _("What: topic"),
        ("thema", "themen", "was", "topic", "what", "inhalt", "themenfeld"),
        width=26,
    ),
    Column(
        "description",
        _("Description"),
        ("beschreibung", "massnahme", "kommunikationsmassnahme", "titel", "description", "measure", "title"),
        width=40,
    ),
    Column(
        "key_messages",
        _("Key messages"),
        ("kernbotschaft", "kernbotschaften", "botschaft", "botschaften", "key message", "key messages"),
        width=36,
    ),
    Column(
        "when",
        _("When"),
        ("wann", "zeitpunkt", "haeufigkeit", "frequenz", "turnus", "rhythmus", "when", "frequency", "timing"),
        width=30,
    ),
    Column(
        "rrule",
        _("Recurrence rule (RRULE)"),
        ("rrule", "regel", "wiederholungsregel", "wiederholung", "recurrence", "recurrence rule"),
        width=30,
    ),
    Column("start_date", _("Start date"), ("beginn", "start", "startdatum", "datum", "ab", "date"), width=12),
    Column("start_time", _("Time"), ("uhrzeit", "zeit", "time"), width=8),
    Column("trigger", _("Trigger"), ("ausloeser", "anlass", "ereignis", "trigger", "event"), width=30),
    Column(
        "audiences",
        _("With whom: audiences"),
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
        width=28,
    ),
    Column(
        "channels",
        _("How: channels"),
        ("kanal", "kanaele", "medium", "medien", "wie", "channel", "channels", "how", "media"),
        width=28,
    ),
    Column("format", _("Format"), ("format", "form"), width=20),
    Column("languages", _("Languages"), ("sprache", "sprachen", "language", "languages"), width=10),
    Column(
        "sender_roles",
        _("Who: sender roles"),
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
        width=26,
    ),
    Column(
        "senders",
        _("Who: senders"),
        ("absender personen", "absender", "wer", "kommuniziert", "sender", "senders", "who", "communicator"),
        width=26,
    ),
    Column(
        "owner",
        _("Responsible"),
        ("verantwortlich", "verantwortliche", "verantwortlicher", "zustaendig", "owner", "responsible"),
        width=22,
    ),
    Column(
        "approver",
        _("Approver"),
        ("freigabe", "freigabe durch", "freigeber", "genehmigt durch", "approver", "approved by", "approval"),
        width=22,
    ),
    Column(
        "direction",
        _("Internal/external"),
        ("intern extern", "intern oder extern", "richtung", "direction", "internal external"),
        width=14,
    ),
    Column(
        "quality_objective", _("Quality objective"), ("qualitaetsziel", "quality objective", "ziel"), width=22
    ),
    Column(
        "notes",
        _("Notes"),
        ("notiz", "notizen", "anmerkung", "anmerkungen", "bemerkung", "bemerkungen", "hinweise", "notes"),
        width=30,
    ),
)
COLUMN_SET = import_columns.ColumnSet(COLUMNS)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
IMPORT_FIELDS = COLUMN_SET.import_fields


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """The plan field each header most likely holds (see ``ColumnSet.suggest_mapping``)."""
    return COLUMN_SET.suggest_mapping(headers)
