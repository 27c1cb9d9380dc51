"""One version's matrix as plain cell values, the common ground of the XLSX, CSV and PDF exports.

Everything is read in a fixed number of queries, however many rows there are; recurrence
descriptions are computed once per distinct rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from resonanz.core.roles import Role
from resonanz.plan import row_fields
from resonanz.plan.models import Direction, PlanRow, PlanVersion, WhenKind
from resonanz.plan.names import version_names
from resonanz.plan.recurrence import describe
from resonanz.plan.transfer.columns import COLUMNS

LIST_SEPARATOR = "; "


def trigger_prefix() -> str:
    """What the “When” column puts before a trigger (“Anlass: …”); the import reads it back."""
    return _("Trigger")


def when_words(values: dict[str, Any], language: str, cache: dict[str, str]) -> str:
    """The “When” column: the recurrence in words, “once” for a fixed date, or the trigger."""
    kind, rule = values["when_kind"], values["rrule"]
    if kind == WhenKind.RECURRENCE and rule:
        if rule not in cache:
            cache[rule] = describe(rule, language)
        return cache[rule]
    if kind == WhenKind.FIXED:
        return _("once")
    if kind == WhenKind.TRIGGER and values["trigger"]:
        return f"{trigger_prefix()}: {values['trigger']}"
    return ""


@dataclass
class ExportRow:
    """A row's cells by column key. Dates and times stay objects; everything else is text."""

    when_kind: str
    cells: dict[str, Any]


ROW_VALUES = ("pk", *row_fields.COLUMNS)


def _linked(version: PlanVersion, relation: str, names: dict[int, str]) -> dict[int, list[str]]:
    """``{row id: [names, sorted]}`` for one many-to-many relation of the version's rows, in one query."""
    through = getattr(PlanRow, relation).through
    target = f"{getattr(PlanRow, relation).field.m2m_reverse_field_name()}_id"
    found: dict[int, list[str]] = defaultdict(list)
    for row_id, target_id in through.objects.filter(planrow__version=version).values_list(
        "planrow_id", target
    ):
        if target_id in names:
            found[row_id].append(names[target_id])
    return {row_id: sorted(listed) for row_id, listed in found.items()}


def export_rows(version: PlanVersion) -> list[ExportRow]:
    """Every row of ``version`` in matrix order, in the active language.

    The names are those the version shows (``resonanz.plan.names``): as approved, or as they are
    now. A fixed number of queries whatever the size: the names, the rows with their single
    answers, then the audiences, the channels and the senders. Plain values instead of model
    instances keep 2,000 rows well under a second (the model layer costs about a millisecond a row).
    """
    language = get_language() or "de"
    cache: dict[str, str] = {}
    role_labels = {role.value: str(role.label) for role in Role}
    directions = {choice.value: str(choice.label) for choice in Direction}
    names = version_names(version)
    audiences = _linked(version, "audiences", names.audience)
    channels = _linked(version, "channels", names.channel)
    senders = _linked(version, "senders", names.member)
    rows = PlanRow.objects.filter(version=version).order_by("position", "pk").values(*ROW_VALUES)
    result = []
    for number, values in enumerate(rows, start=1):
        kind = values["when_kind"]
        trigger = kind == WhenKind.TRIGGER
        cells: dict[str, Any] = {
            "number": number,
            "topic": names.of("topic", values["topic_id"]) or "",
            "description": values["description"],
            "key_messages": values["key_messages"],
            "when": when_words(values, language, cache),
            "rrule": values["rrule"] if kind == WhenKind.RECURRENCE else "",
            "start_date": values["start_date"] if not trigger else None,
            "start_time": values["start_time"] if not trigger else None,
            "trigger": values["trigger"] if trigger else "",
            "audiences": LIST_SEPARATOR.join(audiences.get(values["pk"], ())),
            "channels": LIST_SEPARATOR.join(channels.get(values["pk"], ())),
            "format": values["format"],
            "languages": ", ".join(values["languages"] or ()),
            "sender_roles": LIST_SEPARATOR.join(
                role_labels.get(role, role) for role in values["sender_roles"] or ()
            ),
            "senders": LIST_SEPARATOR.join(senders.get(values["pk"], ())),
            "owner": names.of("member", values["owner_id"]) or "",
            "approver": names.of("member", values["approver_id"]) or "",
            "direction": directions.get(values["direction"], values["direction"]),
            "quality_objective": values["quality_objective"],
            "notes": values["notes"],
        }
        result.append(ExportRow(kind, cells))
    return result


def headers() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def date_text(value: dt.date | None, language: str) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if language.startswith("de") else value.isoformat()


def time_text(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def text_cells(row: ExportRow, language: str) -> list[str]:
    """The row as text only, for CSV: dates as the language writes them (06.01.2026 or 2026-01-06)."""
    values = []
    for column in COLUMNS:
        value = row.cells[column.key]
        if column.key == "start_date":
            values.append(date_text(value, language))
        elif column.key == "start_time":
            values.append(time_text(value))
        else:
            values.append("" if value is None else str(value))
    return values
