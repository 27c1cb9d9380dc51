"""The organization dashboard's tables as CSV (``core.csv_export``) and XLSX (one sheet per table): the
clicks, and the shares and their estimated reach where the table counts shares (empty cells where not)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from resonanz.core.csv_export import CSV_CONTENT_TYPE, Cell, csv_chunks
from resonanz.reach.dashboards import Dashboard, Row, Table
from resonanz.reach.periods import Period

__all__ = [
    "CSV_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "csv_chunks_of",
    "figure_columns",
    "figures",
    "file_name",
    "with_series",
    "xlsx_bytes",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def with_series(dashboard: Dashboard) -> list[Table]:
    """The dashboard's tables, the days of the period first (as the table of the chart over time)."""
    days = [
        Row(
            point.day.isoformat(),
            point.clicks,
            point.visitors,
            point.bot_hits,
            point.hidden,
            shares=point.shares,
            shares_with_followers=point.shares_with_followers,
            estimated_reach=point.estimated_reach,
            shares_hidden=point.shares_hidden,
        )
        for point in dashboard.series
    ]
    with_shares = any(point.shares is not None for point in dashboard.series)
    return [Table("days", _("By day"), days, with_shares=with_shares), *dashboard.tables]


def file_name(period: Period, extension: str) -> str:
    return f"{_('reach')}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{extension}"


def figure_columns() -> list[str]:
    """The headings of a row's figures, in the order of ``figures``: the one list of columns that the
    CSV, the XLSX and the PDF report (``reach.report``) show."""
    return [_("Clicks"), _("Visitors"), _("Bot and preview hits")]


def figures(row: Row) -> list[int]:
    """A row's figures under ``figure_columns`` (a hidden row's are zero and are not shown)."""
    return [row.clicks, row.visitors, row.bot_hits]


def _header() -> list[str]:
    return [_("Table"), _("Name"), *figure_columns(), _("Shared posts"), _("Estimated reach")]


def _cells(table: Table, row: Row) -> list[Cell]:
    hidden = _("hidden (minimum group size)")
    clicks: list[Cell] = [hidden for _figure in figure_columns()] if row.hidden else [*figures(row)]
    shares: list[Cell] = [None, None]  # a table that does not count shares: empty cells
    if row.shares_hidden:
        shares = [hidden, hidden]
    elif table.with_shares and row.shares is not None and row.estimated_reach is not None:
        shares = [row.shares, row.estimated_reach]
    return [table.title, row.label, *clicks, *shares]


def csv_chunks_of(tables: list[Table]) -> Iterator[str]:
    return csv_chunks(_header(), (_cells(table, row) for table in tables for row in table.rows))


def xlsx_bytes(tables: list[Table]) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"constant_memory": True})
    bold = workbook.add_format({"bold": True})
    used: set[str] = set()
    for table in tables:
        name = _SHEET_FORBIDDEN.sub(" ", table.title)[:31] or table.slug
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        sheet = workbook.add_worksheet(name)
        for column, text in enumerate(_header()[1:]):
            sheet.write_string(0, column, text, bold)
        for line, row in enumerate(table.rows, start=1):
            cells = _cells(table, row)[1:]
            for column, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell, int):
                    sheet.write_number(line, column, cell)
                else:
                    sheet.write_string(line, column, _ILLEGAL_XML.sub("", str(cell)))
    workbook.close()
    return buffer.getvalue()
