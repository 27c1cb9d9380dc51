"""Importing a spreadsheet into the draft: upload, column mapping, dry run, confirmation, progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.imports import views as imports_views
from resonanz.core.roles import Capability
from resonanz.plan import access
from resonanz.plan.actions import imports as importer
from resonanz.plan.models import CommunicationPlan, ImportJob, ImportStatus, PlanVersion, VersionStatus
from resonanz.plan.transfer import tasks
from resonanz.plan.transfer.exporters import XLSX_CONTENT_TYPE, template_filename, template_xlsx_bytes
from resonanz.plan.transfer.forms import MappingForm, UploadForm
from resonanz.plan.views.plan_scope import plan_context

RECENT_IMPORTS = 5


def _draft_of(plan: CommunicationPlan) -> PlanVersion | None:
    version = access.open_version(plan)
    return version if version is not None and version.status == VersionStatus.DRAFT else None


def _job_url(job: ImportJob) -> str:
    return reverse("plan:plan_import_job", args=[job.version.plan.organization.slug, job.pk])


def _page(
    request: MemberRequest, plan: CommunicationPlan, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = plan_context(request.member, plan, "import")
    context.update(extra)
    return render(request, template, context, status=status)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_import(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """Upload a spreadsheet for the plan's draft; nothing is imported yet."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.EDIT_PLAN)
    draft = _draft_of(plan)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if draft is None:
            form.add_error(None, _("Rows can only be imported into a draft. Start a new draft first."))
        elif form.is_valid():
            try:
                job = importer.upload_import(member, draft, form.cleaned_data["file"])
            except ActionRefused as error:
                error.show_on(form)
            else:
                tasks.read_upload_task(job.pk)  # the worker reads the file; the page shows it reading
                return redirect(_job_url(job))
        status = 400
    recent = ImportJob.objects.filter(version__plan=plan).select_related("created_by__user")[:RECENT_IMPORTS]
    return _page(
        request, plan, "plan/transfer/import_upload.html", status, form=form, draft=draft, recent=recent
    )


@org_view(Capability.EDIT_PLAN)
@require_GET
def plan_import_template(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """An empty matrix with the columns the import knows and notes on how to fill them in."""
    plan = access.get_plan_for(request.member, communication_plan_id, Capability.EDIT_PLAN)
    response = HttpResponse(template_xlsx_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(plan)}"'
    return response


def _start_check(job: ImportJob) -> None:
    # Read at call time: the module's limit and tasks are what tests (and settings) change.
    imports_views.run_here_or_queue(
        job, importer.INLINE_ROW_LIMIT, importer.check_import, tasks.check_import_task, job.pk
    )


def _start_import(job: ImportJob, member_id: int) -> None:
    imports_views.run_here_or_queue(
        job, importer.INLINE_ROW_LIMIT, importer.run_import, tasks.import_task, job.pk, member_id
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_import_job(request: MemberRequest, import_job_id: int) -> HttpResponse:
    """One import in whatever state it is: mapping, checking, findings, importing, done or failed."""
    member = request.member
    job = access.get_import_job_for(member, import_job_id)
    form = MappingForm(request.POST if request.method == "POST" else None, job=job)

    def checked(saved: ImportJob) -> HttpResponse:
        _start_check(saved)
        return redirect(_job_url(saved))

    done = imports_views.submit_mapping(
        request, job, form, lambda: importer.map_columns(member, job, form.mapping()), checked
    )
    if done is not None:
        return done
    return _job_page(request, job, form, status=400 if request.method == "POST" else 200)


def _job_page(request: MemberRequest, job: ImportJob, form: MappingForm, status: int = 200) -> HttpResponse:
    return _page(
        request,
        job.version.plan,
        "plan/transfer/import_job.html",
        status,
        job=job,
        form=form,
        draft=job.version,
        # The version may have been submitted or published since the upload: say so before the click.
        target_frozen=job.status not in (ImportStatus.DONE, ImportStatus.FAILED)
        and importer.target_is_frozen(job),
        show_mapping=imports_views.shows_mapping(request, job),
    )


@org_view(Capability.EDIT_PLAN)
@require_GET
def plan_import_progress(request: MemberRequest, import_job_id: int) -> HttpResponse:
    """The progress bar, polled every second; when the job has moved on, the whole page reloads."""
    job = access.get_import_job_for(request.member, import_job_id)
    return imports_views.progress(request, job, "plan/transfer/_import_progress.html", _job_url(job))


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_import_confirm(request: MemberRequest, import_job_id: int) -> HttpResponse:
    """Import the checked rows into the draft (all or nothing)."""
    member = request.member
    job = access.get_import_job_for(member, import_job_id)
    if job.status == ImportStatus.DONE:  # a second click, or the back button
        messages.info(request, _("This file has been imported already; nothing was added again."))
        return redirect("plan:plan_version", job.version.plan.organization.slug, job.version_id)
    confirmed = imports_views.confirm_and_start(
        request,
        lambda: importer.confirm_import(member, job),
        lambda queued: _start_import(job, member.pk),
        _job_url(job),
    )
    if isinstance(confirmed, HttpResponse):
        return confirmed
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:
        messages.success(
            request,
            ngettext(
                "%(count)s row was imported into version %(number)s.",
                "%(count)s rows were imported into version %(number)s.",
                job.imported_rows,
            )
            % {"count": job.imported_rows, "number": job.version.number},
        )
        return redirect("plan:plan_version", job.version.plan.organization.slug, job.version_id)
    return redirect(_job_url(job))


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_import_discard(request: MemberRequest, import_job_id: int) -> HttpResponse:
    member = request.member
    job = access.get_import_job_for(member, import_job_id)
    plan = job.version.plan
    return imports_views.discard(
        request,
        lambda: importer.discard_import(member, job),
        _job_url(job),
        reverse("plan:plan_import", args=[plan.organization.slug, plan.pk]),
    )
