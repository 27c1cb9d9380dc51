"""Reading an uploaded spreadsheet: XLSX through openpyxl, CSV in UTF-8 (with or without BOM), UTF-16
or Windows-1252, separated by semicolons, commas or tabs. Whatever goes wrong ends in a translated
``ActionRefused`` naming the problem, never in an exception from a parser.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from resonanz.core.errors import ActionRefused
from resonanz.core.imports import xlsx_sheet

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
# A cell's text beyond this is refused; the XLSX reader stops at it without reading the rest.
MAX_CELL_CHARACTERS = xlsx_sheet.MAX_CELL_CHARACTERS
# Column names are shown in every choice of the mapping form: long ones are shortened to this.
MAX_HEADER_CHARACTERS = 100
# Reading stops at the first run of this many empty rows: what follows is not part of the table (and
# a workbook of a million empty rows unpacks from a few kilobytes).
EMPTY_RUN = 20
EMPTY_COLUMNS = 5
# An XLSX is a zip archive: 5 MB of it may unpack to gigabytes, which openpyxl would read into memory.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class Sheet:
    """The header row and the data rows of the first worksheet. ``rows`` pairs each row with its line
    number in the spreadsheet (the header is line 1), so findings point where the user looks."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def refuse_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ActionRefused(
            _("The file is larger than %(limit)s MB. Split it into several files."),
            params={"limit": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
            code="too_large",
        )
    if size == 0:
        raise ActionRefused(_("The file is empty."), field="file", code="empty")


def detect_format(file_name: str, head: bytes) -> str:
    """``xlsx`` or ``csv``, from the content first and the file name second."""
    name = file_name.lower()
    if head.startswith(ZIP_MAGIC) and not name.endswith(".csv"):
        return "xlsx"
    if name.endswith((".xls", ".ods", ".numbers")) or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ActionRefused(
            _("This spreadsheet format cannot be read. Save the file as Excel workbook (.xlsx) or CSV."),
            field="file",
            code="format",
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise ActionRefused(
            _("The file is called .xlsx but is not an Excel workbook. Save it again as .xlsx or CSV."),
            field="file",
            code="format",
        )
    return "csv"


def read_sheet(data: bytes, file_format: str) -> Sheet:
    refuse_size(len(data))
    raw_rows = _xlsx_rows(data) if file_format == "xlsx" else _csv_rows(data)
    return _to_sheet(raw_rows)


def _too_many_rows() -> ActionRefused:
    return ActionRefused(
        _("The file has more than %(limit)s rows. Import it in parts."),
        params={"limit": MAX_ROWS},
        field="file",
        code="too_many_rows",
    )


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shortened(header: str) -> str:
    return header if len(header) <= MAX_HEADER_CHARACTERS else header[: MAX_HEADER_CHARACTERS - 1] + "…"


def _to_sheet(raw_rows: list[tuple[int, list[Cell]]]) -> Sheet:
    filled = [(line, cells) for line, cells in raw_rows if not all(_blank(cell) for cell in cells)]
    if not filled:
        raise ActionRefused(_("The file contains no rows."), field="file", code="empty")
    _header_line, header_cells = filled[0]
    # The table ends at the first run of EMPTY_COLUMNS empty header cells, like it ends at empty rows.
    for start in range(len(header_cells)):
        if all(_blank(cell) for cell in header_cells[start : start + EMPTY_COLUMNS]):
            header_cells = header_cells[:start]
            break
    for cell in header_cells:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARACTERS:
            raise _cell_too_long(_header_line, header=True)
    headers = [
        _shortened(str(cell).strip())
        if not _blank(cell)
        else str(_("Column %(letter)s") % {"letter": get_column_letter(i)})
        for i, cell in enumerate(header_cells, start=1)
    ]
    if not headers or all(_blank(cell) for cell in header_cells):
        raise ActionRefused(_("The first row must name the columns."), field="file", code="no_header")
    rows = []
    for line, cells in filled[1:]:
        padded = list(cells[: len(headers)]) + [None] * (len(headers) - len(cells))
        if all(_blank(cell) for cell in padded):
            continue
        for cell in padded:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARACTERS:
                raise _cell_too_long(line)
        rows.append((line, padded))
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    if not rows:
        raise ActionRefused(
            _("The file has a header row but no rows below it."), field="file", code="no_rows"
        )
    return Sheet(headers, rows)


def _cell_too_long(line: int, *, header: bool = False) -> ActionRefused:
    message = (
        _("The column names in line %(line)s include one of more than %(limit)s characters. Shorten it.")
        if header
        else _("Line %(line)s has a cell with more than %(limit)s characters.")
    )
    return ActionRefused(
        message, params={"line": line, "limit": MAX_CELL_CHARACTERS}, field="file", code="cell_too_long"
    )


def _cell_too_complex(line: int) -> ActionRefused:
    return ActionRefused(
        _("Line %(line)s has a cell of more than %(limit)s formatted parts. Remove its formatting."),
        params={"line": line, "limit": xlsx_sheet.MAX_CELL_PARTS},
        field="file",
        code="cell_too_long",
    )


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    xlsx_sheet.install()

    unreadable = ActionRefused(
        _("The file could not be read as an Excel workbook (.xlsx). Save it again or export it as CSV."),
        field="file",
        code="unreadable",
    )
    _refuse_zip_bomb(data, unreadable)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any parser failure on an untrusted file means: unreadable
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ActionRefused(_("The workbook has no worksheet."), field="file", code="empty")
        # The rows stream; counting as we go stops a workbook that claims a million rows early.
        return _bounded(sheet.lines(MAX_COLUMNS))
    except ActionRefused:
        raise
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def _bounded(lines: Iterator[tuple[int, Any]]) -> list[tuple[int, list[Cell]]]:
    """The filled rows of ``lines`` up to the first run of ``EMPTY_RUN`` empty ones, at most
    ``MAX_ROWS`` and the header; more rows than that are refused, and so is a cell that is too large
    (``CellTooLarge`` from the XLSX watcher or the CSV reader) with its line."""
    rows: list[tuple[int, list[Cell]]] = []
    empty = 0
    try:
        for line, values in lines:
            cells = list(values)[:MAX_COLUMNS]
            if all(_blank(cell) for cell in cells):
                empty += 1
                if empty >= EMPTY_RUN:
                    break
                continue
            empty = 0
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append((line, cells))
    except xlsx_sheet.CellTooLarge as error:
        # The first filled row is the header: its cells are column names.
        if error.parts:
            raise _cell_too_complex(error.line) from None
        raise _cell_too_long(error.line, header=not rows) from None
    return rows


def _refuse_zip_bomb(data: bytes, unreadable: ActionRefused) -> None:
    """Refuse a workbook whose parts unpack to more than ``MAX_UNPACKED_BYTES``.

    The declared sizes can be trusted as a bound: Python's zipfile never unpacks more than them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ActionRefused(
            _("The workbook unpacks to more than %(limit)s MB. Save it as CSV or split it."),
            params={"limit": MAX_UNPACKED_BYTES // (1024 * 1024)},
            field="file",
            code="too_large",
        )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on Windows saves “CSV (Trennzeichen-getrennt)” in Windows-1252.
            text = data.decode("cp1252", errors="replace")
            if "\ufffd" not in text:
                return text
    raise ActionRefused(
        _("The file is not a text file in a known encoding. Save it as CSV UTF-8 or as .xlsx."),
        field="file",
        code="encoding",
    )


def sniff_delimiter(first_line: str) -> str:
    """The separator of the header line: the most frequent of semicolon, comma and tab."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def _csv_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = _decode(data)
    if "\x00" in text:
        raise ActionRefused(
            _("The file is not a text file. Save it as CSV UTF-8 or as .xlsx."), field="file", code="binary"
        )
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line), strict=True)
    try:
        return _bounded(_csv_lines(reader))
    except csv.Error:
        raise ActionRefused(
            _("The CSV file is broken near line %(line)s (check the quotation marks)."),
            params={"line": reader.line_num},
            field="file",
            code="broken_csv",
        ) from None


def _csv_lines(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """The rows of ``reader`` with their line numbers; a field longer than the csv module's limit
    (128 KB, far above ``MAX_CELL_CHARACTERS``) is a cell too large, not a broken file."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # CPython's only error that names the limit: "field larger than field limit (131072)".
            if "field limit" in str(error):
                raise xlsx_sheet.CellTooLarge(reader.line_num, parts=False) from None
            raise
        yield reader.line_num, cells
