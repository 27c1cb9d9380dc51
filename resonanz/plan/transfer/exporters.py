"""XLSX and CSV exports of one version of the plan.

The XLSX is a real table (an Excel table with filters, a frozen header row, column widths, a second
sheet with the document control data); the CSV is UTF-8 with a byte order mark and semicolons, which
is what a German Excel opens without an import dialogue. Both are written from ``table.export_rows``,
so they hold the same values, and both read back through the import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from resonanz.plan.models import PlanVersion
from resonanz.plan.transfer.columns import COLUMNS
from resonanz.plan.transfer.table import ExportRow, export_rows, headers, text_cells

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# A spreadsheet program runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def export_filename(version: PlanVersion, extension: str) -> str:
    """``KP-01-v3.xlsx``: the identifier with anything unusual in a file name replaced."""
    identifier = _UNSAFE_FILENAME.sub("-", version.plan.identifier).strip("-") or "plan"
    return f"{identifier}-v{version.number}.{extension}"


def csv_safe(value: str) -> str:
    """Keep a spreadsheet program from running text as a formula: prefix an apostrophe (OWASP)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_bytes(version: PlanVersion, rows: list[ExportRow] | None = None) -> bytes:
    language = get_language() or "de"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows if rows is not None else export_rows(version):
        writer.writerow([csv_safe(value) for value in text_cells(row, language)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text_cell(sheet: Worksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _document_sheet(workbook: Workbook, version: PlanVersion) -> None:
    """A second sheet with the document control data, for whoever reads the table on its own."""
    sheet = workbook.create_sheet(_("Document"))
    zone = version.plan.organization.zone
    bold = Font(bold=True)

    def when(value: dt.datetime | None) -> str:
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value is not None else ""

    plan = version.plan
    lines: list[tuple[str, str]] = [
        (_("Organization"), plan.organization.name),
        (_("Identifier"), plan.identifier),
        (_("Title"), plan.title),
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
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
    for label, value in lines:
        label_cell = WriteOnlyCell(sheet, value=label)
        label_cell.font = bold
        sheet.append([label_cell, _text_cell(sheet, value)])


def xlsx_bytes(version: PlanVersion, rows: list[ExportRow] | None = None) -> bytes:
    """The matrix as an Excel table, written in streaming mode (2,000 rows in a fraction of a second)."""
    rows = rows if rows is not None else export_rows(version)
    language = get_language() or "de"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Communication plan"))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    header_alignment = Alignment(vertical="top", wrap_text=True)
    header_cells = []
    labels = headers()
    for label in labels:
        cell = _text_cell(sheet, label)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
        header_cells.append(cell)
    sheet.append(header_cells)

    # One sample row gets the date and time styles registered; the real rows replace it below.
    date_cell = WriteOnlyCell(sheet, value=dt.date(2000, 1, 1))
    date_cell.number_format = "DD.MM.YYYY" if language.startswith("de") else "YYYY-MM-DD"
    time_cell = WriteOnlyCell(sheet, value=dt.time(0, 0))
    time_cell.number_format = "HH:MM"
    sheet.append(
        [date_cell if key == "start_date" else time_cell if key == "start_time" else None for key in KEYS]
    )

    # An Excel table needs a data row, so an empty version gets one blank row.
    last = f"{get_column_letter(len(COLUMNS))}{max(len(rows), 1) + 1}"
    table = Table(displayName="Kommunikationsplan", ref=f"A1:{last}")
    # In streaming mode openpyxl cannot read the header cells back, so the columns are named here.
    table.tableColumns = [TableColumn(id=index, name=label) for index, label in enumerate(labels, start=1)]
    table.autoFilter = AutoFilter(ref=table.ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns manually")
        sheet.add_table(table)
    _document_sheet(workbook, version)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_rows(buffer.getvalue(), rows)


# ---------------------------------------------------------------- the rows, written directly
# openpyxl spends about a third of a millisecond on every row; writing the rows' XML directly takes
# a tenth of that. openpyxl still writes everything else (styles, table, panes, second sheet), and
# the rows below look exactly like the ones it writes in streaming mode.

KEYS = [column.key for column in COLUMNS]
LETTERS = [get_column_letter(index) for index in range(1, len(COLUMNS) + 1)]
SHEET = "xl/worksheets/sheet1.xml"
EXCEL_EPOCH = dt.date(1899, 12, 30)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAMPLE_ROW = re.compile(r'<row r="2"[^>]*>.*?</row>', re.S)


def _style(sample: str, key: str) -> str:
    found = re.search(rf'<c r="{LETTERS[KEYS.index(key)]}2" s="(\d+)"', sample)
    return f' s="{found.group(1)}"' if found else ""


def _rows_xml(rows: list[ExportRow], date_style: str, time_style: str) -> str:
    parts = []
    for line, row in enumerate(rows, start=2):
        parts.append(f'<row r="{line}">')
        for letter, key in zip(LETTERS, KEYS, strict=True):
            value = row.cells[key]
            if value is None or value == "":
                continue
            ref = f"{letter}{line}"
            if isinstance(value, dt.time):
                fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
                parts.append(f'<c r="{ref}"{time_style} t="n"><v>{fraction!r}</v></c>')
            elif isinstance(value, dt.date):
                parts.append(f'<c r="{ref}"{date_style} t="n"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, int):
                parts.append(f'<c r="{ref}" t="n"><v>{value}</v></c>')
            else:
                text = escape(_ILLEGAL_XML.sub("", str(value)))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        parts.append("</row>")
    return "".join(parts)


def _with_rows(workbook: bytes, rows: list[ExportRow]) -> bytes:
    """The workbook with the sample row of the first sheet replaced by the real rows."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    sheet = source.read(SHEET).decode("utf-8")
    sample = _SAMPLE_ROW.search(sheet)
    if sample is None:  # openpyxl changed how it writes; a test reading the rows back would notice
        raise RuntimeError("the sample row of the matrix sheet is missing")
    body = _rows_xml(rows, _style(sample.group(0), "start_date"), _style(sample.group(0), "start_time"))
    sheet = sheet[: sample.start()] + body + sheet[sample.end() :]
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as output:
        for item in source.infolist():
            output.writestr(item, sheet if item.filename == SHEET else source.read(item.filename))
    return target.getvalue()


def template_xlsx_bytes() -> bytes:
    """An empty matrix with every column the import knows, and a sheet of notes on filling it in."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Communication plan"))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header_font = Font(bold=True)
    cells = []
    for label in headers():
        cell = _text_cell(sheet, label)
        cell.font = header_font
        cells.append(cell)
    sheet.append(cells)
    notes = workbook.create_sheet(_("Notes"))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
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
    bold = Font(bold=True)
    for label, text in lines:
        label_cell = WriteOnlyCell(notes, value=str(label))
        label_cell.font = bold
        notes.append([label_cell, _text_cell(notes, str(text))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
