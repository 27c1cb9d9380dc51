"""The document jobs: make a PDF, and every quarter of an hour tidy the jobs up."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from resonanz.documents import jobs


@db_task()  # type: ignore[untyped-decorator]
def render_document_task(job_id: int) -> None:
    jobs.run_job(job_id)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def prune_document_jobs() -> None:
    """Fail jobs whose worker died; forget PDFs older than a day."""
    jobs.prune_jobs()
