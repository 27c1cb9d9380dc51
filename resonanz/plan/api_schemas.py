"""Request and response bodies of the plan API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from django.db import models
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import StrictBool, create_model

from resonanz.api_input import InputSchema, IsoDateTime, PatchSchema
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.completeness import missing_answers
from resonanz.plan.matrix_rows import MatrixRow
from resonanz.plan.matrix_rows import Ref as MatrixRef
from resonanz.plan.models import ChannelKind, CommunicationPlan, Direction, PlanRow, PlanVersion
from resonanz.plan.recurrence import describe
from resonanz.plan.row_fields import LONG_TEXT, ROW_FIELDS, Kind, RowField
from resonanz.plan.unplanned import UNPLANNED_LIMIT

NAME = Field(..., min_length=1, max_length=120)


def sees_names(context: Any) -> bool:
    """Whether the caller sees the people named in the plan (the works council sees roles only)."""
    request = (context or {}).get("request")
    member = getattr(request, "member", None)
    return member is None or bool(member.can(Capability.VIEW_NAMES))


def _person(member: Membership | None, context: Any = None) -> dict[str, Any] | None:
    if member is None:
        return None
    if not sees_names(context):
        return {"id": 0, "name": gettext("named person")}
    return {"id": member.pk, "name": member.user.full_name or member.user.email}


def _name(name: str, context: Any) -> str:
    """A person's name kept on a version (author, reviewer, approver), or "named person"."""
    return name if not name or sees_names(context) else gettext("named person")


def _ref(ref: MatrixRef | None) -> dict[str, Any] | None:
    """Something a row refers to, with the name its version shows."""
    return {"id": ref.pk, "name": ref.name} if ref is not None else None


class Ref(Schema):
    id: int
    name: str


class ChannelOut(Schema):
    id: int
    name: str
    kind: str
    direction: str
    owner: Ref | None = None
    is_active: bool
    position: int

    @staticmethod
    def resolve_owner(obj: Any, context: Any) -> dict[str, Any] | None:
        return _person(obj.owner, context)


class ChannelIn(InputSchema):
    name: str = NAME
    kind: ChannelKind
    direction: Direction = Direction.BOTH
    owner_id: int | None = None
    position: int | None = Field(None, ge=0, le=100_000)


class ChannelPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=120)
    kind: ChannelKind | None = None
    direction: Direction | None = None
    owner_id: int | None = None
    is_active: StrictBool | None = None
    position: int | None = Field(None, ge=0, le=100_000)


class AudienceOut(Schema):
    id: int
    name: str
    expectations: str
    direction: str
    is_active: bool
    position: int


class AudienceIn(InputSchema):
    name: str = NAME
    expectations: str = Field("", max_length=LONG_TEXT)
    direction: Direction = Direction.EXTERNAL
    position: int | None = Field(None, ge=0, le=100_000)


class AudiencePatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=120)
    expectations: str | None = Field(None, max_length=LONG_TEXT)
    direction: Direction | None = None
    is_active: StrictBool | None = None
    position: int | None = Field(None, ge=0, le=100_000)


class TopicOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool
    position: int


class TopicIn(InputSchema):
    name: str = NAME
    description: str = Field("", max_length=LONG_TEXT)
    position: int | None = Field(None, ge=0, le=100_000)


class TopicPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=LONG_TEXT)
    is_active: StrictBool | None = None
    position: int | None = Field(None, ge=0, le=100_000)


class PlanOut(Schema):
    id: int
    identifier: str
    title: str
    owner: Ref
    review_interval_months: int
    evidence_note_optional: bool
    last_reviewed_at: dt.datetime | None
    next_review_due: dt.date | None

    @staticmethod
    def resolve_owner(obj: CommunicationPlan, context: Any) -> dict[str, Any] | None:
        return _person(obj.owner, context)


class PlanIn(InputSchema):
    identifier: str = Field(..., min_length=1, max_length=30)
    title: str = Field(..., min_length=1, max_length=200)
    owner_id: int | None = None
    review_interval_months: int = Field(12, ge=1, le=60)
    change_reason: str = Field("", max_length=LONG_TEXT)


class PlanPatch(PatchSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    owner_id: int | None = None
    review_interval_months: int | None = Field(None, ge=1, le=60)
    evidence_note_optional: StrictBool | None = None


class ReasonIn(InputSchema):
    change_reason: str = Field(..., min_length=1, max_length=LONG_TEXT)


class NoteIn(InputSchema):
    note: str = Field("", max_length=LONG_TEXT)


class CommentIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=LONG_TEXT)


class OptionalCommentIn(InputSchema):
    comment: str = Field("", max_length=LONG_TEXT)


class RejectIn(InputSchema):
    comment: str = Field(..., min_length=1, max_length=LONG_TEXT)


class CommentOut(Schema):
    id: int
    author_name: str
    kind: str
    body: str
    created_at: dt.datetime


class VersionPatch(PatchSchema):
    """The document header of a draft."""

    purpose: str | None = Field(None, max_length=LONG_TEXT)
    scope: str | None = Field(None, max_length=LONG_TEXT)


class ReviewersIn(InputSchema):
    reviewer_ids: list[int] = Field(..., min_length=1, max_length=10)


class VersionReviewIn(InputSchema):
    outcome: Literal["reviewed", "changes_requested"]
    comment: str = Field("", max_length=LONG_TEXT)


class VersionReviewOut(Schema):
    """A named reviewer's review of one submission of a version."""

    id: int
    reviewer: Ref
    submitted_at: dt.datetime
    named_at: dt.datetime
    state: Literal["pending", "reviewed", "changes_requested"]
    comment: str
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_reviewer(obj: Any) -> dict[str, Any]:
        return {"id": obj.reviewer_id, "name": obj.reviewer_name}


class ReviewOut(Schema):
    """One periodic review: "unchanged", or the version it led to."""

    id: int
    reviewed_at: dt.datetime
    reviewer_name: str
    outcome: Literal["unchanged", "new_version"]
    version: int | None
    comment: str

    @staticmethod
    def resolve_version(obj: Any) -> int | None:
        return obj.version.number if obj.version_id is not None else None


class VersionOut(Schema):
    id: int
    plan_id: int
    identifier: str
    number: int
    status: str
    based_on: int | None
    change_reason: str
    purpose: str
    scope: str
    author_name: str
    reviewer_name: str
    approver_name: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None

    @staticmethod
    def resolve_identifier(obj: PlanVersion) -> str:
        return obj.plan.identifier

    @staticmethod
    def resolve_author_name(obj: PlanVersion, context: Any) -> str:
        return _name(obj.author_name, context)

    @staticmethod
    def resolve_reviewer_name(obj: PlanVersion, context: Any) -> str:
        return _name(obj.reviewer_name, context)

    @staticmethod
    def resolve_approver_name(obj: PlanVersion, context: Any) -> str:
        return _name(obj.approver_name, context)

    @staticmethod
    def resolve_based_on(obj: PlanVersion) -> int | None:
        return obj.based_on.number if obj.based_on_id and obj.based_on is not None else None


class RowOut(Schema):
    id: int
    version_id: int
    row_key: uuid.UUID
    position: int
    topic: Ref | None = None
    description: str
    key_messages: str
    when_kind: str
    rrule: str
    rrule_text: str
    start_date: dt.date | None
    start_time: dt.time | None
    trigger: str
    audiences: list[Ref]
    channels: list[Ref]
    format: str
    languages: list[str]
    sender_roles: list[str]
    senders: list[Ref]
    approver: Ref | None = None
    owner: Ref | None = None
    direction: str
    quality_objective: str
    notes: str
    missing: list[str]

    @staticmethod
    def resolve_topic(obj: MatrixRow) -> dict[str, Any] | None:
        return _ref(obj.topic)

    @staticmethod
    def resolve_rrule_text(obj: MatrixRow) -> str:
        return describe(obj.rrule) if obj.rrule else ""

    @staticmethod
    def resolve_audiences(obj: MatrixRow) -> list[dict[str, Any] | None]:
        return [_ref(item) for item in obj.audiences]

    @staticmethod
    def resolve_channels(obj: MatrixRow) -> list[dict[str, Any] | None]:
        return [_ref(item) for item in obj.channels]

    @staticmethod
    def resolve_senders(obj: MatrixRow) -> list[dict[str, Any] | None]:
        return [_ref(item) for item in obj.senders]

    @staticmethod
    def resolve_approver(obj: MatrixRow) -> dict[str, Any] | None:
        return _ref(obj.approver)

    @staticmethod
    def resolve_owner(obj: MatrixRow) -> dict[str, Any] | None:
        return _ref(obj.owner)

    @staticmethod
    def resolve_missing(obj: MatrixRow) -> list[str]:
        return [str(question) for question in missing_answers(obj)]  # type: ignore[arg-type]


def _row_member(spec: RowField, patch: bool) -> tuple[Any, Any]:
    """The type and default of one answer in the API's row schemas (``patch``: every member optional)."""
    if spec.kind == Kind.CHOICE:
        values = tuple(value for value, _label in _model_field(spec.name).choices or ())
        kind: Any = Literal[values]
    else:
        kind = _ROW_TYPES[spec.kind]
    if spec.kind in (Kind.TEXT, Kind.RULE):
        return (
            (str | None, Field(None, max_length=spec.limit))
            if patch
            else (str, Field("", max_length=spec.limit))
        )
    if spec.kind in (Kind.CODES, Kind.REFERENCES):
        if patch:
            return kind | None, Field(None, max_length=spec.limit)
        return kind, Field(default_factory=list, max_length=spec.limit)
    if patch or spec.clearable:
        return kind | None, None
    return kind, _model_field(spec.name).default


def _model_field(name: str) -> models.Field[Any, Any]:
    field = PlanRow._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


_ROW_TYPES: dict[Kind, Any] = {
    Kind.TEXT: str,
    Kind.RULE: str,
    Kind.DATE: dt.date,
    Kind.TIME: dt.time,
    Kind.CODES: list[str],
    Kind.REFERENCE: int,
    Kind.REFERENCES: list[int],
}


def _row_schema(name: str, base: type[InputSchema], doc: str) -> Any:
    """A row schema with one member per answer of ``row_fields.ROW_FIELDS``, named as the API names them."""
    members: dict[str, Any] = {
        spec.api_name: _row_member(spec, patch=base is PatchSchema) for spec in ROW_FIELDS
    }
    return create_model(name, __base__=base, __doc__=doc, **members)


if TYPE_CHECKING:
    RowIn = InputSchema
    RowPatch = PatchSchema
else:
    RowIn = _row_schema(
        "RowIn", InputSchema, "A row's answers; a draft may hold incomplete rows until it is submitted."
    )
    RowPatch = _row_schema(
        "RowPatch",
        PatchSchema,
        "Only the members sent are changed; ``null`` clears topic, date, time, approver and owner.",
    )


# Members of RowPatch that may be sent as null to clear them; for the others null means "unchanged".
ROW_NULLABLE = frozenset(spec.api_name for spec in ROW_FIELDS if spec.clearable)


class RowOrderIn(InputSchema):
    row_ids: list[int] = Field(..., max_length=10_000)


class FieldChangeOut(Schema):
    field: str
    old: Any = None
    new: Any = None


class RowDiffOut(Schema):
    row_key: str
    status: str
    old_position: int | None
    new_position: int | None
    changes: list[FieldChangeOut]


class DiffOut(Schema):
    old_version: int
    new_version: int
    header: list[FieldChangeOut]
    rows: list[RowDiffOut]


class EvidenceOut(Schema):
    id: int
    plan_id: int
    row_key: uuid.UUID
    occurred_at: dt.datetime
    planned_for: dt.datetime | None
    kind: str
    note: str
    link: str
    has_attachment: bool
    recorded_by_name: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_has_attachment(obj: Any) -> bool:
        return bool(obj.attachment)


class EvidenceIn(InputSchema):
    planned_for: IsoDateTime | None = Field(None, description="The planned occurrence that took place.")
    occurred_at: IsoDateTime | None = Field(None, description="When it took place, if not as planned.")
    note: str = Field("", max_length=LONG_TEXT)
    link: str = Field(
        "",
        max_length=500,
        description="An http(s) address where it can be seen. A note or a link is needed unless the "
        "plan makes the note optional.",
    )


class ExplanationBrief(Schema):
    id: int
    reason: str = Field(..., description="The reason from the organization's list.")
    text: str | None = Field(..., description="Null for members who do not read evidence.")
    corrective_action_id: int | None


class OccurrenceOut(Schema):
    start: dt.datetime
    all_day: bool
    evidence_id: int | None
    version: int = Field(
        ..., description="The number of the version in force on this date, which planned it."
    )
    outcome: Literal["done", "missed", "explained", "upcoming"]
    explanation: ExplanationBrief | None


class SummaryOut(Schema):
    planned: int
    executed: int
    missed: int = Field(..., description="Missed dates without an explanation.")
    explained: int = Field(..., description="Missed dates with an explanation.")
    upcoming: int
    rate: int | None = Field(..., description="Per cent of the dates due that were done.")


class ExecutionOut(Schema):
    row_id: int
    row_key: uuid.UUID
    planned: list[OccurrenceOut]
    planned_count: int
    executed_count: int
    missed_count: int
    explained_count: int
    unplanned_evidence_ids: list[int]


class UnplannedItemOut(Schema):
    at: dt.datetime = Field(..., description="When it was published.")
    network: str = Field(..., description="The network, in the active language.")
    title: str = Field(..., description="The post's working title.")
    url: str | None = Field(..., description="The post on the network; null for the works council.")
    published_by: str | None = Field(
        ..., description="Who scheduled it; null when unknown and for members who do not see names."
    )


class UnplannedOut(Schema):
    items: list[UnplannedItemOut] = Field(..., description=f"At most {UNPLANNED_LIMIT}, oldest first.")
    count: int = Field(..., description="Every post published in the period without a plan row.")


class ExecutionPageOut(Schema):
    items: list[ExecutionOut]
    unplanned: UnplannedOut = Field(
        ..., description="Posts of the organization published in the period without a plan row (any page)."
    )
    summary: SummaryOut = Field(..., description="The figures of the rows on this page.")
    count: int = Field(..., description="Every row planned in the period, on this page or not.")
    next_offset: int | None = Field(
        ..., description="The offset of the next page, or null when this page holds the last row."
    )


class MissReasonOut(Schema):
    id: int
    name: str
    is_active: bool
    position: int


class MissReasonIn(InputSchema):
    name: str = NAME
    position: int | None = Field(None, ge=0, le=100_000)


class MissReasonPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: StrictBool | None = None
    position: int | None = Field(None, ge=0, le=100_000)


class ExplanationIn(InputSchema):
    planned_for: IsoDateTime = Field(..., description="The missed planned date.")
    reason_id: int
    text: str = Field("", max_length=LONG_TEXT)
    corrective_action_id: int | None = None


class ExplanationOut(Schema):
    id: int
    plan_id: int
    row_key: uuid.UUID
    planned_for: dt.datetime
    reason_id: int
    text: str
    corrective_action_id: int | None
    recorded_by_name: str
    recorded_at: dt.datetime


class CorrectiveActionIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=LONG_TEXT)
    owner_id: int | None = None
    due_date: dt.date | None = None


class CorrectiveActionOut(Schema):
    id: int
    title: str
    description: str
    owner_id: int | None
    due_date: dt.date | None
    status: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
