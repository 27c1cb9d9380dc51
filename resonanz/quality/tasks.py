"""Periodic jobs of the quality app; both are safe on several workers (unique source keys and claims)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.quality.actions.deviations import open_all_deviation_incidents
from resonanz.quality.actions.reminders import send_quality_reminders


@db_periodic_task(crontab(minute="23"))  # type: ignore[untyped-decorator]
def deviation_incidents() -> None:
    """Hourly: open an incident for each new deviation from the communication plan."""
    open_all_deviation_incidents()


@db_periodic_task(crontab(minute="53", hour="6"))  # type: ignore[untyped-decorator]
def quality_reminders() -> None:
    """Daily: remind owners of overdue corrective actions and of effectiveness checks that are due."""
    send_quality_reminders()
