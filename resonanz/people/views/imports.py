"""Importing people from an HR export: upload, column mapping with the options, dry run, import, progress.

The pages are the shared import pipeline's (``core/imports`` templates and forms); the figures of the
dry run (new, updated, unchanged, leavers) and the members who would leave come from the job's summary.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.imports import views as imports_views
from resonanz.core.imports.forms import MappingForm, UploadForm
from resonanz.core.imports.models import ImportStatus
from resonanz.core.roles import Capability
from resonanz.people import access, tasks
from resonanz.people.actions import imports as importer
from resonanz.people.hr_import import COLUMNS
from resonanz.people.models import PeopleImportJob

RECENT_IMPORTS = 5


class PeopleMappingForm(MappingForm):
    """The column mapping plus the two options of a people import."""

    invite = forms.BooleanField(
        label=gettext_lazy("Invite new people by e-mail"),
        required=False,
        help_text=gettext_lazy(
            "They get a link to choose a password. Without it they appear in the directory "
            "and can sign in later with “Forgot password”."
        ),
    )
    missing_are_leavers = forms.BooleanField(
        label=gettext_lazy("Members missing from the file have left"),
        required=False,
        help_text=gettext_lazy("The check lists who that would be before anything happens."),
    )

    def __init__(self, *args: Any, job: PeopleImportJob, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"invite": job.invite, "missing_are_leavers": job.missing_are_leavers})
        super().__init__(*args, job=job, columns=COLUMNS, **kwargs)

    def options(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(key)) for key in ("invite", "missing_are_leavers")}


def _job_url(job: PeopleImportJob) -> str:
    return reverse("people:people_import_job", args=[job.organization.slug, job.pk])


@org_view(Capability.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def people_import(request: MemberRequest) -> HttpResponse:
    """Upload an HR export; nothing is imported yet."""
    member = request.member
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = importer.upload_people_import(member, form.cleaned_data["file"])
            except ActionRefused as error:
                error.show_on(form)
            else:
                tasks.read_people_upload_task(job.pk)  # the worker reads the file; the page shows it reading
                return redirect(_job_url(job))
        status = 400
    recent = PeopleImportJob.objects.filter(organization_id=member.organization_id).select_related(
        "created_by__user"
    )[:RECENT_IMPORTS]
    context = {"form": form, "recent": recent, "columns": COLUMNS.columns}
    return render(request, "people/imports/upload.html", context, status=status)


def _start_check(job: PeopleImportJob) -> None:
    imports_views.run_here_or_queue(
        job, importer.INLINE_ROW_LIMIT, importer.check_people_import, tasks.check_people_import_task, job.pk
    )


def _start_import(job: PeopleImportJob, member_id: int) -> None:
    imports_views.run_here_or_queue(
        job,
        importer.INLINE_ROW_LIMIT,
        importer.run_people_import,
        tasks.people_import_task,
        job.pk,
        member_id,
    )


@org_view(Capability.MANAGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def people_import_job(request: MemberRequest, people_import_job_id: int) -> HttpResponse:
    """One import in whatever state it is: mapping, checking, findings, importing, done or failed."""
    member = request.member
    job = access.get_import_job_for(member, people_import_job_id)
    form = PeopleMappingForm(request.POST if request.method == "POST" else None, job=job)

    def checked(saved: PeopleImportJob) -> HttpResponse:
        _start_check(saved)
        return redirect(_job_url(saved))

    done = imports_views.submit_mapping(
        request,
        job,
        form,
        lambda: importer.map_people_columns(member, job, form.mapping(), **form.options()),
        checked,
    )
    if done is not None:
        return done
    context = {
        "job": job,
        "form": form,
        "summary": job.summary,
        "show_mapping": imports_views.shows_mapping(request, job),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "people/imports/job.html", context, status=status)


@org_view(Capability.MANAGE_PEOPLE)
@require_GET
def people_import_progress(request: MemberRequest, people_import_job_id: int) -> HttpResponse:
    """The progress bar, polled every second; when the job has moved on, the whole page reloads."""
    job = access.get_import_job_for(request.member, people_import_job_id)
    return imports_views.progress(request, job, "people/imports/_progress.html", _job_url(job))


@org_view(Capability.MANAGE_PEOPLE)
@require_POST
def people_import_confirm(request: MemberRequest, people_import_job_id: int) -> HttpResponse:
    """Import the checked rows (all or nothing)."""
    member = request.member
    job = access.get_import_job_for(member, people_import_job_id)
    if job.status == ImportStatus.DONE:  # a second click, or the back button
        messages.info(request, _("This file has been imported already; nothing was changed again."))
        return redirect(_job_url(job))
    confirmed = imports_views.confirm_and_start(
        request,
        lambda: importer.confirm_people_import(member, job),
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
                "The import is done: %(count)s person was added, changed or marked as having left.",
                "The import is done: %(count)s people were added, changed or marked as having left.",
                job.imported_rows,
            )
            % {"count": job.imported_rows},
        )
    return redirect(_job_url(job))


@org_view(Capability.MANAGE_PEOPLE)
@require_POST
def people_import_discard(request: MemberRequest, people_import_job_id: int) -> HttpResponse:
    member = request.member
    job = access.get_import_job_for(member, people_import_job_id)
    return imports_views.discard(
        request,
        lambda: importer.discard_people_import(member, job),
        _job_url(job),
        reverse("people:people_import", args=[member.organization.slug]),
    )
