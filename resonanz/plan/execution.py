"""Planned versus executed: per row, the planned occurrences of a period against recorded evidence.

Each planned date is judged by the version of the plan that was in force on that date, so publishing
a new version never rewrites the past: a row that version 3 drops keeps its dates (and its missed
dates) under version 2, a row whose rule version 3 changes keeps its old dates before version 3 was
published. A version is in force from its publication until the next version's publication; dates
before the first publication are judged by the first published version (it is what was planned
then), dates from the newest publication on by the published version. A version that was never
published (a draft, a version in review) has not been in force: asked about one, the comparison
judges every date by it alone, as a preview.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Q

from resonanz.plan.models import Evidence, MissExplanation, PlanRow, PlanVersion
from resonanz.plan.period import MAX_OCCURRENCES
from resonanz.plan.recurrence import Occurrence
from resonanz.plan.schedule import row_occurrences

# What the schedule and the comparison read of every row of a version in force.
_SCHEDULE_FIELDS = (
    "pk",
    "row_key",
    "position",
    "version_id",
    "when_kind",
    "rrule",
    "start_date",
    "start_time",
)


@dataclass(frozen=True)
class InForce:
    """A version and the instants it was in force: ``[since, until)``; None means open-ended."""

    version: PlanVersion
    since: dt.datetime | None
    until: dt.datetime | None

    def clip(self, start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """The part of ``[start, end)`` this version was in force (may be empty: start >= end)."""
        return (
            start if self.since is None else max(start, self.since),
            end if self.until is None else min(end, self.until),
        )


class Outcome:
    """What became of a planned date: done, missed, missed and explained, or still to come."""

    DONE = "done"
    MISSED = "missed"
    EXPLAINED = "explained"
    UPCOMING = "upcoming"


class PlannedDate(NamedTuple):
    """A planned occurrence, the evidence that fulfils it (if any), the version it was planned in and
    why it was missed (if someone explained it)."""

    occurrence: Occurrence
    evidence: Evidence | None
    version: PlanVersion
    explanation: MissExplanation | None = None

    def outcome(self, now: dt.datetime) -> str:
        """Evidence makes a date done; a date without it is missed once it has begun."""
        if self.evidence is not None:
            return Outcome.DONE
        if self.occurrence.start >= now:
            return Outcome.UPCOMING
        return Outcome.MISSED if self.explanation is None else Outcome.EXPLAINED


@dataclass
class RowExecution:
    """One row in a period: each planned occurrence with the evidence that fulfils it, if any.

    ``row`` is the row as the asked version has it, or (for a row the asked version does not have)
    as the newest version in force in the period had it.
    """

    row: PlanRow
    planned: list[PlannedDate] = field(default_factory=list)
    unplanned: list[Evidence] = field(default_factory=list)

    @property
    def planned_count(self) -> int:
        return len(self.planned)

    @property
    def executed_count(self) -> int:
        return sum(1 for item in self.planned if item.evidence is not None)

    @property
    def evidence_count(self) -> int:
        return self.executed_count + len(self.unplanned)

    @property
    def missing(self) -> list[Occurrence]:
        return [item.occurrence for item in self.planned if item.evidence is None]


@dataclass
class ExecutionPage:
    """The rows of one page: from ``offset``, as many whole rows as fit into the occurrence budget.

    ``next_offset`` is where the next page starts, or ``None`` when this page reaches the last row;
    ``row_count`` counts every row planned in the period (in any version in force in it).
    ``versions`` are the versions in force in the period, oldest first.
    """

    rows: list[RowExecution]
    offset: int
    next_offset: int | None
    row_count: int
    versions: list[PlanVersion] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether this page holds every row of the period."""
        return self.offset == 0 and self.next_offset is None


def versions_in_force(version: PlanVersion, start: dt.datetime, end: dt.datetime) -> list[InForce]:
    """The versions of ``version``'s plan in force at some instant of ``[start, end)``, oldest first.

    One query. For a version that was never published: that version alone, for the whole period.
    """
    if version.published_at is None:
        return [InForce(version, None, None)]
    published = list(
        PlanVersion.objects.filter(plan_id=version.plan_id, published_at__isnull=False)
        .select_related("plan__organization")
        .order_by("published_at", "pk")
    )
    spans = []
    for index, candidate in enumerate(published):
        since = candidate.published_at if index else None
        until = published[index + 1].published_at if index + 1 < len(published) else None
        span = InForce(candidate, since, until)
        clipped_start, clipped_end = span.clip(start, end)
        if clipped_start < clipped_end:
            spans.append(span)
    return spans


def row_in_force(row: PlanRow, planned_for: dt.datetime) -> PlanRow | None:
    """The row with ``row``'s key in the version in force at ``planned_for``, when that version
    planned an occurrence of it at exactly that time; else None. Three queries."""
    version = PlanVersion.objects.select_related("plan__organization").get(pk=row.version_id)
    spans = versions_in_force(version, planned_for, planned_for + dt.timedelta(microseconds=1))
    if not spans:
        return None
    found = (
        PlanRow.objects.filter(version=spans[0].version, row_key=row.row_key)
        .select_related("version__plan__organization")
        .first()
    )
    if found is None:
        return None
    zone = version.plan.organization.zone
    window = row_occurrences(
        found, zone, planned_for - dt.timedelta(minutes=1), planned_for + dt.timedelta(minutes=1)
    )
    return found if any(occurrence.start == planned_for for occurrence in window) else None


def planned_vs_executed(
    version: PlanVersion,
    start: dt.datetime,
    end: dt.datetime,
    *,
    offset: int = 0,
    max_rows: int | None = None,
    budget: int | None = None,
) -> ExecutionPage:
    """Per row from ``offset``: planned occurrences in ``[start, end)`` against evidence.

    Every occurrence is planned by the version in force at its time (see the module). Rows come in
    the order of ``version``'s matrix, then the rows it does not have, newest version first.

    Evidence that names its planned occurrence fulfils that one. Other evidence fulfils the open
    occurrence whose period contains it: from the occurrence's day up to the next occurrence's day.
    Evidence outside any such period, or for an occurrence already fulfilled, counts as unplanned.

    The page takes whole rows while their occurrences fit into ``budget`` (``MAX_OCCURRENCES``
    unless given) and at most ``max_rows`` rows, so a request expands at most ``budget + 1``
    occurrences however large the plan and the period are. The first row of a page is always taken
    (a row recurs at most daily, so it holds at most a period's days). Runs a constant number of
    queries, however many versions were in force.
    """
    from resonanz.plan.access import rows_of

    asked = PlanVersion.objects.select_related("plan__organization").get(pk=version.pk)
    zone = asked.plan.organization.zone
    spans = versions_in_force(asked, start, end)
    by_version = {span.version.pk: span for span in spans}
    # Only what the schedule reads, for every row; the rest only for the rows the page takes.
    schedule_rows = PlanRow.objects.filter(version_id__in=list(by_version)).only(*_SCHEDULE_FIELDS)
    lines = _lines(asked, spans, schedule_rows.order_by("position", "pk"))
    budget = MAX_OCCURRENCES if budget is None else budget
    taken: list[tuple[PlanRow, list[tuple[Occurrence, PlanVersion]]]] = []
    next_offset: int | None = None
    for position in range(offset, len(lines)):
        if max_rows is not None and len(taken) >= max_rows:
            next_offset = position
            break
        # One more than what is left tells that the row does not fit; its rest is never expanded.
        planned = _expand(lines[position], by_version, zone, start, end, limit=max(budget, 0) + 1)
        if len(planned) > budget and taken:
            next_offset = position
            break
        shown_row = _shown_row(asked, lines[position], list(by_version))
        taken.append((shown_row, planned[: max(budget, 1)]))
        budget -= len(planned)
    loaded = {row.pk: row for row in rows_of().filter(pk__in=[row.pk for row, _ in taken])}
    keys = [row.row_key for row, _planned in taken]
    evidence_by_row: dict[uuid.UUID, list[Evidence]] = defaultdict(list)
    window = Q(occurred_at__gte=start, occurred_at__lt=end) | Q(planned_for__gte=start, planned_for__lt=end)
    for evidence in Evidence.objects.filter(window, plan_id=asked.plan_id, row_key__in=keys).order_by(
        "occurred_at", "pk"
    ):
        evidence_by_row[evidence.row_key].append(evidence)
    explained = {
        (item.row_key, item.planned_for): item
        for item in MissExplanation.objects.filter(
            plan_id=asked.plan_id, row_key__in=keys, planned_for__gte=start, planned_for__lt=end
        ).select_related("reason", "corrective_action")
    }
    results = [
        _match(loaded[row.pk], planned, evidence_by_row[row.row_key], zone, explained)
        for row, planned in taken
    ]
    return ExecutionPage(results, offset, next_offset, len(lines), [span.version for span in spans])


# A line of the comparison: one row key, with its row in each version in force that has it.
_Line = dict[int, PlanRow]


def _lines(asked: PlanVersion, spans: list[InForce], rows: Iterable[PlanRow]) -> list[_Line]:
    by_key: dict[uuid.UUID, _Line] = {}
    order: dict[uuid.UUID, tuple[int, int, int, int]] = {}
    rank = {span.version.pk: index for index, span in enumerate(reversed(spans))}
    for row in rows:
        by_key.setdefault(row.row_key, {})[row.version_id] = row
        # The asked version's rows first, then by newest version, each in matrix order.
        key = (0 if row.version_id == asked.pk else 1, rank[row.version_id], row.position, row.pk)
        order[row.row_key] = min(order.get(row.row_key, key), key)
    return [by_key[row_key] for row_key in sorted(order, key=order.__getitem__)]


def _shown_row(asked: PlanVersion, line: _Line, order: list[int]) -> PlanRow:
    if asked.pk in line:
        return line[asked.pk]
    return line[max(line, key=order.index)]


def _expand(
    line: _Line,
    by_version: dict[int, InForce],
    zone: Any,
    start: dt.datetime,
    end: dt.datetime,
    limit: int,
) -> list[tuple[Occurrence, PlanVersion]]:
    """The line's occurrences in ``[start, end)``, each from the version in force at its time."""
    found: list[tuple[Occurrence, PlanVersion]] = []
    order = list(by_version)  # oldest first
    for version_id in sorted(line, key=order.index):
        span, row = by_version[version_id], line[version_id]
        if len(found) >= limit:
            break
        since, until = span.clip(start, end)
        for occurrence in row_occurrences(row, zone, since, until, limit=limit - len(found)):
            found.append((occurrence, span.version))
    return found


def _match(
    row: PlanRow,
    planned: list[tuple[Occurrence, PlanVersion]],
    evidence: list[Evidence],
    zone: Any,
    explained: dict[tuple[uuid.UUID, dt.datetime], MissExplanation],
) -> RowExecution:
    result = RowExecution(row)
    fulfilled: dict[dt.datetime, Evidence] = {}
    loose: list[Evidence] = []
    starts = {occurrence.start for occurrence, _version in planned}
    for item in evidence:
        if item.planned_for is not None and item.planned_for in starts and item.planned_for not in fulfilled:
            fulfilled[item.planned_for] = item
        else:
            loose.append(item)
    days = [occurrence.local_date for occurrence, _version in planned]
    for item in loose:
        # The last occurrence on or before the evidence's day owns it (its period runs to the next one).
        index = bisect.bisect_right(days, item.occurred_at.astimezone(zone).date()) - 1
        owner = planned[index][0] if index >= 0 else None
        if owner is not None and owner.start not in fulfilled:
            fulfilled[owner.start] = item
        else:
            result.unplanned.append(item)
    result.planned = [
        PlannedDate(
            occurrence,
            fulfilled.get(occurrence.start),
            version,
            explained.get((row.row_key, occurrence.start)),
        )
        for occurrence, version in planned
    ]
    return result


@dataclass(frozen=True)
class Summary:
    """The figures of a period: planned dates, done, missed (unexplained), missed and explained, and
    the rate of dates due by ``now`` that were done (None when none was due yet)."""

    planned: int
    executed: int
    missed: int
    explained: int
    upcoming: int
    complete: bool = True  # False when the period holds more dates than one request expands

    @property
    def rate(self) -> int | None:
        due = self.executed + self.missed + self.explained
        return round(100 * self.executed / due) if due else None


def summarize(rows: Iterable[RowExecution], now: dt.datetime, complete: bool = True) -> Summary:
    """Count the outcomes of ``rows``' planned dates as of ``now``."""
    counts = dict.fromkeys((Outcome.DONE, Outcome.MISSED, Outcome.EXPLAINED, Outcome.UPCOMING), 0)
    planned = 0
    for row in rows:
        for item in row.planned:
            planned += 1
            counts[item.outcome(now)] += 1
    return Summary(
        planned=planned,
        executed=counts[Outcome.DONE],
        missed=counts[Outcome.MISSED],
        explained=counts[Outcome.EXPLAINED],
        upcoming=counts[Outcome.UPCOMING],
        complete=complete,
    )


def period_summary(version: PlanVersion, start: dt.datetime, end: dt.datetime) -> Summary:
    """The figures of the whole plan in ``[start, end)`` (for start pages: this quarter's completion
    and missed dates). Bounded like one API page: ``complete`` is False when the period holds more
    planned dates than ``MAX_OCCURRENCES``. A constant number of queries."""
    from django.utils import timezone

    page = planned_vs_executed(version, start, end)
    return summarize(page.rows, timezone.now(), complete=page.complete)
