"""API endpoints of the plan app under /api/v1/plan: reference data, plans, versions, rows, evidence.

Every change goes through ``resonanz.plan.actions``; objects come from ``resonanz.plan.access``.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.waiting import PendingOut, failed_answer, pending_answer
from resonanz.plan import access, actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.api_schemas import (
    ROW_NULLABLE,
    AudienceIn,
    AudienceOut,
    AudiencePatch,
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    CommentIn,
    CommentOut,
    DiffOut,
    EvidenceIn,
    EvidenceOut,
    NoteIn,
    OptionalCommentIn,
    PlanIn,
    PlanOut,
    PlanPatch,
    ReasonIn,
    RejectIn,
    ReviewersIn,
    ReviewOut,
    RowIn,
    RowOrderIn,
    RowOut,
    RowPatch,
    TopicIn,
    TopicOut,
    TopicPatch,
    VersionOut,
    VersionPatch,
    VersionReviewIn,
    VersionReviewOut,
)
from resonanz.plan.diff import diff_versions
from resonanz.plan.matrix_rows import MatrixRow, load_rows
from resonanz.plan.models import (
    Audience,
    Channel,
    CommunicationPlan,
    Evidence,
    PlanVersion,
    Topic,
    VersionReview,
)
from resonanz.plan.row_fields import ROW_FIELDS

router = Router(tags=["plan"])
C = Capability


def _rename(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in data.items()}


def _sent(payload: Schema, nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The members of a PATCH body that were sent; ``null`` counts only where it clears a value."""
    return {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None or key in nullable
    }


# ---------------------------------------------------------------- reference data


@router.get("/channels", response=list[ChannelOut], summary="Channels (how the organization communicates)")
@paginate(Pagination)
def list_channels(request: ApiRequest) -> Any:
    return access.channel_queryset(member_of(request, C.VIEW_PLAN)).order_by("position", "name")


@router.post("/channels", response={201: ChannelOut}, summary="Add a channel")
def create_channel(request: ApiRequest, payload: ChannelIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    data = _rename(payload.dict(exclude_none=True), {"owner_id": "owner"})
    return Status(201, actions.create_channel(member, **data))


@router.get("/channels/{channel_id}", response=ChannelOut, summary="One channel")
def get_channel(request: ApiRequest, channel_id: int) -> Channel:
    return access.get_channel_for(member_of(request, C.VIEW_PLAN), channel_id)


@router.patch("/channels/{channel_id}", response=ChannelOut, summary="Change or deactivate a channel")
def patch_channel(request: ApiRequest, channel_id: int, payload: ChannelPatch) -> Channel:
    member = member_of(request, C.EDIT_PLAN)
    channel = access.get_channel_for(member, channel_id, C.EDIT_PLAN)
    changes = _rename(_sent(payload, frozenset({"owner_id"})), {"owner_id": "owner"})
    return actions.update_channel(member, channel, **changes) if changes else channel


@router.get("/audiences", response=list[AudienceOut], summary="Audiences (interested parties, clause 4.2)")
@paginate(Pagination)
def list_audiences(request: ApiRequest) -> Any:
    return access.audience_queryset(member_of(request, C.VIEW_PLAN)).order_by("position", "name")


@router.post("/audiences", response={201: AudienceOut}, summary="Add an audience")
def create_audience(request: ApiRequest, payload: AudienceIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    return Status(201, actions.create_audience(member, **payload.dict(exclude_none=True)))


@router.get("/audiences/{audience_id}", response=AudienceOut, summary="One audience")
def get_audience(request: ApiRequest, audience_id: int) -> Audience:
    return access.get_audience_for(member_of(request, C.VIEW_PLAN), audience_id)


@router.patch("/audiences/{audience_id}", response=AudienceOut, summary="Change or deactivate an audience")
def patch_audience(request: ApiRequest, audience_id: int, payload: AudiencePatch) -> Audience:
    member = member_of(request, C.EDIT_PLAN)
    audience = access.get_audience_for(member, audience_id, C.EDIT_PLAN)
    changes = _sent(payload)
    return actions.update_audience(member, audience, **changes) if changes else audience


@router.get("/topics", response=list[TopicOut], summary="Topics (what the organization communicates about)")
@paginate(Pagination)
def list_topics(request: ApiRequest) -> Any:
    return access.topic_queryset(member_of(request, C.VIEW_PLAN)).order_by("position", "name")


@router.post("/topics", response={201: TopicOut}, summary="Add a topic")
def create_topic(request: ApiRequest, payload: TopicIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    return Status(201, actions.create_topic(member, **payload.dict(exclude_none=True)))


@router.get("/topics/{topic_id}", response=TopicOut, summary="One topic")
def get_topic(request: ApiRequest, topic_id: int) -> Topic:
    return access.get_topic_for(member_of(request, C.VIEW_PLAN), topic_id)


@router.patch("/topics/{topic_id}", response=TopicOut, summary="Change or deactivate a topic")
def patch_topic(request: ApiRequest, topic_id: int, payload: TopicPatch) -> Topic:
    member = member_of(request, C.EDIT_PLAN)
    topic = access.get_topic_for(member, topic_id, C.EDIT_PLAN)
    changes = _sent(payload)
    return actions.update_topic(member, topic, **changes) if changes else topic


# ---------------------------------------------------------------- plans


@router.get("/plans", response=list[PlanOut], summary="Communication plans")
@paginate(Pagination)
def list_plans(request: ApiRequest) -> Any:
    return access.plan_queryset(member_of(request, C.VIEW_PLAN)).order_by("identifier")


@router.post("/plans", response={201: PlanOut}, summary="Create a plan with its first draft")
def create_plan(request: ApiRequest, payload: PlanIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    owner = access.member_in_organization(member, payload.owner_id) if payload.owner_id is not None else None
    plan = actions.create_plan(
        member,
        identifier=payload.identifier,
        title=payload.title,
        owner=owner,
        review_interval_months=payload.review_interval_months,
        change_reason=payload.change_reason,
    )
    return Status(201, access.get_plan_for(member, plan.pk))


@router.get("/plans/{communication_plan_id}", response=PlanOut, summary="One plan")
def get_plan(request: ApiRequest, communication_plan_id: int) -> CommunicationPlan:
    return access.get_plan_for(member_of(request, C.VIEW_PLAN), communication_plan_id)


@router.patch(
    "/plans/{communication_plan_id}",
    response=PlanOut,
    summary="Change a plan's title, owner or review interval",
)
def patch_plan(request: ApiRequest, communication_plan_id: int, payload: PlanPatch) -> CommunicationPlan:
    member = member_of(request, C.EDIT_PLAN)
    plan = access.get_plan_for(member, communication_plan_id, C.EDIT_PLAN)
    changes = _sent(payload)
    if "owner_id" in changes:
        changes["owner"] = access.member_in_organization(member, changes.pop("owner_id"))
    if changes:
        actions.update_plan(member, plan, **changes)
    return access.get_plan_for(member, plan.pk)


@router.get(
    "/plans/{communication_plan_id}/versions",
    response=list[VersionOut],
    summary="Versions of a plan you may see",
)
@paginate(Pagination)
def list_versions(request: ApiRequest, communication_plan_id: int) -> Any:
    member = member_of(request, C.VIEW_PLAN)
    plan = access.get_plan_for(member, communication_plan_id)
    return access.version_queryset(member).filter(plan=plan).select_related("based_on").order_by("-number")


@router.post(
    "/plans/{communication_plan_id}/drafts",
    response={201: VersionOut},
    summary="Start a new draft from the published version",
)
def start_new_draft(request: ApiRequest, communication_plan_id: int, payload: ReasonIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    plan = access.get_plan_for(member, communication_plan_id, C.EDIT_PLAN)
    draft = actions.start_new_draft(member, plan, payload.change_reason)
    return Status(201, access.get_version_for(member, draft.pk))


@router.post(
    "/plans/{communication_plan_id}/reviews", response=PlanOut, summary="Record that the plan was reviewed"
)
def mark_reviewed(request: ApiRequest, communication_plan_id: int, payload: NoteIn) -> CommunicationPlan:
    # Approvers and the plan's owner may record a review; the action decides between them.
    member = member_of(request, C.EDIT_PLAN)
    plan = access.get_plan_for(member, communication_plan_id)
    actions.mark_plan_reviewed(member, plan, payload.note)
    return access.get_plan_for(member, plan.pk)


@router.get(
    "/plans/{communication_plan_id}/reviews",
    response=list[ReviewOut],
    summary="The plan's periodic reviews, newest first",
)
@paginate(Pagination)
def list_reviews(request: ApiRequest, communication_plan_id: int) -> Any:
    member = member_of(request, C.VIEW_PLAN_VERSIONS)
    plan = access.get_plan_for(member, communication_plan_id, C.VIEW_PLAN_VERSIONS)
    return access.review_history(member, plan)


# ---------------------------------------------------------------- versions


def _version(request: ApiRequest, plan_version_id: int, capability: Capability) -> tuple[Any, PlanVersion]:
    member = member_of(request, capability)
    return member, access.get_version_for(member, plan_version_id)


@router.get("/versions/{plan_version_id}", response=VersionOut, summary="One version")
def get_version(request: ApiRequest, plan_version_id: int) -> PlanVersion:
    return _version(request, plan_version_id, C.VIEW_PLAN)[1]


@router.patch(
    "/versions/{plan_version_id}", response=VersionOut, summary="Change the purpose or scope of a draft"
)
def patch_version(request: ApiRequest, plan_version_id: int, payload: VersionPatch) -> PlanVersion:
    member, version = _version(request, plan_version_id, C.EDIT_PLAN)
    changes = _sent(payload)
    if changes:
        actions.update_version_header(member, version, **changes)
    return access.get_version_for(member, version.pk)


@router.get(
    "/versions/{plan_version_id}/reviews",
    response=list[VersionReviewOut],
    summary="Reviews before approval: every named reviewer of every submission",
)
@paginate(Pagination)
def list_version_reviews(request: ApiRequest, plan_version_id: int) -> Any:
    _member, version = _version(request, plan_version_id, C.VIEW_PLAN_VERSIONS)
    return VersionReview.objects.filter(version=version).order_by("submitted_at", "named_at", "pk")


@router.post(
    "/versions/{plan_version_id}/reviewers",
    response={201: list[VersionReviewOut]},
    summary="Name reviewers of a version in review (its submitter or an approver)",
)
def name_reviewers(request: ApiRequest, plan_version_id: int, payload: ReviewersIn) -> Status[Any]:
    member, version = _version(request, plan_version_id, C.EDIT_PLAN)
    reviewers = [access.member_in_organization(member, pk) for pk in payload.reviewer_ids]
    return Status(201, actions.name_reviewers(member, version, reviewers))


@router.post(
    "/versions/{plan_version_id}/reviews",
    response={201: VersionReviewOut},
    summary="Record your review as a named reviewer: reviewed, or changes requested",
)
def review_version(request: ApiRequest, plan_version_id: int, payload: VersionReviewIn) -> Status[Any]:
    member, version = _version(request, plan_version_id, C.REVIEW_PLAN)
    return Status(201, actions.review_version(member, version, payload.outcome, payload.comment))


@router.get(
    "/versions/{plan_version_id}/rows", response=list[RowOut], summary="Rows of a version, in matrix order"
)
@paginate(Pagination)
def list_rows(request: ApiRequest, plan_version_id: int) -> Any:
    member, version = _version(request, plan_version_id, C.VIEW_PLAN)
    return load_rows(version, names=member.can(C.VIEW_NAMES))


def _row_out(member: Membership, plan_row_id: int) -> MatrixRow:
    """A row as the API shows it: with the names its version shows (as approved, or as now)."""
    row = access.get_row_for(member, plan_row_id)
    (loaded,) = load_rows(row.version, row_id=row.pk, names=member.can(C.VIEW_NAMES))
    return loaded


@router.post("/versions/{plan_version_id}/rows", response={201: RowOut}, summary="Add a row to a draft")
def add_row(request: ApiRequest, plan_version_id: int, payload: RowIn) -> Status[Any]:
    member, version = _version(request, plan_version_id, C.EDIT_PLAN)
    row = actions.add_row(member, version, **_row_values(payload.dict()))
    return Status(201, _row_out(member, row.pk))


@router.put(
    "/versions/{plan_version_id}/row-order",
    response=list[RowOut],
    summary="Put a draft's rows in a new order",
)
def reorder_rows(request: ApiRequest, plan_version_id: int, payload: RowOrderIn) -> list[MatrixRow]:
    member, version = _version(request, plan_version_id, C.EDIT_PLAN)
    actions.reorder_rows(member, version, payload.row_ids)
    return load_rows(version)


@router.post("/versions/{plan_version_id}/submit", response=VersionOut, summary="Submit a draft for review")
def submit_version(request: ApiRequest, plan_version_id: int) -> PlanVersion:
    member, version = _version(request, plan_version_id, C.EDIT_PLAN)
    actions.submit_for_review(member, version)
    return access.get_version_for(member, version.pk)


@router.post(
    "/versions/{plan_version_id}/approve", response=VersionOut, summary="Approve a version in review"
)
def approve_version(request: ApiRequest, plan_version_id: int, payload: OptionalCommentIn) -> PlanVersion:
    member, version = _version(request, plan_version_id, C.APPROVE_PLAN)
    actions.approve_version(member, version, payload.comment)
    return access.get_version_for(member, version.pk)


@router.post(
    "/versions/{plan_version_id}/reject",
    response=VersionOut,
    summary="Send a version in review back to draft",
)
def reject_version(request: ApiRequest, plan_version_id: int, payload: RejectIn) -> PlanVersion:
    member, version = _version(request, plan_version_id, C.APPROVE_PLAN)
    actions.reject_version(member, version, payload.comment)
    return access.get_version_for(member, version.pk)


@router.post(
    "/versions/{plan_version_id}/publish", response=VersionOut, summary="Publish an approved version"
)
def publish_version(request: ApiRequest, plan_version_id: int) -> PlanVersion:
    member, version = _version(request, plan_version_id, C.APPROVE_PLAN)
    actions.publish_version(member, version)
    return access.get_version_for(member, version.pk)


@router.get(
    "/versions/{plan_version_id}/comments", response=list[CommentOut], summary="Comments on a version"
)
def list_comments(request: ApiRequest, plan_version_id: int) -> Any:
    # Comments are who said what about a version: not for members who see no individual people.
    member, version = _version(request, plan_version_id, C.VIEW_NAMES)
    return list(access.comment_queryset(member).filter(version=version))


@router.post(
    "/versions/{plan_version_id}/comments", response={201: CommentOut}, summary="Comment on a version"
)
def add_comment(request: ApiRequest, plan_version_id: int, payload: CommentIn) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    version = access.get_version_for(member, plan_version_id)
    return Status(201, actions.add_comment(member, version, payload.body))


class DiffQuery(Schema):
    compare_to: int = Field(..., ge=1, le=1_000_000, description="The number of the version to compare with.")


@router.get("/versions/{plan_version_id}/diff", response=DiffOut, summary="Changes between two versions")
def diff(request: ApiRequest, plan_version_id: int, query: Query[DiffQuery]) -> dict[str, Any]:
    """The changes from version number ``compare_to`` of the same plan to this version."""
    member, version = _version(request, plan_version_id, C.VIEW_PLAN)
    other = access.version_queryset(member).filter(plan_id=version.plan_id, number=query.compare_to).first()
    if other is None:
        raise Http404
    result = diff_versions(other, version)
    return {
        "old_version": other.number,
        "new_version": version.number,
        "header": [{"field": c.field, "old": c.old, "new": c.new} for c in result.header],
        "rows": [
            {
                "row_key": row.row_key,
                "status": row.status,
                "old_position": row.old_position,
                "new_position": row.new_position,
                "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in row.changes],
            }
            for row in result.rows
        ],
    }


class ExportQuery(Schema):
    format: Literal["xlsx", "csv", "pdf"] = Field(..., description="The file format.")


_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/versions/{plan_version_id}/export",
    response={202: PendingOut},
    summary="The version as an XLSX, CSV or PDF file",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as a download",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _FILE,
                    "text/csv": _FILE,
                    "application/pdf": _FILE,
                },
            },
            "503": {"description": "The PDF could not be made; asking again tries once more."},
        }
    },
)
def export(request: ApiRequest, plan_version_id: int, query: Query[ExportQuery]) -> Any:
    """The matrix as the plan page exports it, in the language of the request, recorded in the audit trail.

    A PDF of a large plan is made by the worker: the answer is then 202 with ``Retry-After``; ask
    again with the same request and the finished file comes back.
    """
    member, version = _version(request, plan_version_id, C.VIEW_NAMES)
    try:
        return export_version(member, version, query.format, wait=False).download()
    except PdfPending:
        return pending_answer()
    except PdfFailed:
        return failed_answer(
            _("The PDF could not be made. Please try again; the XLSX export works for plans of any size.")
        )


# ---------------------------------------------------------------- rows and evidence


_ROW_NAMES = {spec.api_name: spec.name for spec in ROW_FIELDS if spec.api_name != spec.name}


def _row_values(data: dict[str, Any]) -> dict[str, Any]:
    values = _rename(data, _ROW_NAMES)
    if "when_kind" in values:
        values["when_kind"] = values["when_kind"] or ""
    return values


@router.get("/rows/{plan_row_id}", response=RowOut, summary="One row")
def get_row(request: ApiRequest, plan_row_id: int) -> MatrixRow:
    return _row_out(member_of(request, C.VIEW_PLAN), plan_row_id)


@router.patch("/rows/{plan_row_id}", response=RowOut, summary="Change a row of a draft")
def patch_row(request: ApiRequest, plan_row_id: int, payload: RowPatch) -> MatrixRow:
    member = member_of(request, C.EDIT_PLAN)
    row = access.get_row_for(member, plan_row_id, C.EDIT_PLAN)
    changes = _row_values(_sent(payload, ROW_NULLABLE))
    if changes:
        actions.update_row(member, row, **changes)
    return _row_out(member, row.pk)


@router.delete("/rows/{plan_row_id}", response={204: None}, summary="Delete a row of a draft")
def delete_row(request: ApiRequest, plan_row_id: int) -> Status[Any]:
    member = member_of(request, C.EDIT_PLAN)
    actions.delete_row(member, access.get_row_for(member, plan_row_id, C.EDIT_PLAN))
    return Status(204, None)


@router.post(
    "/rows/{plan_row_id}/evidence", response={201: EvidenceOut}, summary="Mark an occurrence as done"
)
def mark_done(request: ApiRequest, plan_row_id: int, payload: EvidenceIn) -> Status[Any]:
    """Mark a planned occurrence (or, for a trigger row, an occasion) as done, with a note."""
    member = member_of(request, C.RECORD_EVIDENCE)
    row = access.get_row_for(member, plan_row_id)
    evidence = actions.mark_occurrence_done(
        member,
        row,
        planned_for=payload.planned_for,
        occurred_at=payload.occurred_at,
        note=payload.note,
        link=payload.link,
    )
    return Status(201, evidence)


class EvidenceFilter(Schema):
    row_key: uuid.UUID | None = Field(
        None, description="Only evidence for this row (the same in every version)."
    )


@router.get("/evidence", response=list[EvidenceOut], summary="Evidence of executed communication")
@paginate(Pagination)
def list_evidence(request: ApiRequest, filters: Query[EvidenceFilter]) -> Any:
    evidence = access.evidence_queryset(member_of(request, C.VIEW_EVIDENCE)).order_by("-occurred_at", "-pk")
    if filters.row_key:
        evidence = evidence.filter(row_key=filters.row_key)
    return evidence


@router.get("/evidence/{evidence_id}", response=EvidenceOut, summary="One piece of evidence")
def get_evidence(request: ApiRequest, evidence_id: int) -> Evidence:
    return access.get_evidence_for(member_of(request, C.VIEW_EVIDENCE), evidence_id)


# Planned against executed, explanations of missed dates and corrective actions (same router).
from resonanz.plan import api_execution  # noqa: E402, F401
