"""API of the quality app under /api/v1/quality: incidents and corrective actions. Every change goes
through ``quality.actions``; everything outside the caller's organization is a 404."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.access import get_membership_for
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability as C
from resonanz.quality import access, actions
from resonanz.quality.api_schemas import (
    AnalysisIn,
    ContainmentIn,
    DoneIn,
    EffectivenessIn,
    GradeIn,
    IncidentActionIn,
    IncidentActionOut,
    IncidentDetailOut,
    IncidentFilter,
    IncidentIn,
    IncidentOut,
    ReopenIn,
    ScheduleIn,
)
from resonanz.quality.models import Incident, IncidentAction
from resonanz.quality.search import search

router = Router(tags=["quality"])


def _detail(incident: Incident) -> dict[str, Any]:
    fresh = Incident.objects.get(pk=incident.pk)
    return {
        **{field: getattr(fresh, field) for field in IncidentOut.model_fields if field != "id"},
        "id": fresh.pk,
        "corrective_actions": list(fresh.corrective_actions.order_by("round", "due_date", "pk")),
        "effectiveness_checks": list(fresh.effectiveness_checks.order_by("round")),
    }


@router.get("/incidents", response=list[IncidentOut], summary="Incidents, newest first")
@paginate(Pagination)
def list_incidents(request: ApiRequest, filters: Query[IncidentFilter]) -> Any:
    incidents = access.incident_queryset(member_of(request, C.VIEW_INCIDENTS))
    if filters.status:
        incidents = incidents.filter(status=filters.status)
    return search(incidents, filters.q).order_by("-number")


@router.post("/incidents", response={201: IncidentDetailOut}, summary="Open an incident")
def create_incident(request: ApiRequest, payload: IncidentIn) -> Status[Any]:
    member = member_of(request, C.OPEN_INCIDENTS)
    return Status(201, _detail(actions.open_incident(member, **payload.dict())))


@router.get("/incidents/{incident_id}", response=IncidentDetailOut, summary="One incident with its actions")
def get_incident(request: ApiRequest, incident_id: int) -> dict[str, Any]:
    return _detail(access.get_incident_for(member_of(request, C.VIEW_INCIDENTS), incident_id))


@router.post("/incidents/{incident_id}/containment", response=IncidentDetailOut, summary="Record containment")
def contain_incident(request: ApiRequest, incident_id: int, payload: ContainmentIn) -> dict[str, Any]:
    member = member_of(request, C.OPEN_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    return _detail(actions.record_containment(member, incident, containment=payload.containment))


@router.post(
    "/incidents/{incident_id}/analysis", response=IncidentDetailOut, summary="Record the cause analysis"
)
def analyse_incident(request: ApiRequest, incident_id: int, payload: AnalysisIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    return _detail(actions.record_cause_analysis(member, incident, **payload.dict()))


@router.post("/incidents/{incident_id}/grade", response=IncidentDetailOut, summary="Grade minor or major")
def grade_incident(request: ApiRequest, incident_id: int, payload: GradeIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    return _detail(actions.grade_incident(member, incident, grade=payload.grade))


@router.post(
    "/incidents/{incident_id}/corrective-actions",
    response={201: IncidentActionOut},
    summary="Assign a corrective action",
)
def add_corrective_action(request: ApiRequest, incident_id: int, payload: IncidentActionIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    owner = get_membership_for(member, payload.owner_id, C.MANAGE_INCIDENTS)
    created = actions.add_corrective_action(
        member, incident, title=payload.title, owner=owner, due_date=payload.due_date
    )
    return Status(201, created)


@router.post(
    "/incidents/{incident_id}/effectiveness-check",
    response=IncidentDetailOut,
    summary="Schedule or move the check",
)
def schedule_check(request: ApiRequest, incident_id: int, payload: ScheduleIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    actions.schedule_effectiveness_check(member, incident, weeks=payload.weeks, criterion=payload.criterion)
    return _detail(incident)


@router.post(
    "/incidents/{incident_id}/effectiveness", response=IncidentDetailOut, summary="Record the check's result"
)
def record_effectiveness(request: ApiRequest, incident_id: int, payload: EffectivenessIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    return _detail(
        actions.record_effectiveness(member, incident, effective=payload.effective, note=payload.note)
    )


@router.post(
    "/incidents/{incident_id}/reopen", response=IncidentDetailOut, summary="Reopen a closed incident"
)
def reopen_incident(request: ApiRequest, incident_id: int, payload: ReopenIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_INCIDENTS)
    incident = access.get_incident_for(member, incident_id)
    return _detail(actions.reopen_incident(member, incident, reason=payload.reason))


@router.get("/corrective-actions/mine", response=list[IncidentActionOut], summary="My corrective actions")
@paginate(Pagination)
def my_corrective_actions(request: ApiRequest) -> Any:
    member = member_of(request, C.TAKE_PART)
    return access.corrective_action_queryset(member).filter(owner=member).order_by("status", "due_date", "pk")


@router.post(
    "/corrective-actions/{incident_action_id}/done",
    response=IncidentActionOut,
    summary="Mark a corrective action as done",
)
def complete_corrective_action(
    request: ApiRequest, incident_action_id: int, payload: DoneIn
) -> IncidentAction:
    member = member_of(request, C.TAKE_PART)
    corrective = access.get_completable_action_for(member, incident_action_id)
    return actions.complete_corrective_action(member, corrective, note=payload.note)
