"""Who must approve a post, how many must, who may decide, and when approval is overdue.

The policy comes from the channels of the plan row the post carries out (the strictest of those
channels' policies: most approvers, shortest wait), else the organization's default policy, else one
approver and 48 hours. Approvals count only for the post's current revision and only while they stand
(an edit withdraws them, ``resonanz.content.revisions``). Nobody approves their own post, and a second
approval by the same person never counts twice (a database constraint holds that as well).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from resonanz.content.models import ApprovalDecision, ApprovalPolicy, Decision, Post, PostStatus
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

DEFAULT_APPROVERS = 1
DEFAULT_OVERDUE_HOURS = 48
MIN_APPROVERS, MAX_APPROVERS = 1, 2
MIN_OVERDUE_HOURS, MAX_OVERDUE_HOURS = 1, 720


@dataclass(frozen=True)
class EffectivePolicy:
    """What applies to one post: how many must approve, after how many hours approval is overdue, and
    which stored policy said so (``None``: the built-in default)."""

    approvers_required: int
    overdue_after_hours: int
    source: ApprovalPolicy | None = None


def policy_for(post: Post) -> EffectivePolicy:
    """The approval policy that applies to ``post`` (see the module's docstring)."""
    policies = ApprovalPolicy.objects.filter(organization_id=post.organization_id)
    if post.plan_row_id is not None:
        per_channel = list(
            policies.filter(channel__rows=post.plan_row_id).order_by(
                "-approvers_required", "overdue_after_hours", "pk"
            )[:50]
        )
        if per_channel:
            return EffectivePolicy(
                approvers_required=per_channel[0].approvers_required,
                overdue_after_hours=min(policy.overdue_after_hours for policy in per_channel),
                source=per_channel[0],
            )
    default = policies.filter(channel__isnull=True).first()
    if default is not None:
        return EffectivePolicy(default.approvers_required, default.overdue_after_hours, default)
    return EffectivePolicy(DEFAULT_APPROVERS, DEFAULT_OVERDUE_HOURS)


def approvals_needed(post: Post) -> int:
    return policy_for(post).approvers_required


def standing_approvals(post: Post) -> QuerySet[ApprovalDecision]:
    """The approvals of the post's current revision that were not withdrawn."""
    return ApprovalDecision.objects.filter(
        post=post, revision=post.revision, decision=Decision.APPROVED, withdrawn_at__isnull=True
    )


def approval_count(post: Post) -> int:
    """How many different people approved the current revision (the constraint makes rows = people)."""
    return standing_approvals(post).values("member").distinct().count()


def may_decide(member: Membership, post: Post) -> bool:
    """Whether ``member`` may approve, request changes or reject ``post`` now."""
    return refusal_reason(member, post) is None


def refusal_reason(member: Membership, post: Post) -> str | None:
    """Why ``member`` may not decide on ``post`` now (a code), or ``None`` when they may."""
    if member.organization_id != post.organization_id or not member.is_active:
        return "outsider"
    if not member.can(Capability.APPROVE_POSTS):
        return "no_capability"
    if post.author_id == member.pk:
        return "own_post"
    if post.status != PostStatus.IN_REVIEW:
        return "not_in_review"
    if standing_approvals(post).filter(member=member).exists():
        return "approved_already"
    return None


def waiting_since(post: Post) -> dt.datetime:
    """When the post's wait for approval began: its last change (submitting it for approval is one;
    deciding and commenting do not change the post row)."""
    return post.updated_at


def is_overdue(post: Post, now: dt.datetime, policy: EffectivePolicy | None = None) -> bool:
    """Whether the post has waited in review longer than its policy allows."""
    if post.status != PostStatus.IN_REVIEW:
        return False
    hours = (policy or policy_for(post)).overdue_after_hours
    return now - waiting_since(post) > dt.timedelta(hours=hours)
