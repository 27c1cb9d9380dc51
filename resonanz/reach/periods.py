"""The period a dashboard shows: parsed from ``from``/``to`` (ISO dates), bounded, or refused.

One definition for the pages and the API: at most ``MAX_DAYS`` days between 2000 and 2100, so every
dashboard query reads a bounded number of rows whatever the input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_DAYS = 366
DEFAULT_DAYS = 30
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


class PeriodRefused(ValueError):
    """A translated reason why the asked period cannot be shown."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> list[dt.date]:
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=offset) for offset in range(count)]


def _date(value: str, name: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value.strip()[:10]) if len(value.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise PeriodRefused(
            _("“%(value)s” is not a date (YYYY-MM-DD) for %(name)s.") % {"value": value[:20], "name": name}
        )
    if not EARLIEST <= day <= LATEST:
        raise PeriodRefused(_("Choose dates between 2000 and 2100."))
    return day


def parse_period(start: str | None, end: str | None, today: dt.date) -> Period:
    """The period from the two texts (either may be empty: the last 30 days up to today), or refused."""
    last = _date(end, _("the end")) if end else today
    first = _date(start, _("the start")) if start else last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise PeriodRefused(_("The start of the period must not be after its end."))
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodRefused(_("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS})
    return Period(first, last)
