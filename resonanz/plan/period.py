"""The plan's bounds on periods: the period rule itself (``core.period``) and how many occurrences
one request expands.

Every date a request may name lies between ``EARLIEST`` and ``LATEST`` (the dates a plan row may
start on as well), and a period spans at most ``MAX_PERIOD_DAYS`` days, so no request expands
recurrences over centuries. ``MAX_OCCURRENCES`` bounds the occurrences one request expands.
"""

from __future__ import annotations

import datetime as dt

from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.period import MAX_PERIOD_DAYS, Period, period

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_OCCURRENCES",
    "MAX_PERIOD_DAYS",
    "PAGE_OCCURRENCES",
    "Period",
    "period",
    "quarter_of",
]
MAX_OCCURRENCES = 5000
# The execution page renders at most this many occurrences (about half a millisecond each in the
# template; a row recurs at most daily, so a whole row of a year fits); a
# period that holds more is shown a page of rows at a time.
PAGE_OCCURRENCES = 500


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter ``day`` lies in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    next_start = (start + dt.timedelta(days=95)).replace(day=1)
    return start, next_start - dt.timedelta(days=1)
