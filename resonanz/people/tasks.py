"""Jobs of the people import: reading, dry runs and imports of large files, clean-up.

Each job reads its state from the database row, so a repeated delivery does no harm: an import is
claimed by a conditional UPDATE (``core.imports.jobs.run``).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from resonanz.core.models import Membership
from resonanz.people.actions import imports as importer
from resonanz.people.models import PeopleImportJob


@db_task()  # type: ignore[untyped-decorator]
def read_people_upload_task(import_job_id: int) -> None:
    importer.read_people_upload(import_job_id)


@db_task()  # type: ignore[untyped-decorator]
def check_people_import_task(import_job_id: int) -> None:
    importer.check_people_import(import_job_id)


@db_task()  # type: ignore[untyped-decorator]
def people_import_task(import_job_id: int, membership_id: int) -> None:
    importer.run_people_import(import_job_id, membership_id)


def check_then_import(import_job_id: int, membership_id: int) -> None:
    """The API's import without a dry run: check, and import when no row has an error."""
    importer.check_people_import(import_job_id)
    job = PeopleImportJob.objects.get(pk=import_job_id)
    if job.error_count or not job.valid_rows:
        return
    member = Membership.objects.select_related("user", "organization").get(pk=membership_id)
    importer.confirm_people_import(member, job)
    importer.run_people_import(import_job_id, membership_id)


@db_task()  # type: ignore[untyped-decorator]
def check_then_import_task(import_job_id: int, membership_id: int) -> None:
    check_then_import(import_job_id, membership_id)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def forget_stale_people_imports() -> None:
    """Every quarter of an hour: drop unfinished uploads after a day, fail imports whose worker died."""
    importer.forget_stale_people_imports()
