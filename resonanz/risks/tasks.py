"""Periodic jobs of the risks app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.risks.actions import send_review_reminders


@db_periodic_task(crontab(hour="6", minute="17"))  # type: ignore[untyped-decorator]
def review_reminders() -> None:
    """Daily: remind owners of risks whose effectiveness review is due (once per due date)."""
    send_review_reminders()
