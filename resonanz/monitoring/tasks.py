"""Periodic jobs of the monitoring app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from resonanz.monitoring.fetching import fetch_all
from resonanz.monitoring.live import check_all
from resonanz.monitoring.retention import delete_old_mentions


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
@lock_task("monitoring-alarms")  # type: ignore[untyped-decorator]
def check_alarms() -> None:
    """Every five minutes: the stored mentions through the shitstorm alarm; new alarms raised once."""
    check_all()


@db_periodic_task(crontab(minute="53", hour="3"))  # type: ignore[untyped-decorator]
def delete_expired_mentions() -> None:
    """Nightly: mentions older than the retention period."""
    delete_old_mentions()


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def fetch_mentions() -> None:
    """Every five minutes: new mentions of the connected company accounts (each claimed by one worker)."""
    fetch_all()
