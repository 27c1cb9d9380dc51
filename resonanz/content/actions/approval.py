"""Deciding on posts in review, commenting on them, and the approval policies per channel.

A decision belongs to the post's current revision. ``approve_post`` records one approval; when enough
different people have approved, the post is approved at that revision (the database holds
``approved_revision = revision`` for every approved post). Request changes and reject need a comment.
Every decision locks the post row first, so two approvers at the same moment are serialized: the
second sees the first's approval, and a person's second click hits the unique constraint on standing
approvals instead of counting twice. The approval's audit record is release evidence: it names the
revision and the check run the approver saw.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from resonanz.content.approval import (
    MAX_APPROVERS,
    MAX_OVERDUE_HOURS,
    MIN_APPROVERS,
    MIN_OVERDUE_HOURS,
    approval_count,
    policy_for,
    refusal_reason,
)
from resonanz.content.models import (
    ApprovalDecision,
    ApprovalPolicy,
    Decision,
    Post,
    PostCheckRun,
    PostComment,
    PostStatus,
)
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.models import Channel

COMMENT_LIMIT = 5000

_REFUSALS: dict[str, Any] = {
    "own_post": _("You wrote this post: someone else must decide on it."),
    "not_in_review": _("This post is not waiting for approval; it cannot be decided on now."),
    "approved_already": _("You have approved this revision already."),
    "no_capability": _("Your roles do not allow you to decide on posts."),
    "outsider": _("Your roles do not allow you to decide on posts."),
}


def _lock(member: Membership, post: Post) -> Post:
    locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
    same_organization(member, locked.organization_id)
    return locked


def _refuse_unless_may_decide(member: Membership, post: Post) -> None:
    reason = refusal_reason(member, post)
    if reason is not None:
        raise ActionRefused(_REFUSALS[reason], code=reason)


def _comment_text(comment: Any, *, required: bool) -> str:
    if comment is not None and not isinstance(comment, str):
        raise ActionRefused(_("Enter the comment as text."), field="comment")
    text = clean_text(comment)
    if required and not text:
        raise ActionRefused(_("Say what should change: a comment is required."), field="comment")
    if len(text) > COMMENT_LIMIT:
        raise ActionRefused(
            _("A comment has at most %(limit)s characters."), params={"limit": COMMENT_LIMIT}, field="comment"
        )
    return text


def _current_check_run(post: Post) -> PostCheckRun:
    run = PostCheckRun.objects.filter(post=post, revision=post.revision).first()
    if run is None:
        raise ActionRefused(
            _("This revision has not been checked yet. Run the checks before approving."), code="unchecked"
        )
    if run.blocking:
        raise ActionRefused(
            ngettext_lazy(
                "The checks found %(count)s blocking problem in this revision; it cannot be approved.",
                "The checks found %(count)s blocking problems in this revision; it cannot be approved.",
                run.blocking,
            ),
            params={"count": run.blocking},
            code="blocking_findings",
        )
    return run


def _decide(member: Membership, post: Post, decision: str, comment: str) -> ApprovalDecision:
    return ApprovalDecision.objects.create(
        post=post,
        revision=post.revision,
        member=member,
        member_name=member_name(member),
        decision=decision,
        comment=comment,
        decided_at=timezone.now(),
    )


@action(Capability.APPROVE_POSTS)
def approve_post(member: Membership, post: Post, comment: str = "") -> ApprovalDecision:
    """Approve the post's current revision; with enough approvals the post is approved."""
    text = _comment_text(comment, required=False)
    with transaction.atomic():
        locked = _lock(member, post)
        _refuse_unless_may_decide(member, locked)
        run = _current_check_run(locked)
        try:
            with transaction.atomic():
                decision = _decide(member, locked, Decision.APPROVED, text)
        except IntegrityError:  # the same person's approval from a second tab or click
            raise ActionRefused(_REFUSALS["approved_already"], code="approved_already") from None
        policy = policy_for(locked)
        given = approval_count(locked)
        before = {"status": locked.status, "approved_revision": locked.approved_revision}
        if given >= policy.approvers_required:
            locked.status = PostStatus.APPROVED
            locked.approved_revision = locked.revision
            locked.reminded_at = None
            locked.save(update_fields=["status", "approved_revision", "reminded_at", "updated_at"])
        audit.record(
            locked.organization,
            member,
            "content.post_approved" if locked.status == PostStatus.APPROVED else "content.approval_given",
            locked,
            before=before,
            after={
                "status": locked.status,
                "approved_revision": locked.approved_revision,
                "revision": locked.revision,
                "check_run": run.pk,
                "check_warnings": run.warnings,
                "approvals": given,
                "approvals_required": policy.approvers_required,
                "comment": text,
            },
            personal=("comment",),
        )
    post.status, post.approved_revision = locked.status, locked.approved_revision
    return decision


def _close(member: Membership, post: Post, comment: Any, decision: str, status: str, code: str) -> Any:
    text = _comment_text(comment, required=True)
    with transaction.atomic():
        locked = _lock(member, post)
        _refuse_unless_may_decide(member, locked)
        recorded = _decide(member, locked, decision, text)
        before = {"status": locked.status}
        locked.status = status
        locked.reminded_at = None
        locked.save(update_fields=["status", "reminded_at", "updated_at"])
        audit.record(
            locked.organization,
            member,
            code,
            locked,
            before=before,
            after={"status": status, "revision": locked.revision, "comment": text},
            personal=("comment",),
        )
    post.status = locked.status
    return recorded


@action(Capability.APPROVE_POSTS)
def request_changes(member: Membership, post: Post, comment: str) -> ApprovalDecision:
    """Send the post back to its author with a comment saying what should change."""
    decision: ApprovalDecision = _close(
        member,
        post,
        comment,
        Decision.CHANGES_REQUESTED,
        PostStatus.CHANGES_REQUESTED,
        "content.changes_requested",
    )
    return decision


@action(Capability.APPROVE_POSTS)
def reject_post(member: Membership, post: Post, comment: str) -> ApprovalDecision:
    """Reject the post with a comment saying why."""
    decision: ApprovalDecision = _close(
        member, post, comment, Decision.REJECTED, PostStatus.REJECTED, "content.post_rejected"
    )
    return decision


@action(Capability.WRITE_POSTS, Capability.APPROVE_POSTS)
def comment_on_post(member: Membership, post: Post, text: str) -> PostComment:
    """Comment on a post: approvers, and writers on posts they see (an ambassador: only their own).
    The comment belongs to the revision it was written on."""
    body = _comment_text(text, required=True)
    with transaction.atomic():
        locked = _lock(member, post)
        if not member.can(Capability.VIEW_CONTENT) and locked.author_id != member.pk:
            raise ActionRefused(_("You can comment only on your own posts."), code="not_visible")
        comment = PostComment.objects.create(
            post=locked,
            revision=locked.revision,
            author=member,
            author_name=member_name(member),
            text=body,
        )
        audit.record(
            locked.organization,
            member,
            "content.post_commented",
            locked,
            after={"revision": locked.revision, "comment": body},
            personal=("comment",),
        )
    return comment


# ---------------------------------------------------------------- approval policies


POLICY_FIELDS = ("channel", "approvers_required", "overdue_after_hours")


def _whole_number(value: Any, low: int, high: int, field: str, message: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ActionRefused(message, params={"low": low, "high": high}, field=field)
    return value


@action(Capability.MANAGE_GUIDELINES)
def set_approval_policy(
    member: Membership,
    channel: Channel | None,
    approvers_required: int,
    overdue_after_hours: int,
) -> ApprovalPolicy:
    """Set how many must approve posts of a channel (``None``: the organization's default) and after
    how many hours approval is overdue. Creates the policy or changes the existing one."""
    required = _whole_number(
        approvers_required,
        MIN_APPROVERS,
        MAX_APPROVERS,
        "approvers_required",
        _("Choose %(low)s or %(high)s approvers."),
    )
    hours = _whole_number(
        overdue_after_hours,
        MIN_OVERDUE_HOURS,
        MAX_OVERDUE_HOURS,
        "overdue_after_hours",
        _("Enter a number of hours from %(low)s to %(high)s."),
    )
    if channel is not None and not isinstance(channel, Channel):
        raise ActionRefused(_("Choose a channel of the plan."), field="channel")
    organization = member.organization
    with transaction.atomic():
        existing = (
            ApprovalPolicy.objects.select_for_update()
            .filter(organization=organization, channel=channel)
            .first()
        )
        before = audit.snapshot(existing, POLICY_FIELDS) if existing is not None else None
        try:
            with transaction.atomic():
                if existing is None:
                    policy = ApprovalPolicy.objects.create(
                        organization=organization,
                        channel=channel,
                        approvers_required=required,
                        overdue_after_hours=hours,
                    )
                else:
                    policy = existing
                    policy.approvers_required, policy.overdue_after_hours = required, hours
                    policy.save(update_fields=["approvers_required", "overdue_after_hours"])
        except IntegrityError:  # set for the same channel at the same moment by someone else
            raise ActionRefused(_("This rule was just set by someone else. Reload and try again.")) from None
        audit.record(
            organization,
            member,
            "content.approval_policy_set",
            policy,
            before=before,
            after=audit.snapshot(policy, POLICY_FIELDS),
        )
    return policy


@action(Capability.MANAGE_GUIDELINES)
def remove_approval_policy(member: Membership, policy: ApprovalPolicy) -> None:
    """Remove a policy: its channel's posts follow the default again (or the built-in one approver)."""
    with transaction.atomic():
        before = audit.snapshot(policy, POLICY_FIELDS)
        deleted, _rows = ApprovalPolicy.objects.filter(pk=policy.pk).delete()
        if not deleted:
            return
        audit.record(
            member.organization,
            member,
            "content.approval_policy_removed",
            policy,
            before=before,
        )
