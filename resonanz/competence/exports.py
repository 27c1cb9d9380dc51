"""The training matrix as files: XLSX (one sheet, readable headers) and PDF (the one document engine;
a large one made by the worker, ``documents.deferred``)."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from resonanz.competence.matrix import Cell, CellState, Matrix
from resonanz.core.models import Organization
from resonanz.documents.rendering import Document

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TEMPLATE = "competence/pdf/matrix.typ"
PDF_FAILED = gettext_lazy(
    "The PDF could not be made. Please try again; the XLSX export works for any number of people."
)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _day(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value is not None else ""


def cell_text(cell: Cell) -> str:
    """The cell as words: "valid until 01.06.2027", "expires 12.01.2027", "missing · required"."""
    if cell.state == CellState.HELD:
        text = _("valid until %(date)s") % {"date": _day(cell.expires_on)} if cell.expires_on else _("valid")
    elif cell.state == CellState.EXPIRING:
        text = _("expires %(date)s") % {"date": _day(cell.expires_on)}
    elif cell.state == CellState.EXPIRED:
        text = _("expired %(date)s") % {"date": _day(cell.expires_on)}
    else:
        text = _("missing")
    return f"{text} · {_('required')}" if cell.required else text


class CellTexts:
    """``cell_text`` once per distinct state, requirement and expiry: thousands of cells share a few
    dozen texts, and formatting a date in the active language is the costly part of a large export."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, bool, dt.date | None], str] = {}

    def __call__(self, cell: Cell) -> str:
        key = (cell.state, cell.required, cell.expires_on)
        if key not in self.known:
            self.known[key] = cell_text(cell)
        return self.known[key]


def headers(matrix: Matrix) -> list[str]:
    return [_("Name"), _("Unit"), *(competence.name for competence in matrix.competences)]


def filename(organization: Organization, extension: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9-]", "", organization.slug)[:40] or "resonanz"
    stem = _("training-matrix")
    return f"{stem}-{slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def xlsx_bytes(matrix: Matrix) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", _("Training matrix"))[:31])
    sheet.freeze_panes(1, 2)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "font_color": "#FFFFFF", "bg_color": "#1F4E79"}
    )
    styles = {
        CellState.HELD: workbook.add_format({"bg_color": "#E2EFDA"}),
        CellState.EXPIRING: workbook.add_format({"bg_color": "#FFF2CC"}),
        CellState.EXPIRED: workbook.add_format({"bg_color": "#F8CBAD"}),
        CellState.MISSING: None,
    }
    for index, label in enumerate(headers(matrix)):
        sheet.set_column(index, index, 30 if index == 0 else 22)
        sheet.write_string(0, index, _ILLEGAL_XML.sub("", label), header)
    texts = CellTexts()
    for line, row in enumerate(matrix.rows, start=1):
        sheet.write_string(line, 0, _ILLEGAL_XML.sub("", row.name))
        sheet.write_string(line, 1, _ILLEGAL_XML.sub("", row.unit))
        for index, cell in enumerate(row.cells, start=2):
            sheet.write_string(line, index, texts(cell), styles[cell.state])
    sheet.autofilter(0, 0, max(len(matrix.rows), 1), len(matrix.competences) + 1)
    workbook.close()
    return buffer.getvalue()


def document(organization: Organization, matrix: Matrix, filters: str) -> Document:
    language = (get_language() or "de")[:2]
    on = _day(matrix.on)
    texts = CellTexts()
    return Document(
        PDF_TEMPLATE,
        {
            "page": {
                "title": _("Training matrix"),
                "author": organization.name,
                "description": _("Training matrix (ISO 9001:2015, clause 7.2)"),
                "header-left": organization.name,
                "header-right": _("Training matrix"),
                "footer-left": _("As of %(date)s") % {"date": on},
                "page-pattern": _("Page %(page)s of %(pages)s"),
            },
            "title": _("Training matrix"),
            "lead": ngettext(
                "Competences of %(count)s person as of %(date)s. %(filters)s",
                "Competences of %(count)s people as of %(date)s. %(filters)s",
                matrix.total,
            )
            % {"count": matrix.total, "date": on, "filters": filters},
            "legend": _(
                "valid: a certificate is valid; expires: it runs out within 60 days; expired: the last "
                "certificate has run out; missing: no certificate; required: the person's role requires it."
            ),
            "columns": headers(matrix),
            "rows": [[row.name, row.unit, *(texts(cell) for cell in row.cells)] for row in matrix.rows],
        },
        language if language in ("de", "en") else "de",
    )


def pdf_subject(organization: Organization) -> str:
    """What a document job of the matrix is about (``documents.jobs``); the digest of its data tells
    filters and days apart."""
    return f"competence.matrix:{organization.pk}"
