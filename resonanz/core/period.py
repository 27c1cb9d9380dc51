"""The period a page or the API asks about: its first and last day (both included), within bounds.

Every date a request may name lies between ``EARLIEST`` and ``LATEST`` (``core.dates``), and a period
spans at most ``MAX_PERIOD_DAYS`` days, so no request counts or expands over centuries. The plan's
execution pages, the metrics and the reach figures all take their period from here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused

MAX_PERIOD_DAYS = 366


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
