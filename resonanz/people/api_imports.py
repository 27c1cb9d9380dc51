"""The people import under /api/v1/people: the page's import in one request (``people.import_runs``).

``POST /people/import`` takes the HR export as multipart ``file`` with the options as form fields
(``dry_run``, true unless it says false; ``invite``; ``leavers_missing``) and
answers the dry run's result, or the import's. A file of more than ``INLINE_ROW_LIMIT`` rows goes to
the worker: the answer is then 202 with ``Retry-After`` and ``Location``, the job's status address,
which answers the same document once the worker is done.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema, Status
from ninja.errors import HttpError

from resonanz.api_auth import member_of
from resonanz.core.errors import ActionRefused
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.people import access, import_runs
from resonanz.people.api import router


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


_OPTIONS = ("dry_run", "invite", "leavers_missing")
_TRUE, _FALSE = frozenset({"true", "1", "on", "yes"}), frozenset({"false", "0", "off", "no", ""})
_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "title": "PeopleImportUpload",
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "the HR export (.csv, .xlsx)",
                    },
                    "dry_run": {
                        "type": "boolean",
                        "default": True,
                        "description": "check only, change nothing",
                    },
                    "invite": {
                        "type": "boolean",
                        "default": False,
                        "description": "e-mail new people a link",
                    },
                    "leavers_missing": {
                        "type": "boolean",
                        "default": False,
                        "description": "members missing from the file have left",
                    },
                },
            }
        }
    },
}


def _options(request: ApiRequest) -> dict[str, bool]:
    """The form fields as booleans; anything else is refused with the field's name."""
    options: dict[str, bool] = {}
    for name in _OPTIONS:
        value = str(request.POST.get(name, "true" if name == "dry_run" else "false")).strip().lower()
        if value not in _TRUE | _FALSE:
            raise ActionRefused(gettext_lazy("Enter true or false."), field=name)
        options[name] = value in _TRUE
    return options


@router.post(
    "/import",
    response={200: PeopleImportOut, 202: PeopleImportOut},
    summary="Import people from an HR export (CSV or XLSX), or check it (dry run)",
    description=_DESCRIPTION,
    openapi_extra={"requestBody": _BODY},
)
def import_people(request: ApiRequest) -> Any:
    # The body is read by hand, after the capability check: a caller without the right learns nothing
    # about what their upload would have said.
    member = member_of(request, Capability.MANAGE_PEOPLE)
    if not (request.content_type or "").lower().startswith("multipart/form-data"):
        raise ActionRefused(gettext_lazy("Send the HR export as multipart/form-data with the field “file”."))
    try:
        options = _options(request)
        upload = request.FILES.get("file")
    except MultiPartParserError:
        raise HttpError(400, _("The request could not be read.")) from None
    if upload is None:
        raise ActionRefused(gettext_lazy("Send the HR export in the field “file”."), field="file")
    job = import_runs.start(
        member,
        upload,
        dry_run=options["dry_run"],
        invite=options["invite"],
        missing_are_leavers=options["leavers_missing"],
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
