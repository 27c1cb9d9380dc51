"""API of the risks app under /api/v1/risks: the register, its matrix, actions and reviews; every change
through ``risks.actions``, every object through ``risks.access``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema, Pagination, PatchSchema
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.risks import access, actions
from resonanz.risks.models import SCALE, Risk

router = Router(tags=["risks"])
C = Capability


class RiskActionOut(Schema):
    id: int
    title: str
    owner_id: int
    due_on: dt.date
    done_on: dt.date | None


class RiskReviewOut(Schema):
    id: int
    reviewed_on: dt.date
    effective: bool
    likelihood_after: int
    impact_after: int
    note: str
    reviewed_by_name: str


class RiskOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    category: str
    likelihood: int
    impact: int
    score: int = Field(..., description="likelihood × impact")
    owner_id: int
    status: str
    review_interval_months: int
    next_review_on: dt.date | None


class RiskDetailOut(RiskOut):
    actions: list[RiskActionOut]
    reviews: list[RiskReviewOut]


class RiskIn(InputSchema):
    kind: Literal["risk", "opportunity"]
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=4000)
    category: str = Field("", max_length=100)
    likelihood: int = Field(..., ge=1, le=5)
    impact: int = Field(..., ge=1, le=5)
    owner_id: int
    review_interval_months: int = Field(..., ge=1, le=24)


class RiskPatch(PatchSchema):
    kind: Literal["risk", "opportunity"] | None = None
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    category: str | None = Field(None, max_length=100)
    likelihood: int | None = Field(None, ge=1, le=5)
    impact: int | None = Field(None, ge=1, le=5)
    owner_id: int | None = None
    review_interval_months: int | None = Field(None, ge=1, le=24)


class RiskActionIn(InputSchema):
    title: str = Field(..., max_length=200)
    owner_id: int
    due_on: dt.date


class RiskReviewIn(InputSchema):
    effective: bool
    likelihood_after: int = Field(..., ge=1, le=5)
    impact_after: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=2000)
    reviewed_on: dt.date | None = None
    treated: bool | None = None


class RiskMatrixCellOut(Schema):
    likelihood: int
    impact: int
    count: int


def _owner(member: Membership, owner_id: int) -> Membership:
    owner = access.owner_choices(member).filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner


def _values(member: Membership, sent: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in sent:
        sent["owner"] = _owner(member, sent.pop("owner_id"))
    return sent


def _detail(risk: Risk) -> dict[str, Any]:
    data = {field.name: getattr(risk, field.attname) for field in Risk._meta.concrete_fields}
    data["owner_id"] = risk.owner_id
    data["actions"] = list(risk.actions.all()[:500])
    data["reviews"] = list(risk.reviews.all()[:500])
    return data


@router.get(
    "", response=list[RiskOut], summary="The register of risks and opportunities, highest score first"
)
@paginate(Pagination)
def list_risks(request: ApiRequest) -> Any:
    return access.risk_queryset(member_of(request, C.VIEW_RISKS)).order_by("-score", "pk")


@router.post("", response={201: RiskDetailOut}, summary="Register a risk or an opportunity")
def create_risk(request: ApiRequest, payload: RiskIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_RISKS)
    risk = actions.create_risk(member, **_values(member, payload.dict()))
    return Status(201, _detail(risk))


@router.get(
    "/matrix", response=list[RiskMatrixCellOut], summary="Open and treated entries per likelihood and impact"
)
def risk_matrix(request: ApiRequest) -> list[dict[str, int]]:
    counts = access.matrix_counts(member_of(request, C.VIEW_AGGREGATES))
    return [
        {"likelihood": likelihood, "impact": impact, "count": counts.get((likelihood, impact), 0)}
        for likelihood in SCALE
        for impact in SCALE
    ]


@router.get("/{risk_id}", response=RiskDetailOut, summary="One risk with its actions and reviews")
def get_risk(request: ApiRequest, risk_id: int) -> dict[str, Any]:
    member = member_of(request, C.VIEW_RISKS)
    return _detail(access.get_risk_for(member, risk_id))


@router.patch("/{risk_id}", response=RiskDetailOut, summary="Change or rate a risk anew")
def patch_risk(request: ApiRequest, risk_id: int, payload: RiskPatch) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_RISKS)
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    return _detail(actions.update_risk(member, risk, **_values(member, payload.dict(exclude_unset=True))))


@router.post("/{risk_id}/actions", response={201: RiskActionOut}, summary="Plan an action on the risk")
def add_action(request: ApiRequest, risk_id: int, payload: RiskActionIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_RISKS)
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    planned = actions.add_risk_action(
        member, risk, title=payload.title, owner=_owner(member, payload.owner_id), due_on=payload.due_on
    )
    return Status(201, planned)


@router.post("/actions/{risk_action_id}/done", response=RiskActionOut, summary="Mark an action as done")
def complete_action(request: ApiRequest, risk_action_id: int) -> Any:
    member = member_of(request, C.MANAGE_RISKS)
    return actions.complete_risk_action(member, access.get_risk_action_for(member, risk_action_id))


@router.post("/{risk_id}/reviews", response={201: RiskReviewOut}, summary="Record an effectiveness review")
def review_risk(request: ApiRequest, risk_id: int, payload: RiskReviewIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_RISKS)
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    return Status(201, actions.review_risk(member, risk, **payload.dict()))


@router.post("/{risk_id}/close", response=RiskDetailOut, summary="Close the risk")
def close_risk(request: ApiRequest, risk_id: int) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_RISKS)
    return _detail(actions.close_risk(member, access.get_risk_for(member, risk_id, C.MANAGE_RISKS)))
