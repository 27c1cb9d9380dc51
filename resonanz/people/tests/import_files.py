"""HR exports for the people import tests: CSV in the encodings Excel writes, and XLSX."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

GERMAN_HEADER = [
    "E-Mail",
    "Titel",
    "Vorname",
    "Nachname",
    "Stellenbezeichnung",
    "Abteilung",
    "Standort",
    "Sprachen",
    "Zeitzone",
    "Themen",
    "Programmrolle",
    "Austrittsdatum",
    "Status",
]


def row(email: str, **values: str) -> list[str]:
    """A line under ``GERMAN_HEADER``: the e-mail address and the named cells, the rest empty."""
    keys = [
        "title",
        "given_name",
        "family_name",
        "job_title",
        "unit",
        "location",
        "languages",
        "time_zone",
        "topics",
        "program_role",
        "leaving_date",
        "status",
    ]
    return [email, *(values.get(key, "") for key in keys)]


def csv_file(
    lines: list[list[str]], *, name: str = "personal.csv", encoding: str = "utf-8", bom: bool = True
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(lines)
    text = ("\ufeff" if bom and encoding == "utf-8" else "") + buffer.getvalue()
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(lines: list[list[Any]], name: str = "personal.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
