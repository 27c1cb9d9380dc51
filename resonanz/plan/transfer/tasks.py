"""Jobs of the import: dry runs and imports of large files, clean-up. (PDFs: ``resonanz.documents``.)

Each job reads its state from the database row, so a repeated delivery does no harm: an import is
claimed by a conditional UPDATE (``importer.run_import``).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from resonanz.plan.actions import imports as importer


@db_task()  # type: ignore[untyped-decorator]
def read_upload_task(import_job_id: int) -> None:
    importer.read_upload(import_job_id)


@db_task()  # type: ignore[untyped-decorator]
def check_import_task(import_job_id: int) -> None:
    importer.check_import(import_job_id)


@db_task()  # type: ignore[untyped-decorator]
def import_task(import_job_id: int, membership_id: int) -> None:
    importer.run_import(import_job_id, membership_id)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def forget_stale_imports() -> None:
    """Every quarter of an hour: drop unfinished uploads after a day, fail imports whose worker died."""
    importer.forget_stale_imports()
