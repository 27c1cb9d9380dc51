"""The periodic job of the digests app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.digests.actions.sending import send_due_digests


@db_periodic_task(crontab(minute="7"))  # type: ignore[untyped-decorator]
def digests() -> None:
    """Hourly: send the digests that are due (each at 07:00 local time, daily or on Mondays)."""
    send_due_digests()
