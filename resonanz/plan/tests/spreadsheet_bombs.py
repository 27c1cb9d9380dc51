"""Spreadsheets that unpack to a lot: zip bombs of empty cells and huge header cells.

Written with ``zipfile`` (not openpyxl), so the sheet can lack what openpyxl always writes (its
``<dimension>``) and be streamed into the archive. ``bench/abuse`` sends them to the server.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator


def xlsx(sheet: Iterator[bytes]) -> bytes:
    """A minimal workbook whose first sheet's XML is the pieces of ``sheet``, streamed into the zip."""
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
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
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
            part.write(b"</sheetData></worksheet>")
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
