"""Importing a spreadsheet into the open draft: upload → column mapping → dry run → confirmed import.

The upload request only keeps the file; the worker reads it (``read_upload``), within the bounds
of ``reading`` on rows, columns and header length. Nothing reaches the plan before the member
confirms, and then everything or nothing: every row goes through ``actions.add_row`` inside one
transaction, which also records ``plan.imported``. Small files are checked and imported during the
request; larger ones by the worker (``transfer.tasks``), with the progress kept on the ``ImportJob``
row for the page to poll. The uploaded file lives in the default storage (never a local path) and
is deleted when the import is done, has failed or is discarded.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy, override
from django.utils.translation import gettext as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import actions
from resonanz.plan.actions.rows import lock_draft
from resonanz.plan.models import (
    ACTIVE_IMPORT_STATUSES,
    ImportJob,
    ImportStatus,
    PlanVersion,
    VersionStatus,
)
from resonanz.plan.transfer.checking import CheckResult, RowChecker
from resonanz.plan.transfer.columns import IMPORT_FIELDS, suggest_mapping
from resonanz.plan.transfer.reading import MAX_FILE_BYTES, Sheet, detect_format, read_sheet, refuse_size

logger = logging.getLogger(__name__)
# Up to this many rows the dry run and the import run during the request; above, in the worker.
INLINE_ROW_LIMIT = 200
STALE_AFTER = dt.timedelta(hours=24)
STUCK_AFTER = dt.timedelta(hours=1)


def _update(job: ImportJob, **fields: Any) -> None:
    """Write ``fields`` at once (outside any transaction), so the polling page sees them."""
    fields["updated_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _forget_file(name: str) -> None:
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete the uploaded import file %s", name, exc_info=True)


# ---------------------------------------------------------------- 1. upload


@action(Capability.EDIT_PLAN)
def upload_import(member: Membership, version: PlanVersion, upload: UploadedFile[Any]) -> ImportJob:
    """Keep the uploaded file for the worker, which reads it (``read_upload``); nothing is read here.

    Only the size and the first bytes are looked at: what a spreadsheet unpacks to is the worker's
    business, within the bounds of ``reading``.
    """
    if version.status != VersionStatus.DRAFT:
        raise ActionRefused(
            gettext_lazy("Rows can only be imported into a draft. Start a new draft first."), code="frozen"
        )
    refuse_size(upload.size or 0)
    data = upload.read(MAX_FILE_BYTES + 1)
    refuse_size(len(data))
    file_format = detect_format(upload.name or "", data[:8])
    stored = default_storage.save(
        f"plan/imports/{member.organization_id}/{uuid.uuid4().hex}.{file_format}", ContentFile(data)
    )
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                organization_id=member.organization_id,
                version=version,
                created_by=member,
                file_name=(upload.name or "import")[-255:],
                file_format=file_format,
                file_size=len(data),
                stored_file=stored,
                language=(get_language() or "de")[:8],
                status=ImportStatus.READING,
            )
            _record(member, job, "plan.import_uploaded", size=len(data))
    except BaseException:
        _forget_file(stored)
        raise
    return job


@system_step
def read_upload(import_job_id: int) -> None:
    """The worker's first step: read the kept file, note its columns and rows, suggest a mapping."""
    job = ImportJob.objects.filter(pk=import_job_id, status=ImportStatus.READING).first()
    if job is None:  # discarded, or read by an earlier delivery
        return
    with override(job.language):
        try:
            sheet = load_sheet(job)
        except ActionRefused as error:
            stored = job.stored_file
            _fail(job, str(error.messages[0]))
            _forget_file(stored)
            return
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READING).update(
        headers=sheet.headers,
        mapping=suggest_mapping(sheet.headers),
        total_rows=len(sheet.rows),
        status=ImportStatus.UPLOADED,
        updated_at=timezone.now(),
    )


def load_sheet(job: ImportJob) -> Sheet:
    if not job.stored_file or not default_storage.exists(job.stored_file):
        raise ActionRefused(
            gettext_lazy("The uploaded file is no longer there. Upload it again."), code="gone"
        )
    with default_storage.open(job.stored_file, "rb") as stored:
        data = stored.read()
    return read_sheet(data, job.file_format)


# ---------------------------------------------------------------- 2. mapping and dry run


def clean_mapping(job: ImportJob, mapping: dict[str, int | None]) -> dict[str, int]:
    """Keep chosen columns that exist; refuse one column for two fields."""
    cleaned: dict[str, int] = {}
    for key, index in mapping.items():
        if key not in IMPORT_FIELDS or index is None:
            continue
        if not 0 <= index < len(job.headers):
            raise ActionRefused(gettext_lazy("Choose a column of the file."), field=key)
        if index in cleaned.values():
            raise ActionRefused(
                gettext_lazy("The column “%(column)s” is chosen twice."),
                params={"column": job.headers[index]},
                field=key,
            )
        cleaned[key] = index
    if not cleaned:
        raise ActionRefused(gettext_lazy("Choose at least one column to import."))
    return cleaned


@action(Capability.EDIT_PLAN)
def map_columns(member: Membership, job: ImportJob, mapping: dict[str, int | None]) -> ImportJob:
    """Store the mapping and mark the job for its dry run (the caller runs or queues ``check_import``)."""
    cleaned = clean_mapping(job, mapping)
    with transaction.atomic():
        changed = ImportJob.objects.filter(
            pk=job.pk, status__in=[ImportStatus.UPLOADED, ImportStatus.CHECKED]
        ).update(
            mapping=cleaned,
            status=ImportStatus.CHECKING,
            processed_rows=0,
            problems=[],
            error_count=0,
            warning_count=0,
            valid_rows=0,
            updated_at=timezone.now(),
        )
        if not changed:
            raise ActionRefused(
                gettext_lazy("This import is already running or finished."), code="wrong_status"
            )
        job.refresh_from_db()
        _record(member, job, "plan.import_mapped", mapping=cleaned)
    return job


def _record(member: Membership, job: ImportJob, action: str, **data: Any) -> None:
    """An import's steps in the trail: who brought which file into which draft, and what came of it."""
    audit.record(
        member.organization,
        member,
        action,
        job,
        object_repr=job.file_name,
        after={"version": job.version.number, "file": job.file_name, "format": job.file_format, **data},
    )


def _member(membership_id: int) -> Membership:
    return Membership.objects.select_related("user", "organization").get(pk=membership_id)


def _fail(job: ImportJob, message: str) -> None:
    _update(job, status=ImportStatus.FAILED, error=message, finished_at=timezone.now(), stored_file="")


@system_step
def check_import(import_job_id: int) -> None:
    """The dry run: read every row, store the findings. Writes nothing but the job's own row."""
    job = ImportJob.objects.select_related("version__plan__organization").filter(pk=import_job_id).first()
    if job is None or job.status != ImportStatus.CHECKING:  # discarded, or checked by an earlier delivery
        return
    member = _member(job.created_by_id)
    with override(job.language):
        try:
            sheet = load_sheet(job)
            checker = RowChecker(member, sheet, job.mapping)
            result = checker.check(progress=lambda done: _update(job, processed_rows=done))
        except ActionRefused as error:
            stored = job.stored_file
            _fail(job, str(error.messages[0]))
            _forget_file(stored)
            return
    _store_result(job, result)


def _store_result(job: ImportJob, result: CheckResult) -> None:
    _update(
        job,
        status=ImportStatus.CHECKED,
        processed_rows=job.total_rows,
        valid_rows=result.valid_rows,
        error_count=result.error_count,
        warning_count=result.warning_count,
        problems=[problem.as_dict() for problem in result.problems],
    )


# ---------------------------------------------------------------- 3. confirmed import


@action(Capability.EDIT_PLAN)
def confirm_import(member: Membership, job: ImportJob) -> ImportJob:
    """Queue a checked job without errors for import; a second click changes nothing.

    Refused, with nothing changed, when the target version can no longer change (it was submitted,
    approved or published since the file was uploaded).
    """
    with transaction.atomic():
        if job.status == ImportStatus.CHECKED:
            _refuse_frozen_target(job)
        claimed = ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.CHECKED, error_count=0, valid_rows__gt=0
        ).update(status=ImportStatus.QUEUED, updated_at=timezone.now())
        job.refresh_from_db()
        if claimed:
            _record(member, job, "plan.import_confirmed", rows=job.valid_rows)
    if not claimed and job.status not in (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.DONE):
        raise ActionRefused(
            gettext_lazy("Only a checked file without errors can be imported."), code="wrong_status"
        )
    return job


def target_is_frozen(job: ImportJob) -> bool:
    """Whether the version the import is for can no longer change (it is no longer a draft)."""
    status = PlanVersion.objects.filter(pk=job.version_id).values_list("status", flat=True).first()
    return status != VersionStatus.DRAFT


def _refuse_frozen_target(job: ImportJob) -> None:
    version = PlanVersion.objects.select_for_update().get(pk=job.version_id)
    if version.status != VersionStatus.DRAFT:
        raise ActionRefused(
            gettext_lazy(
                "Version %(number)s has the status “%(status)s” and can no longer change, so nothing can "
                "be imported into it. Start a new draft and import the file there."
            ),
            params={"number": version.number, "status": version.get_status_display()},
            code="frozen",
        )


class ProgressWriter:
    """Reports progress from inside the import's transaction through a second database connection.

    Only PostgreSQL can do that: SQLite has a single writer, which the import holds until it commits,
    so there the page shows the import as running until it is done.
    """

    def __init__(self, job: ImportJob, every: int = 50) -> None:
        self.job_id = job.pk
        self.every = every
        self.connection = None
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int) -> None:
        if self.connection is None or done % self.every:
            return
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET processed_rows = %s WHERE id = %s", [done, self.job_id])  # noqa: S608

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@action(Capability.EDIT_PLAN)
def import_rows(member: Membership, job: ImportJob, progress: Callable[[int], None] | None = None) -> int:
    """Add every row of the checked file to the draft, all or nothing; return how many were added.

    The file is checked again first: reference data or the draft may have changed since the dry run.
    """
    result = RowChecker(member, load_sheet(job), job.mapping).check()
    if result.error_count:
        raise ActionRefused(
            ngettext_lazy(
                "Since the check, %(count)s row has become faulty. Please check the file again.",
                "Since the check, %(count)s rows have become faulty. Please check the file again.",
                "count",
            ),
            params={"count": len(result.error_lines)},
            code="changed",
        )
    with transaction.atomic():
        version = lock_draft(member, job.version)
        for done, checked in enumerate(result.rows, start=1):
            try:
                actions.add_row(member, version, **checked.values)
            except ActionRefused as error:
                raise ActionRefused(
                    gettext_lazy("Line %(line)s: %(message)s"),
                    params={"line": checked.line, "message": error.messages[0]},
                    code="row_refused",
                ) from None
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
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            processed_rows=len(result.rows),
            imported_rows=len(result.rows),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            stored_file="",
        )
    return len(result.rows)


@system_step
def run_import(import_job_id: int, membership_id: int) -> None:
    """Claim a queued job (only one worker gets it) and import it as the member who confirmed it.

    A refusal marks the job failed, with the reason in the language of the member who uploaded it.
    """
    claimed = ImportJob.objects.filter(pk=import_job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("version__plan__organization").get(pk=import_job_id)
    stored = job.stored_file
    token = audit.job_id_var.set(f"plan-import-{job.pk}")
    progress = ProgressWriter(job)
    try:
        with override(job.language):
            try:
                import_rows(_member(membership_id), job, progress)
            except ActionRefused as error:
                _fail(job, str(error.messages[0]))
            except (PermissionDenied, Http404):
                _fail(job, _("You may no longer edit this plan, so nothing was imported."))
    finally:
        progress.close()
        audit.job_id_var.reset(token)
        _forget_file(stored)


@action(Capability.EDIT_PLAN)
def discard_import(member: Membership, job: ImportJob) -> None:
    """Drop an import that is not running, and its file."""
    if job.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING):
        raise ActionRefused(
            gettext_lazy("The import is running and cannot be discarded now."), code="running"
        )
    stored = job.stored_file
    with transaction.atomic():
        _record(member, job, "plan.import_discarded")
        ImportJob.objects.filter(pk=job.pk).delete()
    _forget_file(stored)


@system_step
def forget_stale_imports(now: dt.datetime | None = None) -> int:
    """Delete the files of imports nobody finished, and fail imports whose worker died. Returns how many."""
    moment = now or timezone.now()
    handled = 0
    stale = ImportJob.objects.filter(
        status__in=[ImportStatus.UPLOADED, ImportStatus.CHECKED], updated_at__lt=moment - STALE_AFTER
    )
    for job in stale[:500]:
        _forget_file(job.stored_file)
        job.delete()
        handled += 1
    stuck = ImportJob.objects.filter(
        status__in=[
            s for s in ACTIVE_IMPORT_STATUSES if s not in (ImportStatus.UPLOADED, ImportStatus.CHECKED)
        ],
        updated_at__lt=moment - STUCK_AFTER,
    )
    for job in stuck[:500]:
        with override(job.language):
            message = _("The import stopped unexpectedly and nothing was imported. Please start it again.")
        # Conditional, so a job that finished a moment ago keeps its result.
        if ImportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
            status=ImportStatus.FAILED, error=message, finished_at=moment, stored_file=""
        ):
            _forget_file(job.stored_file)
            handled += 1
    return handled
