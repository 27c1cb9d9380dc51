"""The profile-check score: the share of the criteria's weights that held, 0 to 100."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def score_of(results: Iterable[dict[str, Any]]) -> int:
    """Rounded half up; 0 when every weight is 0 (nothing counts, so nothing was reached)."""
    items = list(results)
    total = sum(int(item["weight"]) for item in items)
    if total <= 0:
        return 0
    reached = sum(int(item["weight"]) for item in items if item["passed"])
    return (reached * 200 + total) // (2 * total)
