"""openpyxl's read-only worksheet, without its scan of the whole sheet for a size the file omits.

When a worksheet names no ``<dimension>``, openpyxl parses all of it before the first row can be
read (it waits for the end of ``<sheetData>``): a zip bomb of empty rows then costs minutes before
reading could stop at the first empty run. Here the size is taken from the head of the sheet or left
unknown, which only means ``iter_rows`` is told its columns (``reading`` always passes ``max_col``).
"""

from __future__ import annotations

from typing import Any

from openpyxl.reader import excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse


class HeadSizedWorksheet(ReadOnlyWorksheet):  # type: ignore[misc]
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


def install() -> None:
    """Make ``load_workbook(read_only=True)`` create ``HeadSizedWorksheet`` sheets."""
    excel.ReadOnlyWorksheet = HeadSizedWorksheet
