"""API of the objectives app under /api/v1/objectives: objectives with their evaluation, values recorded
by hand; every change through ``objectives.actions``, every object through ``objectives.access``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema, Pagination, PatchSchema
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.objectives import access, actions
from resonanz.objectives.evaluation import evaluate, trend
from resonanz.objectives.models import ManualEntry, Objective

router = Router(tags=["objectives"])
C = Capability


class PointOut(Schema):
    day: dt.date
    value: Decimal | None
    expected: Decimal


class ObjectiveOut(Schema):
    id: int
    title: str
    owner_id: int | None = Field(..., description="None for roles that see no names (the works council)")
    metric_key: str = Field(..., description="A key of /api/v1/metrics, or empty for values recorded by hand")
    unit: str = Field(..., description="`count` or `percent` for a metric, else the unit named")
    baseline: Decimal
    target: Decimal
    direction: str
    starts_on: dt.date
    deadline: dt.date
    evaluation_method: str
    frequency: str
    status: str = Field(..., description="active, closed or cancelled")
    value: Decimal | None = Field(..., description="The current value (the final one once closed)")
    expected: Decimal | None
    progress: Decimal | None = Field(..., description="Percent of the way from baseline to target")
    evaluation: str = Field(
        ..., description="not_started, no_data, on_track, at_risk, achieved, missed or cancelled"
    )


class ObjectiveDetailOut(ObjectiveOut):
    trend: list[PointOut]


class ObjectiveIn(InputSchema):
    title: str = Field(..., max_length=200)
    owner_id: int
    metric_key: str = Field("", max_length=100)
    unit: str = Field("", max_length=40)
    baseline: Decimal | None = None
    target: Decimal | None = None
    direction: Literal["at_least", "at_most"]
    starts_on: dt.date
    deadline: dt.date | None = None
    evaluation_method: str = Field(..., max_length=2000)
    frequency: Literal["weekly", "monthly", "quarterly"]


class ObjectivePatch(PatchSchema):
    title: str | None = Field(None, max_length=200)
    owner_id: int | None = None
    unit: str | None = Field(None, max_length=40)
    baseline: Decimal | None = None
    target: Decimal | None = None
    direction: Literal["at_least", "at_most"] | None = None
    starts_on: dt.date | None = None
    deadline: dt.date | None = None
    evaluation_method: str | None = Field(None, max_length=2000)
    frequency: Literal["weekly", "monthly", "quarterly"] | None = None


class EntryOut(Schema):
    id: int
    day: dt.date
    value: Decimal
    note: str | None
    recorded_by_name: str | None


class EntryIn(InputSchema):
    day: dt.date
    value: Decimal
    note: str = Field("", max_length=1000)


def _out(member: Membership, objective: Objective, with_trend: bool = False) -> dict[str, Any]:
    evaluation = evaluate(objective)
    data: dict[str, Any] = {
        field: getattr(objective, field)
        for field in ("id", "title", "metric_key", "unit", "baseline", "target", "direction")
    }
    data.update(
        starts_on=objective.starts_on,
        deadline=objective.deadline,
        evaluation_method=objective.evaluation_method,
        frequency=objective.frequency,
        status=objective.status,
        owner_id=objective.owner_id if member.can(C.VIEW_NAMES) else None,
        value=evaluation.value,
        expected=evaluation.expected,
        progress=evaluation.progress,
        evaluation=evaluation.status.value,
    )
    if with_trend:
        data["trend"] = [
            {"day": point.day, "value": point.value, "expected": point.expected} for point in trend(objective)
        ]
    return data


def _owner(member: Membership, owner_id: int) -> Membership:
    owner = access.owner_choices(member).filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner


def _values(member: Membership, sent: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in sent:
        sent["owner"] = _owner(member, sent.pop("owner_id"))
    return sent


@router.get("", response=list[ObjectiveOut], summary="The quality objectives with their evaluation")
@paginate(Pagination)
def list_objectives(request: ApiRequest) -> Any:
    member = member_of(request, C.VIEW_OBJECTIVES)
    objectives = access.objective_queryset(member).order_by("deadline", "pk")
    return _Evaluated(member, objectives)


class _Evaluated:
    """The objectives of a page, evaluated only once the page has been cut (evaluation reads metrics)."""

    def __init__(self, member: Membership, objectives: Any) -> None:
        self.member, self.objectives = member, objectives

    def __len__(self) -> int:
        return int(self.objectives.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_out(self.member, objective) for objective in self.objectives[window]]


@router.post("", response={201: ObjectiveDetailOut}, summary="Set a measurable quality objective")
def create_objective(request: ApiRequest, payload: ObjectiveIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_OBJECTIVES)
    objective = actions.create_objective(member, **_values(member, payload.dict()))
    return Status(201, _out(member, objective, with_trend=True))


@router.get("/{objective_id}", response=ObjectiveDetailOut, summary="One objective with its trend")
def get_objective(request: ApiRequest, objective_id: int) -> dict[str, Any]:
    member = member_of(request, C.VIEW_OBJECTIVES)
    return _out(member, access.get_objective_for(member, objective_id), with_trend=True)


@router.patch("/{objective_id}", response=ObjectiveDetailOut, summary="Change an active objective")
def patch_objective(request: ApiRequest, objective_id: int, payload: ObjectivePatch) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_OBJECTIVES)
    objective = access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    sent = _values(member, payload.dict(exclude_unset=True))
    objective = actions.update_objective(member, objective, **sent)
    return _out(member, objective, with_trend=True)


@router.get("/{objective_id}/entries", response=list[EntryOut], summary="Values recorded by hand")
@paginate(Pagination)
def list_entries(request: ApiRequest, objective_id: int) -> Any:
    member = member_of(request, C.VIEW_OBJECTIVES)
    objective = access.get_objective_for(member, objective_id)
    show_names = member.can(C.VIEW_NAMES)
    return _Entries(access.entry_queryset(member, objective), show_names)


class _Entries:
    def __init__(self, entries: Any, show_names: bool) -> None:
        self.entries, self.show_names = entries, show_names

    def __len__(self) -> int:
        return int(self.entries.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_entry(entry, self.show_names) for entry in self.entries[window]]


def _entry(entry: ManualEntry, show_names: bool) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "day": entry.day,
        "value": entry.value,
        "note": entry.note if show_names else None,
        "recorded_by_name": entry.recorded_by_name if show_names else None,
    }


@router.post("/{objective_id}/entries", response={201: EntryOut}, summary="Record a value by hand")
def record_entry(request: ApiRequest, objective_id: int, payload: EntryIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_OBJECTIVES)
    objective = access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    entry = actions.record_entry(member, objective, day=payload.day, value=payload.value, note=payload.note)
    return Status(201, _entry(entry, True))


@router.post("/{objective_id}/close", response=ObjectiveDetailOut, summary="Close with the current value")
def close_objective(request: ApiRequest, objective_id: int) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_OBJECTIVES)
    objective = actions.close_objective(
        member, access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    )
    return _out(member, objective, with_trend=True)


@router.post("/{objective_id}/cancel", response=ObjectiveDetailOut, summary="Cancel the objective")
def cancel_objective(request: ApiRequest, objective_id: int) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_OBJECTIVES)
    objective = actions.cancel_objective(
        member, access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    )
    return _out(member, objective, with_trend=True)
