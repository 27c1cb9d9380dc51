"""XLSX and CSV exports of one version of the plan.

The XLSX is a filterable table (a styled header row with filters, frozen panes, column widths, banded
rows, a second sheet with the document control data), written by XlsxWriter row by row in its
constant-memory mode, so a sheet of any length needs the memory of one row; the CSV is UTF-8 with a
byte order mark and semicolons, which is what a German Excel opens without an import dialogue.
Both are written from ``table.export_rows``, so they hold the same values, and both read back
through the import (which reads with openpyxl).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from resonanz.core import csv_export
from resonanz.plan.models import CommunicationPlan, PlanVersion
from resonanz.plan.names import version_names
from resonanz.plan.transfer.columns import COLUMNS
from resonanz.plan.transfer.table import ExportRow, export_rows, headers, text_cells

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def export_filename(version: PlanVersion, extension: str) -> str:
    """``KP-01-v3.xlsx``: the identifier with anything unusual in a file name replaced."""
    identifier = _UNSAFE_FILENAME.sub("-", version.plan.identifier).strip("-") or "plan"
    return f"{identifier}-v{version.number}.{extension}"


def template_filename(plan: CommunicationPlan) -> str:
    """``KP-01-Importvorlage.xlsx``: the plan's identifier and the word in the reader's language."""
    identifier = _UNSAFE_FILENAME.sub("-", plan.identifier).strip("-") or "plan"
    # A file name, so only the characters every system takes: "Importvorlage", not "Import-Vorlage für …".
    word = _UNSAFE_FILENAME.sub("-", _("import-template")).strip("-") or "import-template"
    return f"{identifier}-{word}.xlsx"


def csv_bytes(version: PlanVersion, rows: list[ExportRow] | None = None) -> bytes:
    language = get_language() or "de"
    return csv_export.csv_bytes(
        headers(), (text_cells(row, language) for row in (rows if rows is not None else export_rows(version)))
    )


# Characters XML 1.0 cannot hold; a spreadsheet shows nothing for them, so they are dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
KEYS = [column.key for column in COLUMNS]


def _workbook(buffer: io.BytesIO) -> Workbook:
    # constant_memory: each row is written out when the next one starts, so memory does not grow
    # with the rows. Rows must then be written in order, and once.
    return Workbook(buffer, {"constant_memory": True})


def _text(sheet: Worksheet, row: int, column: int, value: str, style: Format | None = None) -> None:
    """A text cell: never a formula or a number, whatever the text starts with."""
    sheet.write_string(row, column, _ILLEGAL_XML.sub("", value), style)


def _document_sheet(workbook: Workbook, version: PlanVersion) -> None:
    """A second sheet with the document control data, for whoever reads the table on its own."""
    sheet = workbook.add_worksheet(_sheet_name(_("Document")))
    zone = version.plan.organization.zone
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})

    def when(value: dt.datetime | None) -> str:
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value is not None else ""

    plan = version.plan
    lines: list[tuple[str, str]] = [
        (_("Organization"), plan.organization.name),
        (_("Identifier"), plan.identifier),
        (_("Title"), version_names(version).title),
        (_("Version"), str(version.number)),
        (_("Status"), str(version.get_status_display())),
        (_("Author"), version.author_name),
        (_("Reviewer"), version.reviewer_name),
        (_("Approver"), version.approver_name),
        (_("Created"), when(version.created_at)),
        (_("Submitted for review"), when(version.submitted_at)),
        (_("Approved"), when(version.approved_at)),
        (_("Published"), when(version.published_at)),
        (_("Superseded"), when(version.superseded_at)),
        (_("Reason for the change"), version.change_reason),
        (_("Exported"), when(timezone.now())),
    ]
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 70)
    for line, (label, value) in enumerate(lines):
        _text(sheet, line, 0, str(label), bold)
        _text(sheet, line, 1, value, wrapped)


def _sheet_name(name: str) -> str:
    """A sheet name as Excel allows it: 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]


def _header(workbook: Workbook, sheet: Worksheet, style: dict[str, Any]) -> None:
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", **style})
    for index, (column, label) in enumerate(zip(COLUMNS, headers(), strict=True)):
        sheet.set_column(index, index, column.width)
        _text(sheet, 0, index, label, header)


def xlsx_bytes(version: PlanVersion, rows: list[ExportRow] | None = None) -> bytes:
    """The matrix as a filterable table with typed dates and times, one row after the other."""
    rows = rows if rows is not None else export_rows(version)
    language = get_language() or "de"
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    sheet = workbook.add_worksheet(_sheet_name(_("Communication plan")))
    sheet.freeze_panes(1, 2)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    _header(workbook, sheet, {"font_color": "#FFFFFF", "bg_color": "#1F4E79"})
    date_style = workbook.add_format(
        {"num_format": "DD.MM.YYYY" if language.startswith("de") else "YYYY-MM-DD"}
    )
    time_style = workbook.add_format({"num_format": "HH:MM"})
    for line, row in enumerate(rows, start=1):
        for index, key in enumerate(KEYS):
            value = row.cells[key]
            if value is None or value == "":
                continue
            if isinstance(value, dt.time):
                sheet.write_datetime(line, index, value, time_style)
            elif isinstance(value, dt.date):
                sheet.write_datetime(line, index, value, date_style)
            elif isinstance(value, int):
                sheet.write_number(line, index, value)
            else:
                _text(sheet, line, index, str(value))
    last_row, last_column = max(len(rows), 1), len(KEYS) - 1
    sheet.autofilter(0, 0, last_row, last_column)
    # Banded rows, as an Excel table would show them (XlsxWriter writes no tables row by row).
    band = workbook.add_format({"bg_color": "#DDEBF7"})
    sheet.conditional_format(
        1, 0, last_row, last_column, {"type": "formula", "criteria": "=MOD(ROW(),2)=1", "format": band}
    )
    _document_sheet(workbook, version)
    workbook.close()
    return buffer.getvalue()


def template_xlsx_bytes() -> bytes:
    """An empty matrix with every column the import knows, and a sheet of notes on filling it in."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    sheet = workbook.add_worksheet(_sheet_name(_("Communication plan")))
    sheet.freeze_panes(1, 0)
    _header(workbook, sheet, {})
    notes = workbook.add_worksheet(_sheet_name(_("Notes")))
    notes.set_column(0, 0, 28)
    notes.set_column(1, 1, 90)
    lines = [
        (_("Column"), _("What to write")),
        (
            _("When"),
            _(
                "A rule in words as resonanz writes it (“every second Tuesday”), an RRULE, a date, "
                "“once” with a start date, or “Trigger: …”."
            ),
        ),
        (_("Start date"), _("31.12.2026 or 2026-12-31. Recurrences start on this day.")),
        (_("Time"), _("09:30")),
        (_("Lists"), _("Audiences, channels, senders and languages: separate several with semicolons.")),
        (
            _("Names"),
            _(
                "Topics, audiences and channels must exist in resonanz (reference data) with the same "
                "name. People are members of the organization, by name or e-mail address."
            ),
        ),
        (_("Sender roles"), _("Role names such as “Communications manager” or “Ambassador”.")),
        (_("Internal/external"), _("internal, external or both")),
    ]
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    for line, (label, text) in enumerate(lines):
        _text(notes, line, 0, str(label), bold)
        _text(notes, line, 1, str(text), wrapped)
    workbook.close()
    return buffer.getvalue()
