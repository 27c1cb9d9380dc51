"""The dates resonanz accepts from people: between ``EARLIEST`` and ``LATEST``, named once.

A date far outside (the year 1 or 9999) cannot be moved into another time zone or by a day without
overflowing, and no plan, period or audit record needs it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

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
