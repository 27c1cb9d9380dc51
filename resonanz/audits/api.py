"""API of the audits app under /api/v1/audits: programmes, audits, their checklists, the report PDF;
every change through ``audits.actions``, every object through ``audits.access``."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema, Pagination
from resonanz.audits import access, actions, report
from resonanz.audits.checklist import issued_evidence, live_evidence
from resonanz.audits.models import (
    MAX_CRITERIA,
    MAX_PEOPLE,
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Audit,
    AuditStatus,
)
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.documents.rendering import PDF_CONTENT_TYPE, DocumentError
from resonanz.documents.waiting import failed_answer
from resonanz.standards.models import AdoptedClause

router = Router(tags=["audits"])
C = Capability
logger = logging.getLogger(__name__)


class AuditProgrammeOut(Schema):
    id: int
    year: int
    objectives: str


class AuditProgrammeIn(InputSchema):
    year: int = Field(..., ge=1970, le=2200)
    objectives: str = Field("", max_length=TEXT_MAX_LENGTH)


class AuditEvidenceOut(Schema):
    label: str
    url: str
    date: str = Field(..., description="ISO date, or empty")


class AuditChecklistItemOut(Schema):
    id: int
    position: int
    clause_number: str
    clause_title: str
    result: str
    note: str
    incident_number: int | None
    evidence: list[AuditEvidenceOut]


class AuditOut(Schema):
    id: int
    number: int
    audit_programme_id: int
    year: int
    title: str
    scope: str
    area: str
    planned_on: dt.date
    status: str
    lead_auditor_id: int
    completed_on: dt.date | None

    # The list hands over audits, the other operations the dicts of ``_out``.
    @staticmethod
    def resolve_audit_programme_id(obj: Any) -> int:
        return int(obj["audit_programme_id"] if isinstance(obj, dict) else obj.programme_id)

    @staticmethod
    def resolve_year(obj: Any) -> int:
        return int(obj["year"] if isinstance(obj, dict) else obj.programme.year)


class AuditDetailOut(AuditOut):
    co_auditor_ids: list[int]
    auditee_ids: list[int]
    adopted_clause_ids: list[int]
    summary: str
    items: list[AuditChecklistItemOut]


class AuditIn(InputSchema):
    audit_programme_id: int
    title: str = Field(..., max_length=TITLE_MAX_LENGTH)
    scope: str = Field(..., max_length=TEXT_MAX_LENGTH)
    area: str = Field("", max_length=TITLE_MAX_LENGTH)
    planned_on: dt.date
    lead_auditor_id: int
    co_auditor_ids: list[int] = Field([], max_length=MAX_PEOPLE)
    auditee_ids: list[int] = Field(..., max_length=MAX_PEOPLE)
    adopted_clause_ids: list[int] = Field(..., max_length=MAX_CRITERIA)


class AuditResultIn(InputSchema):
    result: Literal["conform", "observation", "minor", "major", "not_audited"]
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class AuditCompleteIn(InputSchema):
    summary: str = Field("", max_length=TEXT_MAX_LENGTH)


def _out(audit: Audit) -> dict[str, Any]:
    return {
        "id": audit.pk,
        "number": audit.number,
        "audit_programme_id": audit.programme_id,
        "year": audit.programme.year,
        "title": audit.title,
        "scope": audit.scope,
        "area": audit.area,
        "planned_on": audit.planned_on,
        "status": audit.status,
        "lead_auditor_id": audit.lead_auditor_id,
        "completed_on": audit.completed_on,
    }


def _detail(member: Membership, audit: Audit) -> dict[str, Any]:
    items = list(audit.items.select_related("incident").order_by("position"))
    if audit.status == AuditStatus.COMPLETED:
        evidence = {item.pk: issued_evidence(item) for item in items}
    else:
        evidence = live_evidence(member, items)
    return {
        **_out(audit),
        "co_auditor_ids": sorted(audit.co_auditors.values_list("pk", flat=True)),
        "auditee_ids": sorted(audit.auditees.values_list("pk", flat=True)),
        "adopted_clause_ids": sorted(audit.criteria.values_list("pk", flat=True)),
        "summary": audit.summary,
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "clause_number": item.clause_number,
                "clause_title": item.clause_title,
                "result": item.result,
                "note": item.note,
                "incident_number": item.incident.number if item.incident is not None else None,
                "evidence": [entry.__dict__ for entry in evidence.get(item.pk, [])],
            }
            for item in items
        ],
    }


def _people(member: Membership, ids: list[int]) -> list[Membership]:
    wanted = set(ids)
    found = list(access.people_choices(member).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404
    return found


def _clauses(member: Membership, ids: list[int]) -> list[AdoptedClause]:
    wanted = set(ids)
    found = list(access.criteria_choices(member).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404
    return found


@router.get(
    "/programmes", response=list[AuditProgrammeOut], summary="The audit programmes, newest year first"
)
@paginate(Pagination)
def list_programmes(request: ApiRequest) -> Any:
    return access.programme_queryset(member_of(request, C.VIEW_AUDITS)).order_by("-year")


@router.post("/programmes", response={201: AuditProgrammeOut}, summary="Create the audit programme of a year")
def create_programme(request: ApiRequest, payload: AuditProgrammeIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_AUDITS)
    return Status(201, actions.create_programme(member, **payload.dict()))


@router.get("", response=list[AuditOut], summary="The internal audits, by planned date")
@paginate(Pagination)
def list_audits(request: ApiRequest) -> Any:
    return access.audit_queryset(member_of(request, C.VIEW_AUDITS)).order_by("planned_on", "number")


@router.post("", response={201: AuditDetailOut}, summary="Plan an internal audit")
def create_audit(request: ApiRequest, payload: AuditIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_AUDITS)
    programme = access.get_programme_for(member, payload.audit_programme_id, C.MANAGE_AUDITS)
    lead = _people(member, [payload.lead_auditor_id])[0]
    audit = actions.plan_audit(
        member,
        programme,
        title=payload.title,
        scope=payload.scope,
        area=payload.area,
        planned_on=payload.planned_on,
        lead_auditor=lead,
        co_auditors=_people(member, payload.co_auditor_ids),
        auditees=_people(member, payload.auditee_ids),
        criteria=_clauses(member, payload.adopted_clause_ids),
    )
    return Status(201, _detail(member, access.get_audit_for(member, audit.pk)))


@router.get("/{audit_id}", response=AuditDetailOut, summary="One audit with its checklist and evidence")
def get_audit(request: ApiRequest, audit_id: int) -> dict[str, Any]:
    member = member_of(request, C.VIEW_AUDITS)
    return _detail(member, access.get_audit_for(member, audit_id))


@router.post(
    "/{audit_id}/start", response=AuditDetailOut, summary="Start the audit: its checklist is generated"
)
def start_audit(request: ApiRequest, audit_id: int) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_AUDITS)
    audit = actions.start_audit(member, access.get_audit_for(member, audit_id, C.MANAGE_AUDITS))
    return _detail(member, access.get_audit_for(member, audit.pk))


@router.post(
    "/items/{checklist_item_id}/result",
    response=AuditChecklistItemOut,
    summary="Record a checklist item's result",
)
def record_result(request: ApiRequest, checklist_item_id: int, payload: AuditResultIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_AUDITS)
    item = actions.record_result(member, access.get_item_for(member, checklist_item_id), **payload.dict())
    detail = _detail(member, access.get_audit_for(member, item.audit_id))
    return next(entry for entry in detail["items"] if entry["id"] == item.pk)


@router.post(
    "/{audit_id}/complete", response=AuditDetailOut, summary="Complete the audit and issue its report"
)
def complete_audit(request: ApiRequest, audit_id: int, payload: AuditCompleteIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_AUDITS)
    audit = actions.complete_audit(
        member, access.get_audit_for(member, audit_id, C.MANAGE_AUDITS), **payload.dict()
    )
    return _detail(member, access.get_audit_for(member, audit.pk))


_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/{audit_id}/report",
    summary="The report of a completed audit as PDF",
    openapi_extra={
        "responses": {
            # int keys: they replace ninja's default 200 instead of documenting the status twice
            200: {"description": "The PDF, as a download", "content": {"application/pdf": _FILE}},
            503: {"description": "The PDF could not be made; asking again tries once more."},
        }
    },
)
def audit_report(request: ApiRequest, audit_id: int) -> HttpResponse:
    """The report in the language of the request; refused (422) before the audit is completed."""
    member = member_of(request, C.VIEW_AUDITS)
    audit = access.get_audit_for(member, audit_id)
    try:
        content = report.report_pdf(audit)
    except DocumentError:
        logger.exception("the report of audit %s could not be made", audit.pk)
        return failed_answer(_("The PDF could not be made. Please try again."))
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(audit)}"'
    response["Cache-Control"] = "private, no-store"
    return response
