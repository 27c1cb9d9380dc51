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
from resonanz.plan.period import MAX_OCCURRENCES
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


@dataclass
class ExecutionPage:
    """The rows of one page: from ``offset``, as many whole rows as fit into the occurrence budget.

    ``next_offset`` is where the next page starts, or ``None`` when this page reaches the last row;
    ``row_count`` counts every row of the version.
    """

    rows: list[RowExecution]
    offset: int
    next_offset: int | None
    row_count: int

    @property
    def complete(self) -> bool:
        """Whether this page holds every row of the period."""
        return self.offset == 0 and self.next_offset is None


def planned_vs_executed(
    version: PlanVersion,
    start: dt.datetime,
    end: dt.datetime,
    *,
    offset: int = 0,
    max_rows: int | None = None,
    budget: int | None = None,
) -> ExecutionPage:
    """Per row of ``version`` from ``offset``: planned occurrences in ``[start, end)`` against evidence.

    Evidence that names its planned occurrence fulfils that one. Other evidence fulfils the open
    occurrence whose period contains it: from the occurrence's day up to the next occurrence's day.
    Evidence outside any such period, or for an occurrence already fulfilled, counts as unplanned.

    The page takes whole rows while their occurrences fit into ``budget`` (``MAX_OCCURRENCES``
    unless given) and at most ``max_rows`` rows, so a request expands at most ``budget + 1``
    occurrences however large the plan and the period are. The first row of a page is always taken
    (a row recurs at most daily, so it holds at most a period's days). Runs a constant number of
    queries.
    """
    from resonanz.plan.access import rows_of

    plan_version = PlanVersion.objects.select_related("plan__organization").get(pk=version.pk)
    zone = plan_version.plan.organization.zone
    # Only what the schedule reads, for every row; the rest only for the rows the page takes.
    rows = list(
        PlanRow.objects.filter(version=plan_version)
        .order_by("position", "pk")
        .only("pk", "row_key", "position", "when_kind", "rrule", "start_date", "start_time")
    )
    budget = MAX_OCCURRENCES if budget is None else budget
    taken: list[tuple[PlanRow, list[Occurrence]]] = []
    next_offset: int | None = None
    for position in range(offset, len(rows)):
        if max_rows is not None and len(taken) >= max_rows:
            next_offset = position
            break
        # One more than what is left tells that the row does not fit; its rest is never expanded.
        planned = row_occurrences(rows[position], zone, start, end, limit=max(budget, 0) + 1)
        if len(planned) > budget and taken:
            next_offset = position
            break
        taken.append((rows[position], planned[: max(budget, 1)]))
        budget -= len(planned)
    loaded = {row.pk: row for row in rows_of(plan_version).filter(pk__in=[row.pk for row, _ in taken])}
    taken = [(loaded[row.pk], planned) for row, planned in taken]
    keys = [row.row_key for row, _planned in taken]
    evidence_by_row: dict[uuid.UUID, list[Evidence]] = defaultdict(list)
    window = Q(occurred_at__gte=start, occurred_at__lt=end) | Q(planned_for__gte=start, planned_for__lt=end)
    for evidence in Evidence.objects.filter(window, plan_id=plan_version.plan_id, row_key__in=keys).order_by(
        "occurred_at", "pk"
    ):
        evidence_by_row[evidence.row_key].append(evidence)
    results = [_match(row, planned, evidence_by_row[row.row_key], zone) for row, planned in taken]
    return ExecutionPage(results, offset, next_offset, len(rows))


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
