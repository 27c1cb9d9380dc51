"""Reading an uploaded file of mentions (CSV or JSON lines) whole, or refusing it with the line and problem.

The fields are those of ``resonanz monitoring replay``: id, network, author, created_at (ISO 8601 with an
offset), lang and text. Limits bound the work whatever the file: its size, its rows and each cell.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.utils.translation import gettext as _

from resonanz.core.errors import ActionRefused
from resonanz.monitoring.jsonl import BadLine, parse_object
from resonanz.monitoring.models import MAX_AUTHOR_LENGTH, MAX_ID_LENGTH, MAX_NETWORK_LENGTH, MAX_TEXT_LENGTH
from resonanz.monitoring.storing import Incoming as Row

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_LANG_LENGTH = 16
FIELDS = ("id", "network", "author", "created_at", "lang", "text")
LIMITS = {
    "id": MAX_ID_LENGTH,
    "network": MAX_NETWORK_LENGTH,
    "author": MAX_AUTHOR_LENGTH,
    "created_at": 40,
    "lang": MAX_LANG_LENGTH,
    "text": MAX_TEXT_LENGTH,
}


def _refuse(number: int, problem: str) -> ActionRefused:
    return ActionRefused(
        _("Line %(number)s: %(problem)s. Nothing was imported."),
        params={"number": number, "problem": problem},
        field="file",
    )


def _row(values: dict[str, object]) -> Row:
    cleaned: dict[str, str] = {}
    for key in FIELDS:
        value = values.get(key)
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise BadLine(_("“%(key)s” is missing or not text") % {"key": key})
        value = value.strip() if key != "text" else value
        if key != "text" and not value:
            raise BadLine(_("“%(key)s” is empty") % {"key": key})
        if len(value) > LIMITS[key]:
            raise BadLine(
                _("“%(key)s” is longer than %(limit)s characters") % {"key": key, "limit": LIMITS[key]}
            )
        if "\x00" in value:
            raise BadLine(_("“%(key)s” contains a null character") % {"key": key})
        cleaned[key] = value
    try:
        posted_at = datetime.fromisoformat(cleaned["created_at"])
    except ValueError:
        raise BadLine(_("“created_at” is not an ISO 8601 time")) from None
    if posted_at.tzinfo is None:
        raise BadLine(_("“created_at” has no time zone offset"))
    if not 2000 <= posted_at.year <= 2100:
        raise BadLine(_("“created_at” is not a plausible time"))
    return Row(
        cleaned["id"],
        cleaned["network"].lower(),
        cleaned["author"],
        posted_at,
        cleaned["lang"],
        cleaned["text"],
    )


def _csv_rows(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise _refuse(1, _("not CSV (%(error)s)") % {"error": error}) from None
    if header is None:
        raise ActionRefused(_("The file is empty."), field="file")
    names = [name.strip().lower() for name in header]
    missing = [name for name in FIELDS if name not in names]
    if missing:
        raise _refuse(1, _("the column “%(name)s” is missing") % {"name": missing[0]})
    rows: list[Row] = []
    try:
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _refuse(number, _("more than %(limit)s mentions in one file") % {"limit": MAX_ROWS})
            if len(cells) != len(names):
                raise _refuse(
                    number,
                    _("%(found)s cells where the header has %(expected)s")
                    % {"found": len(cells), "expected": len(names)},
                )
            try:
                rows.append(_row(dict(zip(names, cells, strict=True))))
            except BadLine as error:
                raise _refuse(number, str(error)) from None
    except csv.Error as error:
        raise _refuse(reader.line_num, _("not CSV (%(error)s)") % {"error": error}) from None
    return rows


def _jsonl_rows(data: bytes) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        if len(rows) >= MAX_ROWS:
            raise _refuse(number, _("more than %(limit)s mentions in one file") % {"limit": MAX_ROWS})
        try:
            rows.append(_row(parse_object(line)))
        except BadLine as error:
            raise _refuse(number, str(error)) from None
    return rows


def read_upload(data: bytes, file_name: str) -> list[Row]:
    """The mentions of an uploaded file, or ``ActionRefused`` naming the first bad line."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ActionRefused(
            _("The file is larger than %(limit)s MB."),
            params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    if not data.strip():
        raise ActionRefused(_("The file is empty."), field="file")
    name = file_name.lower()
    is_json = name.endswith((".jsonl", ".json", ".ndjson")) or (
        not name.endswith(".csv") and data.lstrip().startswith(b"{")
    )
    if is_json:
        rows = _jsonl_rows(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise _refuse(line, _("not UTF-8")) from None
        rows = _csv_rows(text)
    if not rows:
        raise ActionRefused(_("The file holds no mentions."), field="file")
    return rows
