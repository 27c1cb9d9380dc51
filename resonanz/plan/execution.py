"""Planned versus executed: per row, the planned occurrences of a period against recorded evidence."""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from resonanz.plan.models import Evidence, PlanRow, PlanVersion
from resonanz.plan.period import MAX_OCCURRENCES, too_many_occurrences
from resonanz.plan.recurrence import Occurrence
from resonanz.plan.schedule import row_occurrences


@dataclass
class RowExecution:
    """One row in a period: each planned occurrence with the evidence that fulfils it, if any."""

    row: PlanRow
    planned: list[tuple[Occurrence, Evidence | None]] = field(default_factory=list)
    unplanned: list[Evidence] = field(default_factory=list)

    @property
    def planned_count(self) -> int:
        return len(self.planned)

    @property
    def executed_count(self) -> int:
        return sum(1 for _occurrence, evidence in self.planned if evidence is not None)

    @property
    def evidence_count(self) -> int:
        return self.executed_count + len(self.unplanned)

    @property
    def missing(self) -> list[Occurrence]:
        return [occurrence for occurrence, evidence in self.planned if evidence is None]


def planned_vs_executed(version: PlanVersion, start: dt.datetime, end: dt.datetime) -> list[RowExecution]:
    """Per row of ``version``: planned occurrences in ``[start, end)`` against recorded evidence.

    Evidence that names its planned occurrence fulfils that one. Other evidence fulfils the open
    occurrence whose period contains it: from the occurrence's day up to the next occurrence's day.
    Evidence outside any such period, or for an occurrence already fulfilled, counts as unplanned.
    Runs a constant number of queries, however many rows and occurrences there are, and refuses a
    period that holds more than ``MAX_OCCURRENCES`` planned occurrences.
    """
    from resonanz.plan.access import rows_of

    plan_version = PlanVersion.objects.select_related("plan__organization").get(pk=version.pk)
    zone = plan_version.plan.organization.zone
    rows = list(rows_of(plan_version))
    evidence_by_row: dict[uuid.UUID, list[Evidence]] = defaultdict(list)
    window = Q(occurred_at__gte=start, occurred_at__lt=end) | Q(planned_for__gte=start, planned_for__lt=end)
    for evidence in Evidence.objects.filter(window, plan_id=plan_version.plan_id).order_by(
        "occurred_at", "pk"
    ):
        evidence_by_row[evidence.row_key].append(evidence)
    results = []
    budget = MAX_OCCURRENCES
    for row in rows:
        # One more than the budget tells that the period holds too many; the rest is never expanded.
        planned = row_occurrences(row, zone, start, end, limit=budget + 1)
        budget -= len(planned)
        if budget < 0:
            raise too_many_occurrences()
        results.append(_match(row, planned, evidence_by_row[row.row_key], zone))
    return results


def _match(row: PlanRow, occurrences: list[Occurrence], evidence: list[Evidence], zone: Any) -> RowExecution:
    result = RowExecution(row)
    fulfilled: dict[dt.datetime, Evidence] = {}
    loose: list[Evidence] = []
    starts = {occurrence.start for occurrence in occurrences}
    for item in evidence:
        if item.planned_for is not None and item.planned_for in starts and item.planned_for not in fulfilled:
            fulfilled[item.planned_for] = item
        else:
            loose.append(item)
    days = [occurrence.local_date for occurrence in occurrences]
    for item in loose:
        # The last occurrence on or before the evidence's day owns it (its period runs to the next one).
        index = bisect.bisect_right(days, item.occurred_at.astimezone(zone).date()) - 1
        owner = occurrences[index] if index >= 0 else None
        if owner is not None and owner.start not in fulfilled:
            fulfilled[owner.start] = item
        else:
            result.unplanned.append(item)
    result.planned = [(occurrence, fulfilled.get(occurrence.start)) for occurrence in occurrences]
    return result
