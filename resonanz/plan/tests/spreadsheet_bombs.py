"""Spreadsheets that unpack to a lot: zip bombs of empty cells, huge header cells and huge cells.

Written with ``zipfile`` (not openpyxl), so the sheet can lack what openpyxl always writes (its
``<dimension>``) and be streamed into the archive. ``bench/abuse`` sends them to the server.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def xlsx(
    sheet: Iterator[bytes],
    shared_strings: Iterator[bytes] | None = None,
    after_data: Iterable[bytes] = (),
) -> bytes:
    """A minimal workbook whose first sheet's XML is the pieces of ``sheet`` (the rows) and then of
    ``after_data``, streamed into the zip, with a shared string table of the pieces of
    ``shared_strings`` (the ``<si>`` elements) if given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (SHARED_STRINGS_TYPE if shared_strings is not None else "")
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main"><sheetData>'
            )
            for piece in sheet:
                part.write(piece)
            part.write(b"</sheetData>")
            for piece in after_data:
                part.write(piece)
            part.write(b"</worksheet>")
        if shared_strings is not None:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                part.write(
                    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                for piece in shared_strings:
                    part.write(piece)
                part.write(b"</sst>")
    return out.getvalue()


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _header_row(cells: list[str]) -> bytes:
    inner = "".join(
        f'<c r="{_column(i)}1" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(cells, 1)
    )
    return f'<row r="1">{inner}</row>'.encode()


def empty_cells_bomb(unpacked_mb: int) -> bytes:
    """A header row, then rows of empty cells until the sheet's XML is ``unpacked_mb`` MB.

    The cells carry no references (readers count them), so the XML repeats itself and a few
    kilobytes of zip unpack to megabytes.
    """
    row = b"<row>" + b"<c/>" * 60 + b"</row>"

    def sheet() -> Iterator[bytes]:
        yield _header_row(["Beschreibung", "Kernbotschaften"])
        block = row * 1000
        for _ in range(unpacked_mb * 1024 * 1024 // len(block) + 1):
            yield block

    return xlsx(sheet())


def long_headers(count: int = 60, kilobytes: int = 150) -> bytes:
    """``count`` header cells of ``kilobytes`` KB each, and one row below them."""
    header = _header_row([f"Spalte{i}" + "x" * (kilobytes * 1024) for i in range(count)])
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Eintrag</t></is></c></row>'
    return xlsx(iter([header, row]))


def _repeated(piece: bytes, unpacked_mb: int) -> Iterator[bytes]:
    """``piece`` repeated to ``unpacked_mb`` MB, in blocks of about a megabyte."""
    block = piece * max(1, 1024 * 1024 // len(piece))
    for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
        yield block


def huge_cells(unpacked_mb: int, cells: int = 3) -> bytes:
    """A header row and one row of ``cells`` cells that hold ``unpacked_mb`` MB of text between them."""

    def sheet() -> Iterator[bytes]:
        yield _header_row(["Beschreibung", "Kernbotschaften", "Notizen"][:cells])
        yield b'<row r="2">'
        for i in range(1, cells + 1):
            yield f'<c r="{_column(i)}2" t="inlineStr"><is><t>'.encode()
            yield from _repeated(b"Text ohne Ende ", unpacked_mb // cells)
            yield b"</t></is></c>"
        yield b"</row>"

    return xlsx(sheet())


def formatted_runs(unpacked_mb: int) -> bytes:
    """A header row and one cell of ``unpacked_mb`` MB of formatted runs of a few letters each."""

    def sheet() -> Iterator[bytes]:
        yield _header_row(["Beschreibung"])
        yield b'<row r="2"><c r="A2" t="inlineStr"><is>'
        yield from _repeated(b"<r><rPr><b/></rPr><t>Wort</t></r>", unpacked_mb)
        yield b"</is></c></row>"

    return xlsx(sheet())


def huge_shared_string(unpacked_mb: int) -> bytes:
    """A header row and one cell that shows a shared string of ``unpacked_mb`` MB, as Excel writes text."""
    row = b'<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    table = iter(
        [
            b"<si><t>Beschreibung</t></si><si><t>",
            *_repeated(b"Text ohne Ende ", unpacked_mb),
            b"</t></si>",
        ]
    )
    header = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx(iter([header, row]), table)


def merged_cells_after_data(unpacked_mb: int) -> bytes:
    """A header row and one row, then ``unpacked_mb`` MB of merged cells after the sheet's data."""
    header = _header_row(["Beschreibung"])
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Eintrag</t></is></c></row>'
    tail = iter([b"<mergeCells>", *_repeated(b'<mergeCell ref="A3:B3"/>', unpacked_mb), b"</mergeCells>"])
    return xlsx(iter([header, row]), after_data=tail)
