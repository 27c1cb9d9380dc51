"""Request and response bodies of the content API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from resonanz.api_input import InputSchema
from resonanz.content.actions.approval import COMMENT_LIMIT
from resonanz.content.approval import MAX_APPROVERS, MAX_OVERDUE_HOURS, MIN_APPROVERS, MIN_OVERDUE_HOURS


class PostBriefOut(Schema):
    id: int
    title: str
    status: str
    language: str
    revision: int
    approved_revision: int | None
    author_name: str
    updated_at: dt.datetime


class DecisionOut(Schema):
    id: int
    revision: int
    member_name: str
    decision: str
    comment: str
    decided_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str


class ApprovalOut(Schema):
    post: PostBriefOut
    approvers_required: int = Field(..., description="Approvals the post's current revision needs.")
    approvals_given: int = Field(..., description="Different people who approved the current revision.")
    overdue_after_hours: int
    overdue: bool
    may_decide: bool = Field(..., description="Whether the caller may decide on the post now.")
    decisions: list[DecisionOut] = Field(..., description="The newest decisions first (at most 200).")


class DecisionIn(InputSchema):
    comment: str = Field("", max_length=COMMENT_LIMIT)


class RequiredCommentIn(InputSchema):
    comment: str = Field(..., min_length=1, max_length=COMMENT_LIMIT)


class PostCommentOut(Schema):
    id: int
    revision: int
    author_name: str
    text: str
    created_at: dt.datetime


class PostCommentIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=COMMENT_LIMIT)


class ApprovalPolicyOut(Schema):
    id: int
    channel_id: int | None = Field(None, description="The channel; null: the organization's default rule.")
    channel_name: str | None = None
    approvers_required: int
    overdue_after_hours: int


class ApprovalPolicyIn(InputSchema):
    channel_id: int | None = Field(
        None, ge=1, le=2**62, description="A channel of the organization; null sets the default rule."
    )
    approvers_required: int = Field(1, ge=MIN_APPROVERS, le=MAX_APPROVERS)
    overdue_after_hours: int = Field(48, ge=MIN_OVERDUE_HOURS, le=MAX_OVERDUE_HOURS)
