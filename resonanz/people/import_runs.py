"""The people import in one go, for the command line and the API: the page's steps, without the pauses.

``start`` takes the file, reads it, maps the columns as the page suggests them and runs the dry run;
without ``dry_run`` (and without errors) it confirms and imports, exactly as the page's buttons do. A
file of more rows than ``INLINE_ROW_LIMIT`` goes to the worker when ``background`` allows it.
``document`` is the result as the API and ``--json`` give it.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile

from resonanz.core.errors import ActionRefused
from resonanz.core.imports.models import ImportStatus
from resonanz.core.models import Membership
from resonanz.people import tasks
from resonanz.people.actions import imports as importer
from resonanz.people.models import PeopleImportJob


def start(
    member: Membership,
    upload: UploadedFile[Any],
    *,
    dry_run: bool = True,
    invite: bool = False,
    missing_are_leavers: bool = False,
    background: bool = False,
) -> PeopleImportJob:
    """Upload, read, map and check the file; import it unless ``dry_run``. Refusals of the file or of
    the columns (no e-mail column) are raised as ``ActionRefused``, with nothing kept."""
    job = importer.upload_people_import(member, upload)
    importer.read_people_upload(job.pk)
    job.refresh_from_db()
    if job.status == ImportStatus.FAILED:
        raise ActionRefused(job.error, field="file", code="unreadable")
    try:
        job = importer.map_people_columns(
            member, job, dict(job.mapping), invite=invite, missing_are_leavers=missing_are_leavers
        )
    except ActionRefused:
        importer.discard_people_import(member, job)
        raise
    if background and job.total_rows > importer.INLINE_ROW_LIMIT:
        if dry_run:
            tasks.check_people_import_task(job.pk)
        else:
            tasks.check_then_import_task(job.pk, member.pk)
    elif dry_run:
        importer.check_people_import(job.pk)
    else:
        tasks.check_then_import(job.pk, member.pk)
    job.refresh_from_db()
    return job


def document(job: PeopleImportJob) -> dict[str, Any]:
    """The job's state, figures and findings: what ``--json`` prints and the API answers."""
    summary = job.summary or {}
    return {
        "id": job.pk,
        "file": job.file_name,
        "status": job.status,
        "rows": job.total_rows,
        "new": summary.get("new", 0),
        "updated": summary.get("updated", 0),
        "unchanged": summary.get("unchanged", 0),
        "leavers": summary.get("leavers", 0),
        "errors": job.error_count,
        "warnings": job.warning_count,
        "imported": job.imported_rows if job.status == ImportStatus.DONE else 0,
        "invite": job.invite,
        "missing_are_leavers": job.missing_are_leavers,
        "missing_leavers": summary.get("missing", []),
        "problems": job.problems,
        "error": job.error,
    }
