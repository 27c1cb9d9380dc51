"""API of the management review under /api/v1/reviews: reviews with their input pack, holding and
closing them, their outputs; every change through ``reviews.actions``, every object through
``reviews.access``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema, Pagination, PatchSchema
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.reviews import access, actions
from resonanz.reviews.models import ManagementReview
from resonanz.reviews.pack import pack_of, pack_to_json

router = Router(tags=["reviews"])
C = Capability


class ReviewOutputOut(Schema):
    id: int
    kind: str
    text: str
    owner_id: int
    owner_name: str
    due_on: dt.date
    status: str
    done_at: dt.datetime | None


class ManagementReviewOut(Schema):
    id: int
    number: int
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str
    held_on: dt.date | None
    chair_id: int | None


class ReviewPackFigureOut(Schema):
    key: str
    value: int | str | None


class ReviewPackEntryOut(Schema):
    text: str
    reference: str
    date: str
    status: str
    detail: str


class ReviewPackBarOut(Schema):
    label: str
    value: int


class ReviewPackPartOut(Schema):
    key: str
    figures: list[ReviewPackFigureOut]
    entries: list[ReviewPackEntryOut]
    more: int
    bars: list[ReviewPackBarOut]
    text: str


class ReviewPackSectionOut(Schema):
    key: str = Field(..., description="a … f, the inputs of ISO 9001 9.3.2")
    parts: list[ReviewPackPartOut]


class ReviewPackOut(Schema):
    start: str
    end: str
    as_of: str
    sections: list[ReviewPackSectionOut]


class ManagementReviewDetailOut(ManagementReviewOut):
    issues_changes: str
    resource_notes: str
    minutes: str
    participant_ids: list[int]
    empty: bool = Field(..., description="True when the period holds no records at all")
    pack: ReviewPackOut = Field(..., description="frozen when the review was held, else read now")
    outputs: list[ReviewOutputOut]


class ManagementReviewIn(InputSchema):
    title: str = Field(..., max_length=200)
    period_start: dt.date
    period_end: dt.date
    issues_changes: str = Field("", max_length=20000)
    resource_notes: str = Field("", max_length=20000)


class ManagementReviewPatch(PatchSchema):
    title: str | None = Field(None, max_length=200)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issues_changes: str | None = Field(None, max_length=20000)
    resource_notes: str | None = Field(None, max_length=20000)


class ManagementReviewHoldIn(InputSchema):
    held_on: dt.date
    minutes: str = Field(..., max_length=20000)
    chair_id: int
    participant_ids: list[int] = Field(default_factory=list, max_length=100)


class ReviewOutputIn(InputSchema):
    kind: Literal["improvement", "change", "resource"]
    text: str = Field(..., max_length=2000)
    owner_id: int
    due_on: dt.date


def _member(member: Membership, member_id: int) -> Membership:
    found = access.member_choices(member).filter(pk=member_id).first()
    if found is None:
        raise Http404
    return found


def _detail(member: Membership, review: ManagementReview) -> dict[str, Any]:
    pack = pack_of(review, timezone.localdate(timezone=member.organization.zone))
    data = {field.name: getattr(review, field.attname) for field in ManagementReview._meta.concrete_fields}
    data["chair_id"] = review.chair_id
    data["participant_ids"] = list(review.participants.values_list("pk", flat=True))
    data["pack"] = pack_to_json(pack)
    data["empty"] = pack.empty
    data["outputs"] = list(review.outputs.all()[:500])
    return data


@router.get("", response=list[ManagementReviewOut], summary="The management reviews, newest first")
@paginate(Pagination)
def list_reviews(request: ApiRequest) -> Any:
    return access.review_queryset(member_of(request, C.VIEW_REVIEWS)).order_by("-number")


@router.post("", response={201: ManagementReviewDetailOut}, summary="Prepare a management review of a period")
def create_review(request: ApiRequest, payload: ManagementReviewIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_REVIEWS)
    review = actions.create_review(member, **payload.dict())
    return Status(201, _detail(member, review))


@router.get(
    "/{management_review_id}",
    response=ManagementReviewDetailOut,
    summary="One review with its input pack and outputs",
)
def get_review(request: ApiRequest, management_review_id: int) -> dict[str, Any]:
    member = member_of(request, C.VIEW_REVIEWS)
    return _detail(member, access.get_review_for(member, management_review_id))


@router.patch(
    "/{management_review_id}", response=ManagementReviewDetailOut, summary="Change a review in preparation"
)
def patch_review(
    request: ApiRequest, management_review_id: int, payload: ManagementReviewPatch
) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_REVIEWS)
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    return _detail(member, actions.update_review(member, review, **payload.dict(exclude_unset=True)))


@router.post(
    "/{management_review_id}/hold",
    response=ManagementReviewDetailOut,
    summary="Record the review as held (freezes the pack)",
)
def hold_review(
    request: ApiRequest, management_review_id: int, payload: ManagementReviewHoldIn
) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_REVIEWS)
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    held = actions.hold_review(
        member,
        review,
        held_on=payload.held_on,
        minutes=payload.minutes,
        chair=_member(member, payload.chair_id),
        participants=[_member(member, pk) for pk in dict.fromkeys(payload.participant_ids)],
    )
    return _detail(member, held)


@router.post(
    "/{management_review_id}/close", response=ManagementReviewDetailOut, summary="Close a held review"
)
def close_review(request: ApiRequest, management_review_id: int) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_REVIEWS)
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    return _detail(member, actions.close_review(member, review))


@router.post(
    "/{management_review_id}/outputs",
    response={201: ReviewOutputOut},
    summary="Record an output of the review",
)
def add_output(request: ApiRequest, management_review_id: int, payload: ReviewOutputIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_REVIEWS)
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    output = actions.add_output(
        member,
        review,
        kind=payload.kind,
        text=payload.text,
        owner=_member(member, payload.owner_id),
        due_on=payload.due_on,
    )
    return Status(201, output)


@router.post("/outputs/{review_output_id}/done", response=ReviewOutputOut, summary="Mark an output as done")
def complete_output(request: ApiRequest, review_output_id: int) -> Any:
    member = member_of(request, C.MANAGE_REVIEWS)
    return actions.complete_output(member, access.get_output_for(member, review_output_id))
