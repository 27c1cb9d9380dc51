"""Request and response bodies of the competence API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from resonanz.api_input import InputSchema, PatchSchema
from resonanz.competence.matrix import CellState
from resonanz.competence.models import EffectivenessResult, ParticipationStatus, TrainingFormat
from resonanz.competence.models.catalogue import NAME_MAX_LENGTH
from resonanz.core.roles import Role

NAME = Field(..., min_length=1, max_length=NAME_MAX_LENGTH)
TEXT = Field("", max_length=5000)
MAX_IDS = 50


class Person(Schema):
    id: int
    name: str


def person(membership: Any) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {"id": membership.pk, "name": membership.user.full_name or membership.user.email}


class CompetenceOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class CompetenceIn(InputSchema):
    name: str = NAME
    description: str = TEXT


class CompetencePatch(PatchSchema):
    nullable = frozenset()
    name: str | None = Field(None, min_length=1, max_length=NAME_MAX_LENGTH)
    description: str | None = Field(None, max_length=5000)
    is_active: bool | None = None


class RoleRequirementOut(Schema):
    id: int
    role: str
    competence_id: int


class RoleRequirementIn(InputSchema):
    role: Role
    competence_id: int


class ChannelRequirementOut(Schema):
    id: int
    channel_id: int
    competence_id: int


class ChannelRequirementIn(InputSchema):
    channel_id: int
    competence_id: int


class TrainingOut(Schema):
    id: int
    title: str
    provider: str
    format: str
    starts_on: dt.date
    ends_on: dt.date | None
    description: str
    competence_ids: list[int]

    @staticmethod
    def resolve_competence_ids(obj: Any) -> list[int]:
        return sorted(competence.pk for competence in obj.competences.all())


class TrainingIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    provider: str = Field("", max_length=200)
    format: TrainingFormat
    starts_on: dt.date
    ends_on: dt.date | None = None
    description: str = TEXT
    competence_ids: list[int] = Field(default_factory=list, max_length=MAX_IDS)


class TrainingPatch(PatchSchema):
    nullable = frozenset({"ends_on"})
    title: str | None = Field(None, min_length=1, max_length=200)
    provider: str | None = Field(None, max_length=200)
    format: TrainingFormat | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description: str | None = Field(None, max_length=5000)
    competence_ids: list[int] | None = Field(None, max_length=MAX_IDS)


class ParticipationOut(Schema):
    id: int
    training_id: int
    person: Person
    status: str
    completed_on: dt.date | None

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any] | None:
        return person(obj.membership)


class ParticipationIn(InputSchema):
    membership_id: int


class ParticipationPatch(PatchSchema):
    nullable = frozenset({"completed_on"})
    status: ParticipationStatus
    completed_on: dt.date | None = None


class EffectivenessCheckOut(Schema):
    id: int
    training_id: int
    planned_on: dt.date
    method: str
    result: str
    notes: str
    assessed_by: Person | None
    assessed_on: dt.date | None

    @staticmethod
    def resolve_assessed_by(obj: Any) -> dict[str, Any] | None:
        return person(obj.assessed_by)


class EffectivenessCheckIn(InputSchema):
    planned_on: dt.date
    method: str = Field(..., min_length=1, max_length=300)


class EffectivenessCheckPatch(PatchSchema):
    nullable = frozenset({"assessed_on"})
    planned_on: dt.date | None = None
    method: str | None = Field(None, min_length=1, max_length=300)
    result: EffectivenessResult | None = None
    notes: str | None = Field(None, max_length=5000)
    assessed_on: dt.date | None = None


class CertificateOut(Schema):
    id: int
    person: Person
    competence_id: int
    training_id: int | None
    issued_on: dt.date
    expires_on: dt.date | None
    issuer: str
    has_evidence_file: bool

    @staticmethod
    def resolve_person(obj: Any) -> dict[str, Any] | None:
        return person(obj.membership)

    @staticmethod
    def resolve_has_evidence_file(obj: Any) -> bool:
        return bool(obj.evidence)


class CertificateIn(InputSchema):
    membership_id: int
    competence_id: int
    issued_on: dt.date
    expires_on: dt.date | None = None
    issuer: str = Field("", max_length=200)
    training_id: int | None = None


class CertificatePatch(PatchSchema):
    nullable = frozenset({"expires_on", "training_id"})
    competence_id: int | None = None
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    issuer: str | None = Field(None, max_length=200)
    training_id: int | None = None


class CertificateFilter(Schema):
    membership_id: int | None = Field(None, ge=1, le=2**62)
    competence_id: int | None = Field(None, ge=1, le=2**62)


class MatrixQuery(Schema):
    unit: str = Field("", max_length=150)
    competence_id: int | None = Field(None, ge=1, le=2**62)
    status: Literal["", "held", "expiring", "expired", "missing"] = ""
    page: int = Field(1, ge=1, le=100_000)


class MatrixCellOut(Schema):
    competence_id: int
    state: CellState
    required: bool
    expires_on: dt.date | None


class MatrixRowOut(Schema):
    membership_id: int
    name: str
    unit: str
    cells: list[MatrixCellOut]


class MatrixOut(Schema):
    on: dt.date
    competences: list[CompetenceOut]
    rows: list[MatrixRowOut]
    total: int
    page: int
    pages: int


class MatrixExportQuery(Schema):
    format: Literal["xlsx", "pdf"] = "xlsx"
    unit: str = Field("", max_length=150)
    competence_id: int | None = Field(None, ge=1, le=2**62)
    status: Literal["", "held", "expiring", "expired", "missing"] = ""


class ViolationOut(Schema):
    sender: Person
    competence_id: int
    competence: str
    channel_id: int
    channel: str
    expired_on: dt.date | None = Field(
        None,
        description="When the sender's last certificate of the competence ran out (it no longer counts).",
    )
