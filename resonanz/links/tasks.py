"""Periodic jobs of the links app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from resonanz.links.ingest import ingest
from resonanz.links.retention import delete_old_clicks


@db_periodic_task(crontab())  # type: ignore[untyped-decorator]
@lock_task("links-ingest")  # type: ignore[untyped-decorator]
def ingest_clicks() -> None:
    """Every minute: the click logs into the database and the daily rollups."""
    ingest()


@db_periodic_task(crontab(minute="41", hour="3"))  # type: ignore[untyped-decorator]
def delete_expired_clicks() -> None:
    """Nightly: raw clicks older than the retention period."""
    delete_old_clicks()
