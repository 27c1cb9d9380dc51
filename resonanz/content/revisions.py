"""A post's revisions: every edit makes a new one, and an edit after approval withdraws the approval.

The editing actions call ``new_revision`` inside their transaction, on a post row they locked with
``select_for_update``. Approvals are given to one revision (``ApprovalDecision.revision``): standing
approvals of the old revision are marked withdrawn here, an approved post goes back to draft, and the
``approval_withdrawn`` signal tells the publishing app to hold that post's scheduled deliveries (the
delivery worker re-checks approval anyway before it sends anything).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal
from django.utils import timezone

from resonanz.content.models import ApprovalDecision, Decision, Post, PostStatus
from resonanz.core import audit
from resonanz.core.models import Membership

# Sent inside the editing transaction with ``post`` and ``actor`` when an approved (or partly approved)
# post was edited.
approval_withdrawn = Signal()

WITHDRAWN_BY_EDIT = "edited after approval"


def revise(post: Post, actor: Membership, changed: Iterable[str]) -> bool:
    """After an edit of the locked ``post`` (its text, its images): a new revision, and the post back to
    draft (in review, changes requested, rejected: its author submits it again); True when an approval
    was withdrawn by it."""
    withdrawn = new_revision(post, actor, changed)
    post.status = PostStatus.DRAFT if post.status != PostStatus.ARCHIVED else post.status
    post.reminded_at = None
    post.save(update_fields=["status", "reminded_at", "updated_at"])
    return withdrawn


def new_revision(post: Post, actor: Membership, changed: Iterable[str]) -> bool:
    """Raise the revision after an edit; return True when an approval was withdrawn by it."""
    changed = sorted(changed)
    if not changed:
        return False
    previous = post.revision
    post.revision = previous + 1
    standing = ApprovalDecision.objects.filter(
        post=post, revision=previous, decision=Decision.APPROVED, withdrawn_at__isnull=True
    )
    withdrawn = standing.update(withdrawn_at=timezone.now(), withdrawn_reason=WITHDRAWN_BY_EDIT) > 0
    was_approved = post.status == PostStatus.APPROVED
    if was_approved:
        post.status = PostStatus.DRAFT
    post.save(update_fields=["revision", "status", "updated_at"])
    if was_approved or withdrawn:
        audit.record(
            post.organization,
            actor,
            "content.approval_withdrawn",
            post,
            before={"revision": previous, "status": PostStatus.APPROVED if was_approved else post.status},
            after={"revision": post.revision, "status": post.status, "changed": list(changed)},
        )
        approval_withdrawn.send(sender=Post, post=post, actor=actor)
        return True
    return False
