"""Periodic jobs of the competence app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.competence.actions.reminders import send_expiry_reminders


@db_periodic_task(crontab(minute="23"))  # type: ignore[untyped-decorator]
def expiry_reminders() -> None:
    """Hourly: remind holders (and the quality officers) of certificates that run out within 30 days."""
    send_expiry_reminders()
