"""When plan rows happen: their occurrences in a window, in the organization's time zone."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from resonanz.plan.models import PlanRow, WhenKind
from resonanz.plan.period import MAX_OCCURRENCES
from resonanz.plan.recurrence import Occurrence, RecurrenceError, fixed_occurrence, occurrences


def row_occurrences(
    row: PlanRow,
    zone: zoneinfo.ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
    limit: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The row's first ``limit`` planned occurrences in ``[window_start, window_end)``; none for
    trigger rows."""
    return list(itertools.islice(_row_stream(row, zone, window_start, window_end), limit))


def _row_stream(
    row: PlanRow, zone: zoneinfo.ZoneInfo, window_start: dt.datetime, window_end: dt.datetime
) -> Iterator[Occurrence]:
    if row.start_date is None:
        return
    if row.when_kind == WhenKind.RECURRENCE and row.rrule:
        try:
            yield from occurrences(row.rrule, row.start_date, row.start_time, zone, window_start, window_end)
        except RecurrenceError:
            return
    elif row.when_kind == WhenKind.FIXED:
        yield from fixed_occurrence(row.start_date, row.start_time, zone, window_start, window_end)


@dataclass(frozen=True)
class Scheduled:
    """One occurrence of one row, for calendars."""

    occurrence: Occurrence
    row: PlanRow


def upcoming(
    rows: Iterable[PlanRow],
    zone: zoneinfo.ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
    limit: int = MAX_OCCURRENCES,
) -> list[Scheduled]:
    """The first ``limit`` occurrences of ``rows`` in the window, in time order (then matrix order).

    Each row's occurrences are expanded lazily and merged, so the work grows with ``limit`` and the
    number of rows, not with how often the rows recur in the window.
    """
    streams = [_scheduled(row, zone, window_start, window_end) for row in rows]
    merged = heapq.merge(*streams, key=lambda item: (item.occurrence.start, item.row.position, item.row.pk))
    return list(itertools.islice(merged, limit))


def _scheduled(
    row: PlanRow, zone: zoneinfo.ZoneInfo, window_start: dt.datetime, window_end: dt.datetime
) -> Iterator[Scheduled]:
    for occurrence in _row_stream(row, zone, window_start, window_end):
        yield Scheduled(occurrence, row)


def local_window(zone: zoneinfo.ZoneInfo, first_day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of ``first_day`` to local midnight ``days`` later, as aware datetimes."""
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(first_day + dt.timedelta(days=days), dt.time(0), tzinfo=zone)
    return start, end
