"""The dry run's vocabulary: row-level problems in the member's language, a capped list, counts.

Errors stop an import (nothing is written while one remains); warnings do not. ``SheetChecker`` walks
a sheet row by row and hands each row to the kind's ``check_row``; the findings name the line and the
column as the member sees them in their file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from resonanz.core.imports.columns import ColumnSet
from resonanz.core.imports.reading import Cell, Sheet

ERROR, WARNING = "error", "warning"
MAX_LISTED_PROBLEMS = 500
_LIST_SPLIT = re.compile(r"[;\n|]+")


@dataclass
class Problem:
    line: int
    column: str
    value: str
    message: str
    level: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class CheckedRow:
    line: int
    values: dict[str, Any]


@dataclass
class CheckResult:
    """What a dry run found: the rows that can be written, the problems (at most
    ``MAX_LISTED_PROBLEMS`` listed, all counted), and a kind's own figures in ``summary``."""

    rows: list[CheckedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    error_lines: set[int] = field(default_factory=set)
    summary: dict[str, Any] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        if problem.level == ERROR:
            self.error_count += 1
            self.error_lines.add(problem.line)
        else:
            self.warning_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)

    @property
    def valid_rows(self) -> int:
        return len(self.rows)


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without “.0”, dates as ISO, surrounding space removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    text = str(value).replace("\x00", "").strip()
    # An apostrophe kept a spreadsheet from reading the text as a formula (see core.csv_export.defuse).
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def split_list(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


class SheetChecker:
    """Checks one sheet row by row; a kind's checker implements ``check_row`` (and may add to the
    result once all rows are seen, in ``finish``)."""

    columns: ColumnSet

    def __init__(self, sheet: Sheet, mapping: dict[str, int]) -> None:
        self.sheet = sheet
        self.mapping = mapping

    def column_name(self, key: str) -> str:
        """The column's header in the member's file, or the field's label when no column holds it."""
        index = self.mapping.get(key)
        if index is not None and index < len(self.sheet.headers):
            return self.sheet.headers[index]
        return self.columns.label(key)

    def cell(self, cells: list[Cell], key: str) -> Cell:
        index = self.mapping.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def check(self, progress: Callable[[int], None] | None = None) -> CheckResult:
        result = CheckResult()
        for number, (line, cells) in enumerate(self.sheet.rows, start=1):
            values = self.check_row(line, cells, result)
            if values is not None:
                result.rows.append(CheckedRow(line, values))
            if progress is not None and number % 100 == 0:
                progress(number)
        self.finish(result)
        return result

    def check_row(self, line: int, cells: list[Cell], result: CheckResult) -> dict[str, Any] | None:
        raise NotImplementedError

    def finish(self, result: CheckResult) -> None:
        """Findings across rows (duplicates, people missing from the file); nothing by default."""
