"""Content test data. Until the editor's actions write posts, posts are made here directly, in the
state the editor's ``submit_for_approval`` leaves them: in review, with a check run of the revision."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resonanz.content.models import Post, PostCheckRun, PostNetwork, PostStatus, PostVariant
from resonanz.core.models import Membership
from resonanz.core.text import member_name


def make_post(
    author: Membership,
    *,
    title: str = "Wir stellen ein",
    text: str = "Wir suchen Verstärkung im Team Vertrieb.",
    status: str = PostStatus.IN_REVIEW,
    checked: bool = True,
    blocking: int = 0,
    **fields: Any,
) -> Post:
    """A post by ``author`` with a Bluesky variant; in review and checked unless told otherwise."""
    post = Post.objects.create(
        organization=author.organization,
        author=author,
        author_name=member_name(author),
        title=title,
        status=status,
        **fields,
    )
    PostVariant.objects.create(post=post, network=PostNetwork.BLUESKY, text=text)
    if checked:
        check(post, blocking=blocking)
    return post


def check(post: Post, *, blocking: int = 0, warnings: int = 0) -> PostCheckRun:
    """A check run of the post's current revision with ``blocking`` blocking findings."""
    results = [
        {"check": "guideline", "severity": "block", "code": "forbidden_word", "message": "Verbotenes Wort"}
    ] * blocking
    return PostCheckRun.objects.create(
        post=post,
        revision=post.revision,
        ran_at=timezone.now(),
        results=results,
        blocking=blocking,
        warnings=warnings,
    )
