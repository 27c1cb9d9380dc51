"""Risks and opportunities (ISO 9001 6.1): the register, the likelihood × impact matrix, actions and
scheduled reviews of their effectiveness."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resonanz.core.models import Organization
    from resonanz.risks.summary import ReviewSummary


def risk_review_summary(organization: Organization, start: dt.date, end: dt.date) -> list[ReviewSummary]:
    """The risks reviewed from ``start`` to ``end`` (both included) and whether their actions were
    effective: for the management review (ISO 9001 9.3.2 e)."""
    from resonanz.risks.summary import risk_review_summary as summarise

    return summarise(organization, start, end)
