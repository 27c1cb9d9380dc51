"""The one CSV writer: formulas defused in every cell, streamed in pieces, readable by a German Excel."""

from __future__ import annotations

import csv
import io

import pytest

from resonanz.core.csv_export import BYTE_ORDER_MARK, csv_bytes, csv_chunks, defuse


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_it_defuses_every_cell_a_spreadsheet_would_run(start: str) -> None:
    assert defuse(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("value", ["Qualität", "1+1", "", "'=schon entschärft", " =nach Leerzeichen"])
def test_it_leaves_other_text_as_it_is(value: str) -> None:
    assert defuse(value) == value


def test_numbers_and_nothing_become_text() -> None:
    assert defuse(7) == "7" and defuse(None) == "" and defuse(-3) == "'-3"


def test_the_file_is_utf8_with_a_byte_order_mark_and_semicolons() -> None:
    content = csv_bytes(["Spalte", "=Kopf"], [["Größe", "=1+1"], ["a;b", None]])

    assert content.startswith(BYTE_ORDER_MARK.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Spalte", "'=Kopf"], ["Größe", "'=1+1"], ["a;b", ""]]
    assert content.decode("utf-8-sig").endswith("\r\n")


def test_a_stream_comes_in_pieces_of_many_rows_each() -> None:
    rows = ([str(number), "=x"] for number in range(1050))

    pieces = list(csv_chunks(["n", "x"], rows, rows_per_chunk=500))

    assert len(pieces) == 3, "header with 500 rows, 500 rows, the last 50"
    read = list(csv.reader(io.StringIO("".join(pieces)), delimiter=";"))
    assert len(read) == 1051 and read[1050] == ["1049", "'=x"]


def test_rows_are_read_only_as_the_stream_is_consumed() -> None:
    consumed: list[int] = []

    def rows() -> object:
        for number in range(10):
            consumed.append(number)
            yield [number]

    pieces = csv_chunks(["n"], rows(), rows_per_chunk=4)  # type: ignore[arg-type]
    next(pieces)

    assert consumed == [0, 1, 2, 3]
