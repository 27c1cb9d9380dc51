"""The people import under /api/v1/people: the page's import in one request (``people.import_runs``).

``POST /people/import`` takes the HR export as multipart ``file`` with the options as form fields and
answers the dry run's result, or the import's. A file of more than ``INLINE_ROW_LIMIT`` rows goes to
the worker: the answer is then 202 with ``Retry-After`` and ``Location``, the job's status address,
which answers the same document once the worker is done.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile

from resonanz.api_auth import member_of
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.people import access, import_runs
from resonanz.people.api import router


class PeopleImportOptions(Schema):
    dry_run: bool = True
    invite: bool = False
    leavers_missing: bool = False


class PeopleImportProblem(Schema):
    line: int
    column: str
    value: str
    message: str
    level: str


class PeopleImportLeaver(Schema):
    email: str
    name: str


class PeopleImportOut(Schema):
    """An import's state, its figures and its row-level findings (in the caller's language)."""

    id: int
    file: str
    status: str
    rows: int
    new: int
    updated: int
    unchanged: int
    leavers: int
    errors: int
    warnings: int
    imported: int
    invite: bool
    missing_are_leavers: bool
    missing_leavers: list[PeopleImportLeaver]
    problems: list[PeopleImportProblem]
    error: str


_DESCRIPTION = (
    "`status` is `checked` after a dry run, or after an import refused for row errors (nothing was "
    "changed: see `problems`), and `done` after an import. 202: the worker checks (and imports) a large "
    "file; ask the address in `Location` after `Retry-After` seconds. 422: the file was refused as a "
    "whole (too large, unreadable, no e-mail column)."
)


@router.post(
    "/import",
    response={200: PeopleImportOut, 202: PeopleImportOut},
    summary="Import people from an HR export (CSV or XLSX), or check it (dry run)",
    description=_DESCRIPTION,
)
def import_people(request: ApiRequest, file: File[UploadedFile], options: Form[PeopleImportOptions]) -> Any:
    member = member_of(request, Capability.MANAGE_PEOPLE)
    job = import_runs.start(
        member,
        file,
        dry_run=options.dry_run,
        invite=options.invite,
        missing_are_leavers=options.leavers_missing,
        background=True,
    )
    if job.is_running:
        pending = JsonResponse(import_runs.document(job), status=202)
        pending["Retry-After"] = "2"
        pending["Location"] = f"{request.path.rsplit('/', 1)[0]}/imports/{job.pk}"
        return pending
    return Status(200, import_runs.document(job))


@router.get(
    "/imports/{people_import_job_id}",
    response=PeopleImportOut,
    summary="A people import's state, figures and findings",
)
def get_people_import(request: ApiRequest, people_import_job_id: int) -> dict[str, Any]:
    member = member_of(request, Capability.MANAGE_PEOPLE)
    return import_runs.document(access.get_import_job_for(member, people_import_job_id))
