"""What the import pages of every kind do alike: the mapping form's submission, the progress poll, the
choice between the request and the worker, and discarding. Each app's views pass their own actions,
URLs and templates; the templates' shared pieces are ``core/imports/_mapping.html``, ``_findings.html``
and ``_progress.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.imports.forms import MappingForm
from resonanz.core.imports.models import ImportJobBase, ImportStatus

J = TypeVar("J", bound=ImportJobBase)


def run_here_or_queue(
    job: ImportJobBase, limit: int, here: Callable[..., None], queue: Callable[..., None], *args: Any
) -> None:
    """Run a step during the request for a file of at most ``limit`` rows; else hand it to the worker."""
    (here if job.total_rows <= limit else queue)(*args)


def submit_mapping(
    request: MemberRequest,
    job: J,
    form: MappingForm,
    save: Callable[[], J],
    then: Callable[[J], HttpResponse],
) -> HttpResponse | None:
    """On POST: store the mapping (``save``) and go on (``then``); None while the page is to be shown
    again (on GET, or with the form's errors after a POST, which the caller answers with 400)."""
    if request.method != "POST":
        return None
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED):
        form.add_error(None, _("This import is already running or finished."))
    elif form.is_valid():
        try:
            saved = save()
        except ActionRefused as error:
            error.show_on(form)
        else:
            return then(saved)
    return None


def shows_mapping(request: MemberRequest, job: ImportJobBase) -> bool:
    """The mapping form is open before the first check, after one with errors, or when asked for."""
    return job.status in (ImportStatus.UPLOADED, ImportStatus.CHECKED) and (
        job.status == ImportStatus.UPLOADED or job.error_count > 0 or "mapping" in request.GET
    )


def progress(request: MemberRequest, job: ImportJobBase, template: str, job_url: str) -> HttpResponse:
    """The progress bar, polled every second; when the job has moved on, the whole page reloads."""
    if not wants_fragment(request):
        return redirect(job_url)
    if not job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, template, {"job": job})


def discard(
    request: MemberRequest, discard_job: Callable[[], None], job_url: str, after_url: str
) -> HttpResponse:
    """Discard the import (``discard_job``), or say why it cannot be discarded now."""
    try:
        discard_job()
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(job_url)
    messages.success(request, _("The import has been discarded. Nothing was changed."))
    return redirect(after_url)


def confirm_and_start(
    request: MemberRequest,
    confirm_job: Callable[[], J],
    start: Callable[[J], None],
    job_url: str,
) -> J | HttpResponse:
    """Confirm the checked import and start it (here or in the worker); the job as it is then, or a
    redirect to the job's page with the reason it could not be confirmed."""
    try:
        job = confirm_job()
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(job_url)
    if job.status == ImportStatus.QUEUED:
        start(job)
    job.refresh_from_db()
    return job
