"""Writing posts: create, change (a new revision, withdrawing any approval), submit, archive.

A post is written by a member who may write posts and is its author. Others who read all content and
write posts (the editorial team) may change it too; an ambassador only their own. Any change makes a
new revision (``resonanz.content.revisions``): an approval given to the old one no longer counts, an
approved post goes back to draft, and a post in review waits for its author to submit it again.
Submitting runs the checks; it does not refuse on blocking findings (approval does), but the author
sees them at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resonanz.content.check_runs import record_check_run, refuse_unless_visible
from resonanz.content.models import Language, Post, PostCheckRun, PostStatus, PostVariant
from resonanz.content.post_input import PostInput, cleaned_post
from resonanz.content.revisions import approval_withdrawn, revise
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import member_name

FIELDS = ("title", "language", "campaign", "plan_row", "link_url", "hashtags", "mentions", "is_employee_post")
PERSONAL = ("title", "link_url", "hashtags", "mentions", "variants")
SUBMITTABLE = (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED)


def _state(post: Post, variants: dict[str, str]) -> dict[str, Any]:
    state: dict[str, Any] = audit.snapshot(post, FIELDS)
    state["variants"] = dict(sorted(variants.items()))
    return state


def _apply(post: Post, data: PostInput) -> None:
    post.title, post.language, post.campaign = data.title, data.language, data.campaign
    post.plan_row = data.plan_row
    if data.plan_row is None:
        post.plan_row_key, post.plan_row_label = None, ""
    elif data.plan_row.pk != post.plan_row_id or post.plan_row_key is None:
        post.plan_row_key, post.plan_row_label = data.plan_row.row_key, str(data.plan_row)[:300]
    post.link_url, post.hashtags, post.mentions = data.link_url, data.hashtags, data.mentions
    post.is_employee_post = data.is_employee_post


def _lock(member: Membership, post: Post) -> Post:
    locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
    refuse_unless_visible(member, locked)
    return locked


@action(Capability.WRITE_POSTS)
def create_post(
    member: Membership,
    title: str,
    variants: dict[str, str],
    language: str = Language.GERMAN,
    campaign: Any = None,
    plan_row: Any = None,
    link_url: str = "",
    hashtags: Any = None,
    mentions: Any = None,
    is_employee_post: bool = False,
) -> Post:
    """Write a new post (a draft) with one text per network."""
    data = cleaned_post(
        title=title,
        variants=variants,
        language=language,
        campaign=campaign,
        plan_row=plan_row,
        link_url=link_url,
        hashtags=hashtags,
        mentions=mentions,
        is_employee_post=is_employee_post,
    )
    with transaction.atomic():
        post = Post(organization_id=member.organization_id, author=member, author_name=member_name(member))
        _apply(post, data)
        post.save()
        PostVariant.objects.bulk_create(
            PostVariant(post=post, network=network, text=text) for network, text in data.variants.items()
        )
        audit.record(
            member.organization,
            member,
            "content.post_created",
            post,
            after=_state(post, data.variants),
            personal=PERSONAL,
        )
    return post


@action(Capability.WRITE_POSTS)
def update_post(
    member: Membership,
    post: Post,
    title: str,
    variants: dict[str, str],
    language: str = Language.GERMAN,
    campaign: Any = None,
    plan_row: Any = None,
    link_url: str = "",
    hashtags: Any = None,
    mentions: Any = None,
    is_employee_post: bool = False,
) -> Post:
    """Change a post: a new revision when anything changed (withdrawing an approval of the old one)."""
    with transaction.atomic():
        locked = _lock(member, post)
        if locked.status == PostStatus.ARCHIVED:
            raise ActionRefused(_("This post is archived; it cannot be changed."), code="archived")
        data = cleaned_post(
            title=title,
            variants=variants,
            language=language,
            campaign=campaign,
            plan_row=plan_row,
            link_url=link_url,
            hashtags=hashtags,
            mentions=mentions,
            is_employee_post=is_employee_post,
            current_campaign=locked.campaign,
            current_plan_row=locked.plan_row,
        )
        existing = {variant.network: variant for variant in PostVariant.objects.filter(post=locked)}
        before = _state(locked, {network: variant.text for network, variant in existing.items()})
        _apply(locked, data)
        after = _state(locked, data.variants)
        changed = [key for key in after if after[key] != before[key]]
        if not changed:
            return locked
        status_before = locked.status
        withdrawn = revise(locked, member, changed)
        locked.save()
        for network, variant in existing.items():
            if network not in data.variants:
                variant.delete()
            elif variant.text != data.variants[network]:
                variant.text = data.variants[network]
                variant.save(update_fields=["text", "updated_at"])
        PostVariant.objects.bulk_create(
            PostVariant(post=locked, network=network, text=text)
            for network, text in data.variants.items()
            if network not in existing
        )
        before["status"], after["status"] = status_before, locked.status
        after["revision"], after["approval_withdrawn"] = locked.revision, withdrawn
        audit.record(
            locked.organization,
            member,
            "content.post_changed",
            locked,
            before={key: before[key] for key in (*changed, "status")},
            after={key: after[key] for key in (*changed, "status", "revision", "approval_withdrawn")},
            personal=PERSONAL,
        )
    return locked


@action(Capability.WRITE_POSTS)
def submit_for_approval(member: Membership, post: Post) -> PostCheckRun:
    """Submit the post for approval and check it; the check run tells the author what blocks it."""
    with transaction.atomic():
        locked = _lock(member, post)
        if locked.status not in SUBMITTABLE:
            raise ActionRefused(
                _("Only a draft, or a post sent back or rejected, can be submitted for approval."),
                code="not_submittable",
            )
        before = locked.status
        locked.status = PostStatus.IN_REVIEW
        locked.reminded_at = None
        locked.save(update_fields=["status", "reminded_at", "updated_at"])
        audit.record(
            locked.organization,
            member,
            "content.post_submitted",
            locked,
            before={"status": before},
            after={"status": locked.status, "revision": locked.revision},
        )
        run = record_check_run(member, locked)
    post.status = locked.status
    return run


@action(Capability.WRITE_POSTS)
def archive_post(member: Membership, post: Post) -> Post:
    """Archive a post: it leaves the lists and is never sent (an approval it had no longer stands)."""
    with transaction.atomic():
        locked = _lock(member, post)
        if locked.status == PostStatus.ARCHIVED:
            return locked
        before = locked.status
        locked.status = PostStatus.ARCHIVED
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            locked.organization,
            member,
            "content.post_archived",
            locked,
            before={"status": before},
            after={"status": locked.status},
        )
        if before == PostStatus.APPROVED:
            approval_withdrawn.send(sender=Post, post=locked, actor=member)
    post.status = locked.status
    return locked
