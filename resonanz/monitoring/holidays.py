"""German public holidays observed in every state, for the alarm's baseline (a holiday is a Sunday).

Computed, not downloaded: fixed dates plus the days that hang on Easter (``dateutil.easter``, already a
dependency). The holidays of single states (Fronleichnam, Reformationstag …) are left out: a quiet
holiday in one state shifts a national stream's volume far less than one observed everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

FIXED = ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))
# Good Friday, Easter Monday, Ascension Day, Whit Monday: days from Easter Sunday.
FROM_EASTER = (-2, 1, 39, 50)


@cache
def german_holidays(year: int) -> frozenset[date]:
    sunday = easter(year)
    days = {date(year, month, day) for month, day in FIXED}
    days |= {sunday + timedelta(days=offset) for offset in FROM_EASTER}
    return frozenset(days)


def is_german_holiday(day: date) -> bool:
    return day in german_holidays(day.year)
