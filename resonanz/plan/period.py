"""The period a page or the API asks about: its first and last day (both included), within bounds.

Every date a request may name lies between ``EARLIEST`` and ``LATEST`` (the dates a plan row may
start on as well), and a period spans at most ``MAX_PERIOD_DAYS`` days, so no request expands
recurrences over centuries. ``MAX_OCCURRENCES`` bounds the occurrences one request expands.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from resonanz.core.dates import EARLIEST, LATEST, refuse_far_date
from resonanz.core.errors import ActionRefused

__all__ = ["EARLIEST", "LATEST", "MAX_OCCURRENCES", "MAX_PERIOD_DAYS", "PAGE_OCCURRENCES", "Period", "period"]
MAX_PERIOD_DAYS = 366
MAX_OCCURRENCES = 5000
# The execution page renders at most this many occurrences (about half a millisecond each in the
# template; a row recurs at most daily, so a whole row of a year fits); a
# period that holds more is shown a page of rows at a time.
PAGE_OCCURRENCES = 500


@dataclass(frozen=True)
class Period:
    """From the first day to the last day, both included."""

    first: dt.date
    last: dt.date

    def window(self, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """Local midnight at the start of the first day to local midnight after the last day."""
        return (
            dt.datetime.combine(self.first, dt.time(0), tzinfo=zone),
            dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
        )


def period(first: dt.date, last: dt.date, fields: tuple[str, str] = ("start", "end")) -> Period:
    """The period from ``first`` to ``last``; refused when it is reversed, too long or too far out."""
    refuse_far_date(first, fields[0])
    refuse_far_date(last, fields[1])
    if last < first:
        raise ActionRefused(_("The end of the period lies before its start."), field=fields[1])
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise ActionRefused(_("Choose a period of at most one year."), field=fields[1], code="too_long")
    return Period(first, last)
