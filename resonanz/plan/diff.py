"""Differences between two versions of a plan: rows paired by ``row_key``, compared field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resonanz.plan.matrix_rows import MatrixRow, load_rows
from resonanz.plan.models import PlanVersion
from resonanz.plan.row_fields import FIELD_NAMES, ROW_FIELDS, Kind, RowField

# Fields compared, in the order of the five questions. Relations appear as (sorted) names.
COMPARED_FIELDS = FIELD_NAMES
# The document header of a version, compared before the rows.
HEADER_FIELDS = ("purpose", "scope")


def _plain(spec: RowField, value: Any) -> Any:
    if spec.kind == Kind.REFERENCE:
        return value.name if value is not None else None
    if spec.kind == Kind.REFERENCES:
        return sorted(item.name for item in value)
    if spec.kind == Kind.DATE:
        return value.isoformat() if value else None
    if spec.kind == Kind.TIME:
        return value.isoformat(timespec="minutes") if value else None
    if spec.kind == Kind.CODES:
        return list(value)
    return value


def row_values(row: MatrixRow) -> dict[str, Any]:
    """The row's answers as plain values (names for relations), for diffs and audit records.

    The names are those of the row's version (``matrix_rows.load_rows``): as approved, or as now.
    """
    return {spec.name: _plain(spec, getattr(row, spec.name)) for spec in ROW_FIELDS}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class RowDiff:
    """One row's fate between two versions: ``added``, ``removed`` or ``changed``."""

    row_key: str
    status: str
    old: MatrixRow | None
    new: MatrixRow | None
    changes: list[FieldChange] = field(default_factory=list)
    old_position: int | None = None
    new_position: int | None = None


@dataclass
class VersionDiff:
    old: PlanVersion
    new: PlanVersion
    rows: list[RowDiff]
    header: list[FieldChange] = field(default_factory=list)

    @property
    def added(self) -> list[RowDiff]:
        return [row for row in self.rows if row.status == "added"]

    @property
    def removed(self) -> list[RowDiff]:
        return [row for row in self.rows if row.status == "removed"]

    @property
    def changed(self) -> list[RowDiff]:
        return [row for row in self.rows if row.status == "changed"]

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.header


def diff_versions(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    """Compare two versions of the same plan (in either order). Unchanged rows are left out.

    A row that only moved to another place in the matrix is not a change of content and is left out;
    the positions of changed rows are given for orientation.
    """
    if old.plan_id != new.plan_id:
        raise ValueError("versions of different plans cannot be compared")
    # Each side with the names it shows: a renamed topic is a change from the published version.
    old_rows = load_rows(old)
    new_rows = load_rows(new)
    old_index = {row.row_key: (number, row) for number, row in enumerate(old_rows, start=1)}
    new_index = {row.row_key: (number, row) for number, row in enumerate(new_rows, start=1)}
    result: list[RowDiff] = []
    for number, row in enumerate(new_rows, start=1):
        if row.row_key not in old_index:
            result.append(RowDiff(str(row.row_key), "added", None, row, new_position=number))
            continue
        old_number, old_row = old_index[row.row_key]
        before, after = row_values(old_row), row_values(row)
        changes = [
            FieldChange(name, before[name], after[name])
            for name in COMPARED_FIELDS
            if before[name] != after[name]
        ]
        if changes:
            result.append(
                RowDiff(
                    str(row.row_key),
                    "changed",
                    old_row,
                    row,
                    changes,
                    old_position=old_number,
                    new_position=number,
                )
            )
    for number, row in enumerate(old_rows, start=1):
        if row.row_key not in new_index:
            result.append(RowDiff(str(row.row_key), "removed", row, None, old_position=number))
    header = [
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in HEADER_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    return VersionDiff(old, new, result, header)
