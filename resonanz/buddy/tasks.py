"""Jobs of the buddy programme: large matching runs, and failing runs whose worker died.

Each job reads its state from the run's row, so a repeated delivery does no harm: a run is claimed by a
conditional UPDATE (``actions.matching.run_queued_matching``).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from resonanz.buddy.actions import matching


@db_task()  # type: ignore[untyped-decorator]
def matching_task(matching_run_id: int) -> None:
    matching.run_queued_matching(matching_run_id)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def fail_stuck_matching_runs() -> None:
    """Every quarter of an hour: fail runs whose worker died, so they block no further run."""
    matching.fail_stuck_runs()
