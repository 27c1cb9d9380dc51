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


def png_bytes(width: int = 2, height: int = 1) -> bytes:
    """A real PNG of ``width`` × ``height`` grey pixels (a large size declared with few bytes: a bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(min(height, 64))) if width <= 4096 else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
