"""Periodic jobs of the content app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.content.actions.approval_reminders import send_approval_reminders


@db_periodic_task(crontab(minute="23"))  # type: ignore[untyped-decorator]
def approval_reminders() -> None:
    """Hourly: remind approvers of posts whose approval is overdue (at most once a day per post)."""
    send_approval_reminders()
