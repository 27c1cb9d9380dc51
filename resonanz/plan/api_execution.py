"""API of planned against executed: the comparison, explanations of missed dates, their reasons and
corrective actions. Endpoints join the plan router (``resonanz.plan.api``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.errors import ActionRefused
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.waiting import PendingOut, failed_answer, pending_answer
from resonanz.plan import access, actions
from resonanz.plan.actions.exports import export_execution
from resonanz.plan.api import _FILE, _sent, _version, router
from resonanz.plan.api_schemas import (
    CorrectiveActionIn,
    CorrectiveActionOut,
    ExecutionPageOut,
    ExplanationIn,
    ExplanationOut,
    MissReasonIn,
    MissReasonOut,
    MissReasonPatch,
)
from resonanz.plan.execution import Outcome, PlannedDate, RowExecution, planned_vs_executed, summarize
from resonanz.plan.models import CorrectiveAction, MissReason
from resonanz.plan.period import period
from resonanz.plan.unplanned import unplanned_work

C = Capability


class PeriodQuery(Pagination.Input):
    start: dt.date
    end: dt.date


class ExecutionExportQuery(Schema):
    start: dt.date
    end: dt.date
    format: Literal["xlsx", "pdf"] = Field("xlsx", description="The file format.")


def _date_out(item: PlannedDate, now: dt.datetime, reads_evidence: bool) -> dict[str, Any]:
    occurrence, explanation = item.occurrence, item.explanation
    outcome = item.outcome(now)
    brief = None
    if explanation is not None and outcome == Outcome.EXPLAINED:
        brief = {
            "id": explanation.pk,
            "reason": explanation.reason.name,
            "text": explanation.text if reads_evidence else None,
            "corrective_action_id": explanation.corrective_action_id,
        }
    return {
        "start": occurrence.start,
        "all_day": occurrence.all_day,
        "evidence_id": item.evidence.pk if item.evidence else None,
        "version": item.version.number,
        "outcome": outcome,
        "explanation": brief,
    }


def _row_out(item: RowExecution, now: dt.datetime, reads_evidence: bool) -> dict[str, Any]:
    dates = [_date_out(planned, now, reads_evidence) for planned in item.planned]
    return {
        "row_id": item.row.pk,
        "row_key": item.row.row_key,
        "planned": dates,
        "planned_count": item.planned_count,
        "executed_count": item.executed_count,
        "missed_count": sum(1 for date in dates if date["outcome"] == Outcome.MISSED),
        "explained_count": sum(1 for date in dates if date["outcome"] == Outcome.EXPLAINED),
        "unplanned_evidence_ids": [e.pk for e in item.unplanned],
    }


@router.get(
    "/versions/{plan_version_id}/execution",
    response=ExecutionPageOut,
    summary="Planned against executed, per row, a page of rows at a time",
)
def execution(request: ApiRequest, plan_version_id: int, query: Query[PeriodQuery]) -> dict[str, Any]:
    """Planned occurrences against recorded evidence per row, for the days ``start`` to ``end``
    (both included, as on the page). Each date is judged by the version in force on that date
    (``version`` names it), so publishing a new version does not change past figures.

    A page holds whole rows from ``offset``: at most ``limit`` rows, and fewer when their
    occurrences would exceed the occurrences one request expands. ``count`` counts every row planned
    in the period; ask again with ``offset`` set to ``next_offset`` until it is ``null``.

    ``unplanned`` lists the organization's posts published in the period without a plan row (the
    same on every page): the first ones, oldest first, and how many there are."""
    member, version = _version(request, plan_version_id, C.VIEW_PLAN)
    start, end = period(query.start, query.end).window(member.organization.zone)
    page = planned_vs_executed(version, start, end, offset=query.offset, max_rows=query.limit)
    now = timezone.now()
    reads_evidence = member.can(C.VIEW_EVIDENCE)
    summary = summarize(page.rows, now)
    unplanned = unplanned_work(member, start, end)
    return {
        "items": [_row_out(item, now, reads_evidence) for item in page.rows],
        "unplanned": {
            "items": [
                {**item.__dict__, "url": item.url or None, "published_by": item.published_by or None}
                for item in unplanned.items
            ],
            "count": unplanned.count,
        },
        "summary": {**summary.__dict__, "rate": summary.rate},
        "count": page.row_count,
        "next_offset": page.next_offset,
    }


@router.get(
    "/versions/{plan_version_id}/execution/export",
    response={202: PendingOut},
    summary="Planned against executed as XLSX or PDF",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as a download",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _FILE,
                    "application/pdf": _FILE,
                },
            },
            "503": {"description": "The PDF could not be made; asking again tries once more."},
        }
    },
)
def execution_export(request: ApiRequest, plan_version_id: int, query: Query[ExecutionExportQuery]) -> Any:
    """One line per planned date from ``start`` to ``end``: the version in force on that date, the
    row, the outcome (done, missed, explained, still to come), the evidence and the explanation
    (notes and names only for members who read evidence). ``format`` is ``xlsx`` (the default) or
    ``pdf`` (A4 landscape with document control and the period's figures on top). Refused (422)
    when the period holds more planned dates than one request expands; recorded in the audit trail
    as the page's export is.

    The PDF of a long period is made by the worker: the answer is then 202 with ``Retry-After``;
    ask again with the same request and the finished file comes back."""
    member, version = _version(request, plan_version_id, C.VIEW_PLAN)
    try:
        return export_execution(member, version, query.start, query.end, query.format, wait=False).download()
    except PdfPending:
        return pending_answer()
    except PdfFailed:
        return failed_answer(
            _("The PDF could not be made. Please try again; the XLSX export works for any period.")
        )


@router.post(
    "/rows/{plan_row_id}/explanations",
    response={201: ExplanationOut},
    summary="Explain a missed date of a row",
)
def explain(request: ApiRequest, plan_row_id: int, payload: ExplanationIn) -> Status[Any]:
    """Why a planned date that has passed without evidence was missed: a reason from the list
    (``/miss-reasons``), a text and optionally an open corrective action."""
    member = member_of(request, C.RECORD_EVIDENCE)
    row = access.get_row_for(member, plan_row_id)
    reason = _own(MissReason, member, payload.reason_id, "reason_id")
    corrective = None
    if payload.corrective_action_id is not None:
        corrective = _own(CorrectiveAction, member, payload.corrective_action_id, "corrective_action_id")
    explanation = actions.explain_missed_date(
        member,
        row,
        planned_for=payload.planned_for,
        reason=reason,
        text=payload.text,
        corrective_action=corrective,
    )
    return Status(201, explanation)


def _own(model: Any, member: Membership, pk: int, field: str) -> Any:
    found = model.objects.filter(organization_id=member.organization_id, pk=pk).first()
    if found is None:
        raise ActionRefused(_("Choose one of the organization's entries."), field=field)
    return found


@router.get("/explanations", response=list[ExplanationOut], summary="Explanations of missed dates")
@paginate(Pagination)
def list_explanations(request: ApiRequest) -> Any:
    member = member_of(request, C.VIEW_EVIDENCE)
    return access.explanation_queryset(member).order_by("-planned_for", "-pk")


@router.get("/miss-reasons", response=list[MissReasonOut], summary="Reasons for missed dates")
def list_miss_reasons(request: ApiRequest) -> Any:
    return access.miss_reason_queryset(member_of(request, C.VIEW_PLAN))


@router.post("/miss-reasons", response={201: MissReasonOut}, summary="Add a reason for missed dates")
def create_miss_reason(request: ApiRequest, payload: MissReasonIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    return Status(201, actions.create_miss_reason(member, **payload.dict(exclude_none=True)))


@router.patch(
    "/miss-reasons/{miss_reason_id}", response=MissReasonOut, summary="Change or deactivate a reason"
)
def patch_miss_reason(request: ApiRequest, miss_reason_id: int, payload: MissReasonPatch) -> MissReason:
    member = member_of(request, C.EDIT_PLAN)
    reason = access.get_miss_reason_for(member, miss_reason_id, C.EDIT_PLAN)
    return actions.update_miss_reason(member, reason, **_sent(payload))


@router.get("/corrective-actions", response=list[CorrectiveActionOut], summary="Corrective actions")
@paginate(Pagination)
def list_corrective_actions(request: ApiRequest) -> Any:
    return access.corrective_action_queryset(member_of(request, C.VIEW_EVIDENCE))


@router.post("/corrective-actions", response={201: CorrectiveActionOut}, summary="Create a corrective action")
def create_corrective_action(request: ApiRequest, payload: CorrectiveActionIn) -> Status[Any]:
    member = member_of(request, C.RECORD_EVIDENCE)
    owner = None
    if payload.owner_id is not None:
        owner = access.member_in_organization(member, payload.owner_id)
    corrective = actions.create_corrective_action(
        member, title=payload.title, description=payload.description, owner=owner, due_date=payload.due_date
    )
    return Status(201, corrective)


@router.post(
    "/corrective-actions/{corrective_action_id}/close",
    response=CorrectiveActionOut,
    summary="Close a corrective action",
)
def close_corrective_action(request: ApiRequest, corrective_action_id: int) -> CorrectiveAction:
    member = member_of(request, C.RECORD_EVIDENCE)
    corrective = access.get_corrective_action_for(member, corrective_action_id)
    return actions.close_corrective_action(member, corrective)
