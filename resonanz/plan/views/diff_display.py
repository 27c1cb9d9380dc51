"""The diff of two versions in words: field labels, readable values, what was added, removed or changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resonanz.core.roles import Role
from resonanz.plan.diff import COMPARED_FIELDS, VersionDiff, row_values
from resonanz.plan.matrix_rows import MatrixRow
from resonanz.plan.models import Direction, PlanRow, PlanVersion, WhenKind
from resonanz.plan.recurrence import describe

STATUS_LABELS = {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}
STATUS_ICONS = {"added": "plus", "removed": "minus", "changed": "pen"}
ROLE_LABELS = dict(Role.choices)
EMPTY = "—"


def field_label(name: str) -> str:
    label = str(getattr(PlanRow._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def display(name: str, value: Any) -> str:
    """A compared value as a reader sees it ("jeden zweiten Dienstag", "extern", "Newsletter, Intranet")."""
    if value in (None, "", []):
        return EMPTY
    if name == "when_kind":
        return str(WhenKind(value).label)
    if name == "direction":
        return str(Direction(value).label)
    if name == "rrule":
        return describe(value, get_language() or "de")
    if name == "start_date":
        return str(formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT"))
    if name == "sender_roles":
        return ", ".join(str(ROLE_LABELS.get(role, role)) for role in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class FieldLine:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    status: str
    status_label: str
    icon: str
    title: str
    old_position: int | None
    new_position: int | None
    lines: list[FieldLine]


def _title(row: MatrixRow | None) -> str:
    if row is None:
        return EMPTY
    topic = row.topic.name if row.topic is not None else ""
    text = row.description[:80]
    return " · ".join(part for part in (topic, text) if part) or EMPTY


def _all_lines(row: MatrixRow, side: str) -> list[FieldLine]:
    values = row_values(row)
    lines = []
    for name in COMPARED_FIELDS:
        shown = display(name, values[name])
        if shown == EMPTY:
            continue
        lines.append(
            FieldLine(field_label(name), shown if side == "old" else "", shown if side == "new" else "")
        )
    return lines


def changed_line(name: str, old: Any, new: Any) -> FieldLine:
    shown_old, shown_new = display(name, old), display(name, new)
    if shown_old == shown_new:
        # Two rules outside the known patterns can read alike (“monatlich, nach eigener Regel”).
        shown_new = str(_("%(value)s (changed in detail)") % {"value": shown_new})
    return FieldLine(field_label(name), shown_old, shown_new)


def describe_diff(diff: VersionDiff) -> dict[str, Any]:
    changes: list[RowChange] = []
    for row in diff.rows:
        if row.status == "changed":
            lines = [changed_line(change.field, change.old, change.new) for change in row.changes]
            subject = row.new
        elif row.status == "added":
            assert row.new is not None
            lines, subject = _all_lines(row.new, "new"), row.new
        else:
            assert row.old is not None
            lines, subject = _all_lines(row.old, "old"), row.old
        changes.append(
            RowChange(
                status=row.status,
                status_label=str(STATUS_LABELS[row.status]),
                icon=STATUS_ICONS[row.status],
                title=_title(subject),
                old_position=row.old_position,
                new_position=row.new_position,
                lines=lines,
            )
        )
    header = [
        FieldLine(
            str(
                getattr(PlanVersion._meta.get_field(change.field), "verbose_name", change.field)
            ).capitalize(),
            change.old or EMPTY,
            change.new or EMPTY,
        )
        for change in diff.header
    ]
    return {
        "header": header,
        "changes": changes,
        "added": len(diff.added),
        "removed": len(diff.removed),
        "changed": len(diff.changed),
    }
