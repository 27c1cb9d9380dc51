"""The dates resonanz accepts from people: between ``EARLIEST`` and ``LATEST``, named once.

A date far outside (the year 1 or 9999) cannot be moved into another time zone or by a day without
overflowing, and no plan, period or audit record needs it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from resonanz.core.errors import ActionRefused

EARLIEST, LATEST = dt.date(1970, 1, 1), dt.date(2200, 12, 31)


def refuse_far_date(value: dt.date, field: str) -> None:
    """Refuse a date outside ``EARLIEST`` to ``LATEST`` (a datetime counts by its date)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ActionRefused(
            _("Enter a date between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
            field=field,
            code="far_date",
        )


def _abbreviation(name: str | None) -> str:
    """A zone abbreviation as readers of the language know it: CET is MEZ in German."""
    if not name or name[0] in "+-":
        return f"UTC{name}" if name else "UTC"
    known = {
        "UTC": pgettext("time zone", "UTC"),
        "GMT": pgettext("time zone", "GMT"),
        "CET": pgettext("time zone", "CET"),
        "CEST": pgettext("time zone", "CEST"),
        "WET": pgettext("time zone", "WET"),
        "WEST": pgettext("time zone", "WEST"),
        "EET": pgettext("time zone", "EET"),
        "EEST": pgettext("time zone", "EEST"),
    }
    return known.get(name, name)


def zone_name(zone: zoneinfo.ZoneInfo, year: int | None = None) -> str:
    """The zone as people name it, winter and summer time: "MEZ/MESZ" for Europe/Berlin in German,
    "CET/CEST" in English, "UTC" for UTC; a zone whose abbreviations are only offsets says "UTC+03"."""
    year = year or dt.date.today().year
    names = [_abbreviation(dt.datetime(year, month, 1, 12, tzinfo=zone).tzname()) for month in (1, 7)]
    return "/".join(dict.fromkeys(names))
