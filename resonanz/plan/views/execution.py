"""Planned versus executed per row and period, marking an occurrence as done, and evidence files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.waiting import Wait, waiting_response
from resonanz.plan import access, actions
from resonanz.plan.actions.exports import export_execution
from resonanz.plan.execution import ExecutionPage, Outcome, RowExecution, planned_vs_executed, summarize
from resonanz.plan.forms import EvidenceForm, PeriodForm
from resonanz.plan.matrix_rows import load_rows_of_versions
from resonanz.plan.models import Evidence, MissExplanation, PlanRow, PlanVersion, VersionStatus, WhenKind
from resonanz.plan.period import PAGE_OCCURRENCES, Period, period, quarter_of
from resonanz.plan.recurrence import Occurrence
from resonanz.plan.reviews import local_today
from resonanz.plan.schedule import row_occurrences
from resonanz.plan.transfer.execution_pdf import pending_state
from resonanz.plan.unplanned import unplanned_work
from resonanz.plan.views.matrix import RowView, row_view, row_views
from resonanz.plan.views.plan_scope import plan_context, shown_version

# How far back the "mark as done" form offers planned occurrences (never ahead: only what took place).
DONE_LOOKBACK = dt.timedelta(days=180)


def presets(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    month_start = today.replace(day=1)
    month_end = (month_start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    last_month_end = month_start - dt.timedelta(days=1)
    quarter_start, quarter_end = quarter_of(today)
    last_quarter = quarter_of(quarter_start - dt.timedelta(days=1))
    return [
        (_("This month"), month_start, month_end),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
        (_("This quarter"), quarter_start, quarter_end),
        (_("Last quarter"), *last_quarter),
        (_("This year"), today.replace(month=1, day=1), today.replace(month=12, day=31)),
    ]


@dataclass
class Line:
    result: RowExecution
    view: RowView
    states: list[OccurrenceState]
    # The version the row is shown from, when the version the page shows does not have it.
    row_version: PlanVersion | None = None


@dataclass
class OccurrenceState:
    occurrence: Occurrence
    evidence: Evidence | None
    state: str  # done, missed, explained, upcoming (execution.Outcome)
    time: str
    # The version that planned this date, when it is not the version the page shows.
    other_version: PlanVersion | None = None
    explanation: MissExplanation | None = None


def states(result: RowExecution, now: dt.datetime, shown: PlanVersion) -> list[OccurrenceState]:
    found = []
    for item in result.planned:
        occurrence = item.occurrence
        time = "" if occurrence.all_day else occurrence.start.strftime("%H:%M")
        other = item.version if item.version.pk != shown.pk else None
        state = item.outcome(now)
        explanation = item.explanation if state == Outcome.EXPLAINED else None
        found.append(OccurrenceState(occurrence, item.evidence, state, time, other, explanation))
    return found


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_execution(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    context = plan_context(member, plan, "execution")
    organization = member.organization
    today = local_today(organization)
    default_start, default_end = quarter_of(today)
    asked = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if asked else {"start": default_start, "end": default_end})
    shown, status = period(default_start, default_end), 200
    if form.is_valid():
        shown = form.cleaned_data["period"]
    else:
        status = 400
    version = shown_version(member, plan, request, context["published"])
    window_start, window_end = shown.window(organization.zone)
    page = None
    if version is not None and status == 200:
        offset = form.cleaned_data.get("offset") or 0
        page = planned_vs_executed(version, window_start, window_end, offset=offset, budget=PAGE_OCCURRENCES)
    results = page.rows if page is not None else []
    start, end = shown.first, shown.last
    numbers = {}
    if version is not None and page is not None:
        # Only the page's rows are described, each with the names of its own version.
        names = member.can(Capability.VIEW_NAMES)
        loaded = load_rows_of_versions(
            page.versions or [version], [result.row.pk for result in results], names=names
        )
        shown_rows = [loaded[result.row.pk] for result in results]
        numbers = {view.row.pk: view for view in row_views(shown_rows, first_number=page.offset + 1)}
    now = timezone.now()
    lines = []
    if version is not None and page is not None:
        in_force = {candidate.pk: candidate for candidate in page.versions}
        for result in results:
            row_version = in_force.get(result.row.version_id) if result.row.version_id != version.pk else None
            lines.append(Line(result, numbers[result.row.pk], states(result, now, version), row_version))
    summary = summarize(results, now)
    # Posts that went out without a plan row, in the whole period (not only this page's rows).
    unplanned = (
        unplanned_work(member, window_start, window_end) if version is not None and status == 200 else None
    )
    context.update(
        unplanned=unplanned,
        version=version,
        form=form,
        start=start,
        end=end,
        presets=presets(today),
        lines=lines,
        paging=_paging(request, page, shown) if page is not None and not page.complete else None,
        page_limit=PAGE_OCCURRENCES,
        # The rate counts what was due by now: an occurrence still to come is neither done nor missed.
        summary=summary,
    )
    return render(request, "plan/execution.html", context, status=status)


@dataclass
class Paging:
    """Where a page of rows lies among all rows, and the links to the first and the next rows."""

    first: int
    last: int
    count: int
    first_url: str | None
    next_url: str | None


def _paging(request: MemberRequest, page: ExecutionPage, shown: Period) -> Paging:
    def url(offset: int) -> str:
        query = request.GET.copy()
        query.update({"start": shown.first.isoformat(), "end": shown.last.isoformat()})
        query["offset"] = str(offset)
        return "?" + query.urlencode()

    return Paging(
        first=page.offset + 1,
        last=page.offset + len(page.rows),
        count=page.row_count,
        first_url=url(0) if page.offset else None,
        next_url=url(page.next_offset) if page.next_offset is not None else None,
    )


def _occurrence_choices(row: PlanRow, now: dt.datetime) -> list[tuple[str, str]]:
    zone = row.version.plan.organization.zone
    occurrences = row_occurrences(row, zone, now - DONE_LOOKBACK, now)
    done = set(
        Evidence.objects.filter(
            plan_id=row.version.plan_id, row_key=row.row_key, planned_for__isnull=False
        ).values_list("planned_for", flat=True)
    )
    choices = []
    for occurrence in reversed(occurrences):
        if occurrence.start in done:
            continue
        label = formats.date_format(
            occurrence.start, "SHORT_DATE_FORMAT" if occurrence.all_day else "SHORT_DATETIME_FORMAT"
        )
        choices.append((occurrence.start.isoformat(), str(label)))
    return choices


def _execution_url(row: PlanRow) -> str:
    return reverse("plan:plan_execution", args=[row.version.plan.organization.slug, row.version.plan_id])


@org_view(Capability.RECORD_EVIDENCE)
@require_http_methods(["GET", "POST"])
def plan_row_done(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    """Mark a planned occurrence as done (or record an occasion of a trigger row), with a note or a file."""
    member = request.member
    row = access.get_row_for(member, plan_row_id, Capability.RECORD_EVIDENCE)
    row = PlanRow.objects.select_related("version__plan__organization", "topic").get(pk=row.pk)
    is_trigger = row.when_kind == WhenKind.TRIGGER
    choices = [] if is_trigger else _occurrence_choices(row, timezone.now())
    initial: dict[str, Any] = {}
    if request.GET.get("planned_for") in {value for value, _label in choices}:
        initial["planned_for"] = request.GET["planned_for"]
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        occurrences=choices,
        is_trigger=is_trigger,
        note_optional=row.version.plan.evidence_note_optional,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.mark_occurrence_done(member, row, **_evidence_values(form, row))
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The occurrence has been marked as done."))
                return redirect(_execution_url(row))
    context = plan_context(member, row.version.plan, "execution")
    context.update(row=row, view=row_view(row), form=form, is_trigger=is_trigger, back=_execution_url(row))
    return render(request, "plan/mark_done.html", context, status=status)


def _evidence_values(form: EvidenceForm, row: PlanRow) -> dict[str, Any]:
    zone = row.version.plan.organization.zone
    values: dict[str, Any] = {
        "note": form.cleaned_data["note"],
        "attachment": form.cleaned_data["attachment"],
        "link": form.cleaned_data["link"],
    }
    if form.is_trigger:
        occurred = form.cleaned_data.get("occurred_at")
        values["planned_for"] = None
        if occurred is not None:
            # The form reads the local wall time of the organization, not of the server.
            values["occurred_at"] = occurred.replace(tzinfo=None).replace(tzinfo=zone)
    else:
        values["planned_for"] = dt.datetime.fromisoformat(form.cleaned_data["planned_for"])
    return values


@org_view(Capability.VIEW_EVIDENCE)
@require_GET
def plan_evidence_attachment(request: MemberRequest, evidence_id: int) -> FileResponse:
    """The file attached to evidence, always as a download (never rendered in the page's origin)."""
    member = request.member
    handle, name = actions.open_evidence_file(member, access.get_evidence_for(member, evidence_id))
    return FileResponse(handle, as_attachment=True, filename=name)


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_execution_export(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """Planned against executed of the chosen period (this quarter unless given) and version as XLSX,
    or as PDF with ``?format=pdf`` (bounded, recorded). A long record's PDF is made by the worker; the
    page waits for it (``?token=`` names the PDF being made) and then offers the download."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    version = shown_version(member, plan, request, access.published_version(plan))
    asked = "start" in request.GET or "end" in request.GET
    first, last = quarter_of(local_today(member.organization))
    form = PeriodForm(request.GET if asked else {"start": first, "end": last})
    if version is None or not form.is_valid():
        return HttpResponse(_("Choose a valid period."), status=400, content_type="text/plain; charset=utf-8")
    shown = form.cleaned_data["period"]
    fmt = request.GET.get("format", "xlsx")
    token = request.GET.get("token", "")
    try:
        if fmt == "pdf" and token and (wants_fragment(request) or pending_state(version, token) != "ready"):
            # The worker is making this PDF: polls get its state. Once it is ready, the export below
            # finds it kept under the same token (or, if the record changed, starts anew).
            return _pdf_waiting(request, version, shown, token)
        return export_execution(member, version, shown.first, shown.last, fmt, wait=False).download()
    except PdfPending as pending:
        return _pdf_waiting(request, version, shown, pending.token)
    except PdfFailed as failed:
        return _pdf_waiting(request, version, shown, failed.token, "failed")
    except ActionRefused as refused:
        return HttpResponse(" ".join(refused.messages), status=400, content_type="text/plain; charset=utf-8")


def _pdf_waiting(
    request: MemberRequest, version: PlanVersion, shown: Period, token: str, state: str = ""
) -> HttpResponse:
    plan = version.plan
    query = {"start": shown.first.isoformat(), "end": shown.last.isoformat(), "format": "pdf"}
    if version.status != VersionStatus.PUBLISHED:
        query["version"] = str(version.pk)
    url = reverse("plan:plan_execution_export", args=[plan.organization.slug, plan.pk])
    wait = Wait(
        token,
        state or pending_state(version, token),
        token_url=f"{url}?{urlencode({**query, 'token': token})}",
        retry_url=f"{url}?{urlencode(query)}",
        running=_(
            "The PDF of this long record is being made. This takes a few seconds; you can keep working in "
            "another tab."
        ),
        failed=_("The PDF could not be made. Please try again; the XLSX export works for any period."),
    )
    context = plan_context(request.member, plan, "execution")
    context.update(version=version, first=shown.first, last=shown.last)
    return waiting_response(request, wait, "plan/execution_pdf_wait.html", context)
