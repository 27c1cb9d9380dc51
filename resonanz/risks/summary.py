"""What the management review reads about risks (ISO 9001 9.3.2 e): the reviews of a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from resonanz.core.models import Organization
from resonanz.core.period import period
from resonanz.risks.models import RiskReview


@dataclass(frozen=True)
class ReviewSummary:
    risk_id: int
    title: str
    kind: str
    reviewed_on: dt.date
    effective: bool
    score_after: int
    actions_done: int
    actions_open: int


def risk_review_summary(organization: Organization, start: dt.date, end: dt.date) -> list[ReviewSummary]:
    """Every review from ``start`` to ``end`` (at most a year, ``core.period``), oldest first."""
    asked = period(start, end)
    reviews = (
        RiskReview.objects.filter(
            risk__organization=organization, reviewed_on__range=(asked.first, asked.last)
        )
        .select_related("risk")
        .prefetch_related("risk__actions")
        .order_by("reviewed_on", "pk")
    )
    found = []
    for review in reviews:
        actions = list(review.risk.actions.all())
        done = sum(1 for item in actions if item.done_on is not None and item.done_on <= review.reviewed_on)
        found.append(
            ReviewSummary(
                risk_id=review.risk_id,
                title=review.risk.title,
                kind=review.risk.kind,
                reviewed_on=review.reviewed_on,
                effective=review.effective,
                score_after=review.likelihood_after * review.impact_after,
                actions_done=done,
                actions_open=len(actions) - done,
            )
        )
    return found
