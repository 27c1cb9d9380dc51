"""The life of an import job, the same for every kind: upload → read → map → dry run → confirmed import.

The upload request only keeps the file; the worker reads it (``read_upload``), within the bounds of
``reading``. Nothing is written before the member confirms, and then everything or nothing: the kind's
``write`` runs inside one transaction, after the file has been checked once more. Small files are checked
and imported during the request, larger ones by the worker, with the progress on the job's row for the
page to poll; the worker claims a job with a conditional UPDATE, so a repeated delivery does nothing.
The uploaded file lives in the default storage (never a local path) and is deleted when the import is
done, has failed or is discarded.

These are the steps; each app's ``actions`` module declares its guarded actions (capability, tenancy)
and calls them with its ``ImportKind``.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy, override
from django.utils.translation import gettext as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.imports import reading
from resonanz.core.imports.checking import CheckResult, SheetChecker
from resonanz.core.imports.columns import ColumnSet
from resonanz.core.imports.models import ACTIVE_IMPORT_STATUSES, ImportJobBase, ImportStatus
from resonanz.core.models import Membership

logger = logging.getLogger(__name__)
# Up to this many rows the dry run and the import run during the request; above, in the worker.
INLINE_ROW_LIMIT = 200
STALE_AFTER = dt.timedelta(hours=24)
STUCK_AFTER = dt.timedelta(hours=1)

J = TypeVar("J", bound=ImportJobBase)
Progress: TypeAlias = Callable[[int], None]


class ImportKind(Generic[J]):
    """What one kind of import supplies to the pipeline: its job model, columns, checker and writer."""

    name: str  # the audit trail's prefix: "plan" records "plan.import_uploaded", …
    model: type[J]
    columns: ColumnSet

    def rows(self) -> QuerySet[J]:
        """Every job of this kind (the model's default manager, typed)."""
        return self.model._default_manager.all()

    def with_related(self) -> QuerySet[J]:
        return self.rows().select_related("organization")

    def checker(self, member: Membership, sheet: reading.Sheet, job: J) -> SheetChecker:
        raise NotImplementedError

    def write(self, member: Membership, job: J, result: CheckResult, progress: Progress | None) -> int:
        """Write the checked rows (inside the import's transaction, with its own audit records);
        return how many rows changed something."""
        raise NotImplementedError

    def audit_data(self, job: J) -> dict[str, Any]:
        """What the trail says about the job besides its file (the plan: which version)."""
        return {}

    def result_fields(self, result: CheckResult) -> dict[str, Any]:
        """More of the dry run to keep on the job row (the people import: its summary)."""
        return {}

    def refuse_confirm(self, job: J) -> None:
        """Refuse (``ActionRefused``) to import a checked job whose target can no longer take it."""

    def lost_rights_message(self) -> str:
        return _("You may no longer do this import, so nothing was imported.")


def _update(job: ImportJobBase, **fields: Any) -> None:
    """Write ``fields`` at once (outside any transaction), so the polling page sees them."""
    fields["updated_at"] = timezone.now()
    type(job)._default_manager.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def forget_file(name: str) -> None:
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete the uploaded import file %s", name, exc_info=True)


def record(kind: ImportKind[J], member: Membership, job: J, step: str, **data: Any) -> None:
    """An import's steps in the trail: who brought which file in, and what came of it."""
    audit.record(
        member.organization,
        member,
        f"{kind.name}.{step}",
        job,
        object_repr=job.file_name,
        after={**kind.audit_data(job), "file": job.file_name, "format": job.file_format, **data},
    )


def _member(membership_id: int) -> Membership:
    return Membership.objects.select_related("user", "organization").get(pk=membership_id)


def _fail(job: ImportJobBase, message: str) -> None:
    _update(job, status=ImportStatus.FAILED, error=message, finished_at=timezone.now(), stored_file="")


# ---------------------------------------------------------------- 1. upload


def upload(kind: ImportKind[J], member: Membership, file: UploadedFile[Any], **target: Any) -> J:
    """Keep the uploaded file for the worker, which reads it (``read_upload``); nothing is read here.

    Only the size and the first bytes are looked at: what a spreadsheet unpacks to is the worker's
    business, within the bounds of ``reading``. ``target`` are the kind's own fields of the job.
    """
    reading.refuse_size(file.size or 0)
    data = file.read(reading.MAX_FILE_BYTES + 1)
    reading.refuse_size(len(data))
    file_format = reading.detect_format(file.name or "", data[:8])
    stored = default_storage.save(
        f"{kind.name}/imports/{member.organization_id}/{uuid.uuid4().hex}.{file_format}", ContentFile(data)
    )
    try:
        with transaction.atomic():
            job = kind.rows().create(
                organization_id=member.organization_id,
                created_by=member,
                # A name is shown and stored as text: no NUL (PostgreSQL refuses it in text).
                file_name=((file.name or "").replace("\x00", "") or "import")[-255:],
                file_format=file_format,
                file_size=len(data),
                stored_file=stored,
                language=(get_language() or "de")[:8],
                status=ImportStatus.READING,
                **target,
            )
            record(kind, member, job, "import_uploaded", size=len(data))
    except BaseException:
        forget_file(stored)
        raise
    return job


def read_upload(kind: ImportKind[J], import_job_id: int) -> None:
    """The worker's first step: read the kept file, note its columns and rows, suggest a mapping."""
    job = kind.rows().filter(pk=import_job_id, status=ImportStatus.READING).first()
    if job is None:  # discarded, or read by an earlier delivery
        return
    with override(job.language):
        try:
            sheet = load_sheet(job)
        except ActionRefused as error:
            stored = job.stored_file
            _fail(job, str(error.messages[0]))
            forget_file(stored)
            return
    kind.rows().filter(pk=job.pk, status=ImportStatus.READING).update(
        headers=sheet.headers,
        mapping=kind.columns.suggest_mapping(sheet.headers),
        total_rows=len(sheet.rows),
        status=ImportStatus.UPLOADED,
        updated_at=timezone.now(),
    )


def load_sheet(job: ImportJobBase) -> reading.Sheet:
    if not job.stored_file or not default_storage.exists(job.stored_file):
        raise ActionRefused(
            gettext_lazy("The uploaded file is no longer there. Upload it again."), code="gone"
        )
    with default_storage.open(job.stored_file, "rb") as stored:
        data = stored.read()
    return reading.read_sheet(data, job.file_format)


# ---------------------------------------------------------------- 2. mapping and dry run


def clean_mapping(kind: ImportKind[J], job: J, mapping: dict[str, int | None]) -> dict[str, int]:
    """Keep chosen columns that exist; refuse one column for two fields and a required field left out."""
    cleaned: dict[str, int] = {}
    for key, index in mapping.items():
        if key not in kind.columns.import_fields or index is None:
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
    for key in kind.columns.required:
        if key not in cleaned:
            raise ActionRefused(
                gettext_lazy("Choose the column that holds “%(field)s”: the import needs it."),
                params={"field": kind.columns.label(key)},
                field=key,
            )
    return cleaned


def map_columns(
    kind: ImportKind[J], member: Membership, job: J, mapping: dict[str, int | None], **options: Any
) -> J:
    """Store the mapping (and the kind's options) and mark the job for its dry run (``check``)."""
    cleaned = clean_mapping(kind, job, mapping)
    with transaction.atomic():
        changed = (
            kind.rows()
            .filter(pk=job.pk, status__in=[ImportStatus.UPLOADED, ImportStatus.CHECKED])
            .update(
                mapping=cleaned,
                status=ImportStatus.CHECKING,
                processed_rows=0,
                problems=[],
                error_count=0,
                warning_count=0,
                valid_rows=0,
                updated_at=timezone.now(),
                **options,
            )
        )
        if not changed:
            raise ActionRefused(
                gettext_lazy("This import is already running or finished."), code="wrong_status"
            )
        job.refresh_from_db()
        record(kind, member, job, "import_mapped", mapping=cleaned, **options)
    return job


def check(kind: ImportKind[J], import_job_id: int) -> None:
    """The dry run: read every row, store the findings. Writes nothing but the job's own row."""
    job = kind.with_related().filter(pk=import_job_id).first()
    if job is None or job.status != ImportStatus.CHECKING:  # discarded, or checked by an earlier delivery
        return
    member = _member(job.created_by_id)
    with override(job.language):
        try:
            checker = kind.checker(member, load_sheet(job), job)
            result = checker.check(progress=lambda done: _update(job, processed_rows=done))
        except ActionRefused as error:
            stored = job.stored_file
            _fail(job, str(error.messages[0]))
            forget_file(stored)
            return
    _update(
        job,
        status=ImportStatus.CHECKED,
        processed_rows=job.total_rows,
        valid_rows=result.valid_rows,
        error_count=result.error_count,
        warning_count=result.warning_count,
        problems=[problem.as_dict() for problem in result.problems],
        **kind.result_fields(result),
    )


# ---------------------------------------------------------------- 3. confirmed import


def confirm(kind: ImportKind[J], member: Membership, job: J) -> J:
    """Queue a checked job without errors for import; a second click changes nothing."""
    with transaction.atomic():
        if job.status == ImportStatus.CHECKED:
            kind.refuse_confirm(job)
        claimed = (
            kind.rows()
            .filter(pk=job.pk, status=ImportStatus.CHECKED, error_count=0, valid_rows__gt=0)
            .update(status=ImportStatus.QUEUED, updated_at=timezone.now())
        )
        job.refresh_from_db()
        if claimed:
            record(kind, member, job, "import_confirmed", rows=job.valid_rows)
    if not claimed and job.status not in (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.DONE):
        raise ActionRefused(
            gettext_lazy("Only a checked file without errors can be imported."), code="wrong_status"
        )
    return job


class ProgressWriter:
    """Reports progress from inside the import's transaction through a second database connection.

    Only PostgreSQL can do that: SQLite has a single writer, which the import holds until it commits,
    so there the page shows the import as running until it is done.
    """

    def __init__(self, job: ImportJobBase, every: int = 50) -> None:
        self.job_id = job.pk
        self.table = type(job)._meta.db_table
        self.every = every
        self.connection = None
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int) -> None:
        if self.connection is None or done % self.every:
            return
        table = self.connection.ops.quote_name(self.table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET processed_rows = %s WHERE id = %s", [done, self.job_id])  # noqa: S608

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def row_refused(line: int, error: ActionRefused) -> ActionRefused:
    """A refusal of one row's write, naming the line of the file."""
    return ActionRefused(
        gettext_lazy("Line %(line)s: %(message)s"),
        params={"line": line, "message": error.messages[0]},
        code="row_refused",
    )


def import_rows(kind: ImportKind[J], member: Membership, job: J, progress: Progress | None = None) -> int:
    """Write every checked row, all or nothing; return how many rows changed something.

    The file is checked again first: reference data may have changed since the dry run.
    """
    result = kind.checker(member, load_sheet(job), job).check()
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
        written = kind.write(member, job, result, progress)
        kind.rows().filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            processed_rows=len(result.rows),
            imported_rows=written,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            stored_file="",
            **kind.result_fields(result),
        )
    return written


def run(
    kind: ImportKind[J],
    import_job_id: int,
    membership_id: int,
    import_action: Callable[[Membership, J, Progress | None], int],
) -> None:
    """Claim a queued job (only one worker gets it) and import it as the member who confirmed it.

    A refusal marks the job failed, with the reason in the language of the member who uploaded it.
    """
    claimed = (
        kind.rows()
        .filter(pk=import_job_id, status=ImportStatus.QUEUED)
        .update(status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now())
    )
    if not claimed:
        return
    job = kind.with_related().get(pk=import_job_id)
    stored = job.stored_file
    token = audit.job_id_var.set(f"{kind.name}-import-{job.pk}")
    progress = ProgressWriter(job)
    try:
        with override(job.language):
            try:
                import_action(_member(membership_id), job, progress)
            except ActionRefused as error:
                _fail(job, str(error.messages[0]))
            except (PermissionDenied, Http404):
                _fail(job, kind.lost_rights_message())
    finally:
        progress.close()
        audit.job_id_var.reset(token)
        forget_file(stored)


def discard(kind: ImportKind[J], member: Membership, job: J) -> None:
    """Drop an import that is not running, and its file."""
    if job.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING):
        raise ActionRefused(
            gettext_lazy("The import is running and cannot be discarded now."), code="running"
        )
    stored = job.stored_file
    with transaction.atomic():
        record(kind, member, job, "import_discarded")
        kind.rows().filter(pk=job.pk).delete()
    forget_file(stored)


def forget_stale(kind: ImportKind[J], now: dt.datetime | None = None) -> int:
    """Delete the files of imports nobody finished, and fail imports whose worker died. Returns how many."""
    moment = now or timezone.now()
    handled = 0
    stale = kind.rows().filter(
        status__in=[ImportStatus.UPLOADED, ImportStatus.CHECKED], updated_at__lt=moment - STALE_AFTER
    )
    for job in stale[:500]:
        forget_file(job.stored_file)
        job.delete()
        handled += 1
    stuck = kind.rows().filter(
        status__in=[
            s for s in ACTIVE_IMPORT_STATUSES if s not in (ImportStatus.UPLOADED, ImportStatus.CHECKED)
        ],
        updated_at__lt=moment - STUCK_AFTER,
    )
    for job in stuck[:500]:
        with override(job.language):
            message = _("The import stopped unexpectedly and nothing was imported. Please start it again.")
        # Conditional, so a job that finished a moment ago keeps its result.
        if (
            kind.rows()
            .filter(pk=job.pk, status=job.status, updated_at=job.updated_at)
            .update(status=ImportStatus.FAILED, error=message, finished_at=moment, stored_file="")
        ):
            forget_file(job.stored_file)
            handled += 1
    return handled
