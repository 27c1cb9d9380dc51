"""Periodic jobs of the plan app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.plan.actions.reminders import send_review_reminders


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]
def review_reminders() -> None:
    """Hourly: e-mail plan owners whose review is due soon or overdue (each reminder once)."""
    send_review_reminders()
