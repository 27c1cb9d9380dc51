"""When plan rows happen: their occurrences in a window, in the organization's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from resonanz.plan.models import PlanRow, WhenKind
from resonanz.plan.recurrence import Occurrence, RecurrenceError, expand, fixed_occurrence


def row_occurrences(
    row: PlanRow, zone: zoneinfo.ZoneInfo, window_start: dt.datetime, window_end: dt.datetime
) -> list[Occurrence]:
    """The row's planned occurrences in ``[window_start, window_end)``; none for trigger rows."""
    if row.start_date is None:
        return []
    if row.when_kind == WhenKind.RECURRENCE and row.rrule:
        try:
            return expand(row.rrule, row.start_date, row.start_time, zone, window_start, window_end)
        except RecurrenceError:
            return []
    if row.when_kind == WhenKind.FIXED:
        return fixed_occurrence(row.start_date, row.start_time, zone, window_start, window_end)
    return []


@dataclass(frozen=True)
class Scheduled:
    """One occurrence of one row, for calendars."""

    occurrence: Occurrence
    row: PlanRow


def upcoming(
    rows: Iterable[PlanRow], zone: zoneinfo.ZoneInfo, window_start: dt.datetime, window_end: dt.datetime
) -> list[Scheduled]:
    """Every occurrence of ``rows`` in the window, in time order (then matrix order)."""
    found = [
        Scheduled(occurrence, row)
        for row in rows
        for occurrence in row_occurrences(row, zone, window_start, window_end)
    ]
    found.sort(key=lambda item: (item.occurrence.start, item.row.position, item.row.pk))
    return found


def local_window(zone: zoneinfo.ZoneInfo, first_day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of ``first_day`` to local midnight ``days`` later, as aware datetimes."""
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(first_day + dt.timedelta(days=days), dt.time(0), tzinfo=zone)
    return start, end
