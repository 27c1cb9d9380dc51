"""Reading JSON lines with bounded memory: a line longer than the limit is skipped unread."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

READ_CHUNK = 1 << 16


class BadLine(ValueError):
    """A line that is not what the reader expects; its message says why, for a person."""


def read_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, bytes, or None when the line is longer than ``max_bytes``), blank lines too."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the line without holding it
                rest = stream.readline(READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def parse_object(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadLine(_("not UTF-8")) from None
    except json.JSONDecodeError as error:
        raise BadLine(_("not JSON (%(error)s)") % {"error": error.msg}) from None
    if not isinstance(value, dict):
        raise BadLine(_("not a JSON object"))
    return value


def parse_id(value: dict[str, Any]) -> str | int:
    identifier = value.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise BadLine(_("“id” must be a string or a number"))
    return identifier
