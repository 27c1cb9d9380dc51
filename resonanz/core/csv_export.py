"""The one CSV writer of resonanz: every CSV export (the plan, the audit trail, …) is written here.

The dialect is what a German Excel opens without an import dialogue: UTF-8 with a byte order mark,
semicolons, CRLF. Every cell is text and is defused: a spreadsheet program runs a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so such a cell gets a leading
apostrophe (OWASP, "CSV injection"). The plan import strips that apostrophe again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows per piece of a streamed export: few enough to keep memory flat, many enough that a long trail
# is not sent as one tiny network write per row.
ROWS_PER_CHUNK = 500

Cell = str | int | None


def defuse(value: Cell) -> str:
    """The cell as text that no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The CSV as pieces of text for a streamed response: the header first, then batches of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([defuse(cell) for cell in header])
    pending = 0
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
        pending += 1
        if pending >= rows_per_chunk:
            yield _take(buffer)
            pending = 0
    yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The whole CSV as text, with the byte order mark."""
    return BYTE_ORDER_MARK + "".join(csv_chunks(header, rows))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    return csv_text(header, rows).encode("utf-8")
