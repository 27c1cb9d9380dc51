"""openpyxl's read-only worksheet, reading no more of an untrusted workbook than the import needs.

- When a worksheet names no ``<dimension>``, openpyxl parses all of it before the first row can be
  read (it waits for the end of ``<sheetData>``): a zip bomb of empty rows then costs minutes before
  reading could stop at the first empty run. Here the size is taken from the head of the sheet or left
  unknown, which only means ``iter_rows`` is told its columns (``reading`` always passes ``max_col``).
- openpyxl builds a whole cell before anyone can look at it: one cell of 95 MB of text, or of a
  million formatted runs, costs seconds to minutes. Here the sheet's XML passes a streaming watcher
  (expat, counting only) on its way to openpyxl, which stops at the first cell with more than
  ``MAX_CELL_CHARACTERS`` characters or ``MAX_CELL_PARTS`` elements, before openpyxl has more of it
  than one read. Outside the cells the same holds for the parts before the data, and the reading
  ends with ``</sheetData>``: what follows (merged cells, links, formatting) is never parsed.
- The shared strings (the texts of the cells Excel writes) are read by a streaming reader that keeps
  at most ``MAX_CELL_CHARACTERS + 1`` characters of each, so a longer one is refused with its line
  when a cell uses it, and never holds more than that.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import IO, Any
from xml.parsers import expat

from openpyxl.reader import excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

# A cell's text beyond this is refused (the longest answer of a row is a quarter of it).
MAX_CELL_CHARACTERS = 20_000
# Elements inside one cell: a formatted run is about ten (<r>, <rPr> and its settings, <t>).
MAX_CELL_PARTS = 2_000
# Elements of the sheet outside <sheetData> (views, columns, properties) that are read before it.
MAX_HEAD_PARTS = 10_000

# The shared strings are read in pieces of this size, and expat hands text over in pieces as large.
_CHUNK = 64 * 1024
_NAME = f"{SHEET_MAIN_NS}}}"
_CELL, _ROW, _DATA = _NAME + "c", _NAME + "row", _NAME + "sheetData"
_STRING, _TEXT, _PHONETIC = _NAME + "si", _NAME + "t", _NAME + "rPh"


class CellTooLarge(Exception):
    """A cell of line ``line`` has more characters (``parts`` False) or elements than allowed."""

    def __init__(self, line: int, parts: bool) -> None:
        super().__init__(line, parts)
        self.line = line
        self.parts = parts


class SheetTooComplex(Exception):
    """More elements or text outside the cells than a worksheet has."""


def _parser() -> Any:
    # "}" joins namespace and name as ElementTree spells them ("{ns}c" without the first brace).
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    return parser


class WatchedSheet:
    """The worksheet's XML as openpyxl reads it, parsed a second time on the way by expat.

    The watcher sees each piece before openpyxl does and raises ``CellTooLarge`` or
    ``SheetTooComplex`` at the first cell or part over the limits. ``last_line`` is the number of the
    last row (the highest number: openpyxl skips a row numbered below one before it) once
    ``</sheetData>`` has passed, so the reader can stop after that row.
    """

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self.line = 0
        self._highest = 0
        self.last_line: int | None = None
        self._in_data = False
        self._in_cell = False
        self._characters = 0
        self._parts = 0
        self._head_parts = 0
        self.bytes_read = 0
        self._expat = _parser()
        self._expat.StartElementHandler = self._start
        self._expat.EndElementHandler = self._end
        self._expat.CharacterDataHandler = self._text

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.bytes_read += len(data)
        if self.last_line is None:
            # A fault in the XML is openpyxl's to report: it finds the same one in the same piece.
            with contextlib.suppress(expat.ExpatError):
                self._expat.Parse(data, not data)
        return data

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> WatchedSheet:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if self._in_cell:
            self._parts += 1
            if self._parts > MAX_CELL_PARTS:
                raise CellTooLarge(self.line, parts=True)
        elif name == _CELL:
            self._in_cell, self._characters, self._parts = True, 0, 0
        elif name == _ROW:
            number = attributes.get("r", "")
            self.line = int(number) if number.isdigit() else self.line + 1
            self._highest = max(self._highest, self.line)
        elif name == _DATA:
            self._in_data = True
        elif not self._in_data:
            self._head_parts += 1
            if self._head_parts > MAX_HEAD_PARTS:
                raise SheetTooComplex

    def _end(self, name: str) -> None:
        if name == _CELL:
            self._in_cell = False
        elif name == _DATA:
            self.last_line = self._highest

    def _text(self, text: str) -> None:
        if self._in_cell:
            self._characters += len(text)
            if self._characters > MAX_CELL_CHARACTERS:
                raise CellTooLarge(self.line, parts=False)
        elif len(text) > MAX_CELL_CHARACTERS:
            raise SheetTooComplex


class HeadSizedWorksheet(ReadOnlyWorksheet):  # type: ignore[misc]
    watched: WatchedSheet | None = None

    def _get_source(self) -> WatchedSheet:
        self.watched = WatchedSheet(super()._get_source())
        return self.watched

    def _get_size(self) -> None:
        source: Any = self._get_source()
        try:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    found = SheetDimension.from_tree(element).boundaries
                    self._min_column, self._min_row, self._max_column, self._max_row = found
                    return
                if element.tag == DATA_TAG:
                    return
        finally:
            source.close()

    def lines(self, max_col: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """The rows' values with their line numbers, up to the last row of ``<sheetData>``."""
        for line, values in enumerate(self.iter_rows(max_col=max_col, values_only=True), start=1):
            yield line, values
            watched = self.watched
            if watched is not None and watched.last_line is not None and line >= watched.last_line:
                return


def read_shared_strings(source: IO[bytes]) -> list[str]:
    """The workbook's shared strings as openpyxl reads them (the text of ``<t>`` in ``<si>``, its
    phonetic runs left out), each cut after ``MAX_CELL_CHARACTERS + 1`` characters, streaming."""
    strings: list[str] = []
    pieces: list[str] = []
    kept = 0
    depth_in_phonetic = 0
    in_text = False
    in_string = False

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal kept, depth_in_phonetic, in_text, in_string
        if name == _STRING:
            pieces.clear()
            kept = 0
            in_string = True
        elif name == _PHONETIC or depth_in_phonetic:
            depth_in_phonetic += 1
        elif name == _TEXT and in_string:
            in_text = True

    def end(name: str) -> None:
        nonlocal depth_in_phonetic, in_text, in_string
        if depth_in_phonetic:
            depth_in_phonetic -= 1
        elif name == _TEXT:
            in_text = False
        elif name == _STRING:
            strings.append("".join(pieces).replace("x005F_", ""))
            in_string = False

    def text(data: str) -> None:
        nonlocal kept
        if in_text and kept <= MAX_CELL_CHARACTERS:
            piece = data[: MAX_CELL_CHARACTERS + 1 - kept]
            pieces.append(piece)
            kept += len(piece)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_size = _CHUNK
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


def install() -> None:
    """Make ``load_workbook(read_only=True)`` create ``HeadSizedWorksheet`` sheets and read the shared
    strings with ``read_shared_strings``."""
    excel.ReadOnlyWorksheet = HeadSizedWorksheet
    excel.read_string_table = read_shared_strings
