"""When a digest is due: at ``DIGEST_HOUR`` in the organization's time zone, every day or on Mondays."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from resonanz.digests.models import Frequency

DIGEST_HOUR = 7


def next_due(frequency: str, after: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """The first digest time strictly after ``after`` (None for "off"). 07:00 exists on every day,
    also when the clocks change (they change at 02:00 and 03:00)."""
    if frequency == Frequency.OFF:
        return None
    local = after.astimezone(zone)
    day = local.date()
    while True:
        candidate = dt.datetime.combine(day, dt.time(DIGEST_HOUR), tzinfo=zone)
        if candidate > after and (frequency == Frequency.DAILY or candidate.weekday() == 0):
            return candidate
        day += dt.timedelta(days=1)
