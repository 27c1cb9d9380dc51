"""Periodic jobs of the publishing app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.publishing.actions.account_expiry import check_accounts
from resonanz.publishing.delivery import Worker


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def check_network_accounts() -> None:
    """Every 15 minutes: renew X's access before it runs out; verify accounts not checked for a day or
    whose access runs out soon; tell owners once."""
    check_accounts()


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def send_due_deliveries() -> None:
    """Every minute: settle rows a dead worker left in "sending", then send what is due, batch after
    batch, for up to 50 seconds (the next minute's run takes over what is left)."""
    Worker().drain(seconds=50)
