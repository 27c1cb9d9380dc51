"""API endpoints of the content app under /api/v1/content: posts awaiting approval, the approval of a
post (decisions, approve, request changes, reject), its comments, and the approval rules per channel.

Every change goes through ``resonanz.content.actions``; objects come from ``approval_access``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.content import approval_access as access
from resonanz.content.actions import approval as actions
from resonanz.content.api_schemas import (
    ApprovalOut,
    ApprovalPolicyIn,
    ApprovalPolicyOut,
    DecisionIn,
    PostBriefOut,
    PostCommentIn,
    PostCommentOut,
    RequiredCommentIn,
)
from resonanz.content.approval import approval_count, is_overdue, policy_for, refusal_reason
from resonanz.content.approval_panel import MAX_SHOWN
from resonanz.content.models import ApprovalDecision, ApprovalPolicy, PostComment
from resonanz.core.errors import ActionRefused
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import Channel

router = Router(tags=["content"])
C = Capability


def _approval(member: Membership, post_id: int) -> dict[str, Any]:
    post = access.get_post_for(member, post_id)
    policy = policy_for(post)
    decisions = ApprovalDecision.objects.filter(post=post).order_by("-decided_at", "-pk")[:MAX_SHOWN]
    return {
        "post": post,
        "approvers_required": policy.approvers_required,
        "approvals_given": approval_count(post),
        "overdue_after_hours": policy.overdue_after_hours,
        "overdue": is_overdue(post, timezone.now(), policy),
        "may_decide": refusal_reason(member, post) is None,
        "decisions": list(decisions),
    }


def _policy_out(policy: ApprovalPolicy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "channel_id": policy.channel_id,
        "channel_name": policy.channel.name if policy.channel is not None else None,
        "approvers_required": policy.approvers_required,
        "overdue_after_hours": policy.overdue_after_hours,
    }


# ---------------------------------------------------------------- approval of posts


@router.get(
    "/posts/awaiting-approval",
    response=list[PostBriefOut],
    summary="Posts in review the caller may still decide on (longest waiting first)",
)
@paginate(Pagination)
def list_posts_awaiting_approval(request: ApiRequest) -> Any:
    return access.awaiting_queryset(member_of(request, C.APPROVE_POSTS))


@router.get("/posts/{post_id}/approval", response=ApprovalOut, summary="The approval state of one post")
def get_post_approval(request: ApiRequest, post_id: int) -> dict[str, Any]:
    return _approval(member_of(request, C.VIEW_CONTENT), post_id)


@router.post(
    "/posts/{post_id}/approve",
    response=ApprovalOut,
    summary="Approve the post's current revision (never one's own post; refused with blocking checks)",
)
def approve_post_revision(request: ApiRequest, post_id: int, payload: DecisionIn) -> dict[str, Any]:
    member = member_of(request, C.APPROVE_POSTS)
    actions.approve_post(member, access.get_post_for(member, post_id), comment=payload.comment)
    return _approval(member, post_id)


@router.post(
    "/posts/{post_id}/request-changes",
    response=ApprovalOut,
    summary="Send the post back to its author, saying what should change",
)
def request_post_changes(request: ApiRequest, post_id: int, payload: RequiredCommentIn) -> dict[str, Any]:
    member = member_of(request, C.APPROVE_POSTS)
    actions.request_changes(member, access.get_post_for(member, post_id), payload.comment)
    return _approval(member, post_id)


@router.post("/posts/{post_id}/reject", response=ApprovalOut, summary="Reject the post, saying why")
def reject_post_in_review(request: ApiRequest, post_id: int, payload: RequiredCommentIn) -> dict[str, Any]:
    member = member_of(request, C.APPROVE_POSTS)
    actions.reject_post(member, access.get_post_for(member, post_id), payload.comment)
    return _approval(member, post_id)


@router.get(
    "/posts/{post_id}/comments", response=list[PostCommentOut], summary="Comments on a post (newest first)"
)
@paginate(Pagination)
def list_post_comments(request: ApiRequest, post_id: int) -> Any:
    post = access.get_post_for(member_of(request, C.VIEW_CONTENT), post_id)
    return PostComment.objects.filter(post=post).order_by("-created_at", "-pk")


@router.post(
    "/posts/{post_id}/comments",
    response={201: PostCommentOut},
    summary="Comment on a post, as an approver (on its current revision)",
)
def add_post_comment(request: ApiRequest, post_id: int, payload: PostCommentIn) -> Status[Any]:
    member = member_of(request, C.APPROVE_POSTS)
    comment = actions.comment_on_post(member, access.get_post_for(member, post_id), payload.text)
    return Status(201, comment)


# ---------------------------------------------------------------- approval rules


@router.get(
    "/approval-policies",
    response=list[ApprovalPolicyOut],
    summary="The approval rules: the organization's default and one per channel",
)
@paginate(Pagination)
def list_approval_policies(request: ApiRequest) -> Any:
    return [_policy_out(policy) for policy in access.policy_queryset(member_of(request, C.VIEW_CONTENT))]


@router.get(
    "/approval-policies/{approval_policy_id}", response=ApprovalPolicyOut, summary="One approval rule"
)
def get_approval_policy(request: ApiRequest, approval_policy_id: int) -> dict[str, Any]:
    member = member_of(request, C.VIEW_CONTENT)
    return _policy_out(access.get_approval_policy_for(member, approval_policy_id))


@router.put(
    "/approval-policies",
    response=ApprovalPolicyOut,
    summary="Set the approval rule of a channel (or, with channel_id null, the default)",
)
def put_approval_policy(request: ApiRequest, payload: ApprovalPolicyIn) -> dict[str, Any]:
    member = member_of(request, C.MANAGE_GUIDELINES)
    channel = None
    if payload.channel_id is not None:
        channel = Channel.objects.filter(
            organization_id=member.organization_id, pk=payload.channel_id
        ).first()
        if channel is None:
            raise ActionRefused(_("Choose a channel of your organization."), field="channel_id")
    policy = actions.set_approval_policy(
        member, channel, payload.approvers_required, payload.overdue_after_hours
    )
    return _policy_out(access.get_approval_policy_for(member, policy.pk))


@router.delete(
    "/approval-policies/{approval_policy_id}",
    response={204: None},
    summary="Remove an approval rule (the default rule then applies to its channel)",
)
def delete_approval_policy(request: ApiRequest, approval_policy_id: int) -> Status[None]:
    member = member_of(request, C.MANAGE_GUIDELINES)
    actions.remove_approval_policy(member, access.get_approval_policy_for(member, approval_policy_id))
    return Status(204, None)
