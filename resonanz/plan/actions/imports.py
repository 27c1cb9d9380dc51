"""Importing a spreadsheet into the open draft: upload → column mapping → dry run → confirmed import.

The steps are the shared import pipeline's (``resonanz.core.imports.jobs``); this module is the plan's
kind of import (its columns, its row checker, its writer: every row through ``actions.add_row`` inside
one transaction, which also records ``plan.imported``) and its guarded actions. Nothing reaches the
plan before the member confirms, and then everything or nothing. Small files are checked and imported
during the request; larger ones by the worker (``transfer.tasks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.imports import jobs
from resonanz.core.imports.checking import CheckResult
from resonanz.core.imports.jobs import ProgressWriter as ProgressWriter
from resonanz.core.imports.reading import Sheet
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import actions
from resonanz.plan.actions.rows import lock_draft
from resonanz.plan.models import ImportJob, PlanVersion, VersionStatus
from resonanz.plan.transfer.checking import RowChecker
from resonanz.plan.transfer.columns import COLUMN_SET

INLINE_ROW_LIMIT = jobs.INLINE_ROW_LIMIT


class PlanImport(jobs.ImportKind[ImportJob]):
    name = "plan"
    model = ImportJob
    columns = COLUMN_SET

    def with_related(self) -> QuerySet[ImportJob]:
        return ImportJob.objects.select_related("version__plan__organization")

    def checker(self, member: Membership, sheet: Sheet, job: ImportJob) -> RowChecker:
        return RowChecker(member, sheet, job.mapping)

    def audit_data(self, job: ImportJob) -> dict[str, Any]:
        return {"version": job.version.number}

    def refuse_confirm(self, job: ImportJob) -> None:
        version = PlanVersion.objects.select_for_update().get(pk=job.version_id)
        if version.status != VersionStatus.DRAFT:
            raise ActionRefused(
                gettext_lazy(
                    "Version %(number)s has the status “%(status)s” and can no longer change, so nothing "
                    "can be imported into it. Start a new draft and import the file there."
                ),
                params={"number": version.number, "status": version.get_status_display()},
                code="frozen",
            )

    def lost_rights_message(self) -> str:
        return _("You may no longer edit this plan, so nothing was imported.")

    def write(
        self, member: Membership, job: ImportJob, result: CheckResult, progress: jobs.Progress | None
    ) -> int:
        version = lock_draft(member, job.version)
        for done, checked in enumerate(result.rows, start=1):
            try:
                actions.add_row(member, version, **checked.values)
            except ActionRefused as error:
                raise jobs.row_refused(checked.line, error) from None
            if progress is not None:
                progress(done)
        audit.record(
            version.plan.organization,
            member,
            "plan.imported",
            version,
            after={
                "version": version.number,
                "file": job.file_name,
                "format": job.file_format,
                "rows": len(result.rows),
                "warnings": result.warning_count,
                "import_job": job.pk,
            },
        )
        return len(result.rows)


PLAN_IMPORT = PlanImport()


@action(Capability.EDIT_PLAN)
def upload_import(member: Membership, version: PlanVersion, upload: UploadedFile[Any]) -> ImportJob:
    """Keep the uploaded file for the worker, which reads it (``read_upload``); nothing is read here."""
    if version.status != VersionStatus.DRAFT:
        raise ActionRefused(
            gettext_lazy("Rows can only be imported into a draft. Start a new draft first."), code="frozen"
        )
    return jobs.upload(PLAN_IMPORT, member, upload, version=version)


@system_step
def read_upload(import_job_id: int) -> None:
    """The worker's first step: read the kept file, note its columns and rows, suggest a mapping."""
    jobs.read_upload(PLAN_IMPORT, import_job_id)


def load_sheet(job: ImportJob) -> Sheet:
    return jobs.load_sheet(job)


def clean_mapping(job: ImportJob, mapping: dict[str, int | None]) -> dict[str, int]:
    """Keep chosen columns that exist; refuse one column for two fields."""
    return jobs.clean_mapping(PLAN_IMPORT, job, mapping)


@action(Capability.EDIT_PLAN)
def map_columns(member: Membership, job: ImportJob, mapping: dict[str, int | None]) -> ImportJob:
    """Store the mapping and mark the job for its dry run (the caller runs or queues ``check_import``)."""
    return jobs.map_columns(PLAN_IMPORT, member, job, mapping)


@system_step
def check_import(import_job_id: int) -> None:
    """The dry run: read every row, store the findings. Writes nothing but the job's own row."""
    jobs.check(PLAN_IMPORT, import_job_id)


@action(Capability.EDIT_PLAN)
def confirm_import(member: Membership, job: ImportJob) -> ImportJob:
    """Queue a checked job without errors for import; a second click changes nothing.

    Refused, with nothing changed, when the target version can no longer change (it was submitted,
    approved or published since the file was uploaded).
    """
    return jobs.confirm(PLAN_IMPORT, member, job)


def target_is_frozen(job: ImportJob) -> bool:
    """Whether the version the import is for can no longer change (it is no longer a draft)."""
    status = PlanVersion.objects.filter(pk=job.version_id).values_list("status", flat=True).first()
    return status != VersionStatus.DRAFT


@action(Capability.EDIT_PLAN)
def import_rows(member: Membership, job: ImportJob, progress: jobs.Progress | None = None) -> int:
    """Add every row of the checked file to the draft, all or nothing; return how many were added.

    The file is checked again first: reference data or the draft may have changed since the dry run.
    """
    return jobs.import_rows(PLAN_IMPORT, member, job, progress)


@system_step
def run_import(import_job_id: int, membership_id: int) -> None:
    """Claim a queued job (only one worker gets it) and import it as the member who confirmed it."""
    jobs.run(PLAN_IMPORT, import_job_id, membership_id, import_rows)


@action(Capability.EDIT_PLAN)
def discard_import(member: Membership, job: ImportJob) -> None:
    """Drop an import that is not running, and its file."""
    jobs.discard(PLAN_IMPORT, member, job)


@system_step
def forget_stale_imports(now: dt.datetime | None = None) -> int:
    """Delete the files of imports nobody finished, and fail imports whose worker died. Returns how many."""
    return jobs.forget_stale(PLAN_IMPORT, now)
