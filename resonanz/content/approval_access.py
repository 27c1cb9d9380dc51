"""Access helpers of the approval pages and API: posts to decide on, and the approval rules.

Anything outside the member's organization is a 404. Inside it, those who read content
(VIEW_CONTENT) see every post; a writer without it (an ambassador) sees only their own posts. The
approval rules are read by those who read content and kept by those who keep the guidelines.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from resonanz.content.models import ApprovalDecision, ApprovalPolicy, Decision, Post, PostImage, PostStatus
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

C = Capability
MAX_AWAITING = 200


def post_queryset(member: Membership) -> QuerySet[Post]:
    """The posts ``member`` may see: all of the organization's, or an ambassador's own."""
    posts = Post.objects.filter(organization_id=member.organization_id).select_related("organization")
    if member.can(C.VIEW_CONTENT):
        return posts
    if member.can(C.WRITE_POSTS):
        return posts.filter(author=member)
    raise Http404


def get_post_for(member: Membership, post_id: Any) -> Post:
    try:
        return post_queryset(member).get(pk=post_id)
    except (Post.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_image_for(member: Membership, post_id: Any, post_image_id: Any) -> PostImage:
    """An image of a post ``member`` may see (whoever may not see the post gets a 404 for its images)."""
    post = get_post_for(member, post_id)
    try:
        return PostImage.objects.select_related("post__organization").get(pk=post_image_id, post=post)
    except (PostImage.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def awaiting_queryset(member: Membership) -> QuerySet[Post]:
    """Posts in review that ``member`` may still decide on: not their own, not approved by them yet."""
    require_or_404(member, C.APPROVE_POSTS)
    approved_by_member = ApprovalDecision.objects.filter(
        post=OuterRef("pk"),
        revision=OuterRef("revision"),
        member=member,
        decision=Decision.APPROVED,
        withdrawn_at__isnull=True,
    )
    return (
        post_queryset(member)
        .filter(status=PostStatus.IN_REVIEW)
        .exclude(author=member)
        .exclude(Exists(approved_by_member))
        .order_by("updated_at", "pk")
    )


def policy_queryset(member: Membership) -> QuerySet[ApprovalPolicy]:
    if not (member.can(C.VIEW_CONTENT) or member.can(C.MANAGE_GUIDELINES)):
        raise Http404
    return (
        ApprovalPolicy.objects.filter(organization_id=member.organization_id)
        .select_related("channel")
        .order_by("channel__name", "pk")
    )


def get_approval_policy_for(member: Membership, approval_policy_id: Any) -> ApprovalPolicy:
    try:
        return policy_queryset(member).get(pk=approval_policy_id)
    except (ApprovalPolicy.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
