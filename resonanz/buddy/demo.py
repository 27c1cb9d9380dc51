"""The buddy programme's demo (filled in below)."""

from __future__ import annotations


def register() -> None:
    return None
