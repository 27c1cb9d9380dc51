"""What the approval panel shows for one post: required and given approvals, the decisions with
their comments, the comments, and whether the viewer may decide. The editor's post page includes
``content/_approval_panel.html`` with this context."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resonanz.content.approval import approval_count, is_overdue, policy_for, refusal_reason
from resonanz.content.approval_forms import CommentForm, DecisionForm
from resonanz.content.models import ApprovalDecision, Post, PostComment
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

MAX_SHOWN = 200


def approval_panel_context(
    member: Membership, post: Post, decision_form: DecisionForm | None = None
) -> dict[str, Any]:
    policy = policy_for(post)
    decisions = list(ApprovalDecision.objects.filter(post=post).order_by("-decided_at", "-pk")[:MAX_SHOWN])
    comments = list(PostComment.objects.filter(post=post).order_by("-created_at", "-pk")[:MAX_SHOWN])
    return {
        "post": post,
        "policy": policy,
        "approvals_given": approval_count(post),
        "decisions": decisions,
        "comments": comments,
        "overdue": is_overdue(post, timezone.now(), policy),
        "may_decide": refusal_reason(member, post) is None,
        "comment_as_approver": member.can(Capability.APPROVE_POSTS),
        "decision_form": decision_form or DecisionForm(),
        "comment_form": CommentForm(),
    }
