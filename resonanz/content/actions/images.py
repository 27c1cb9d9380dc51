"""A post's images: add one (at most four), describe it (alternative text), move it, remove it.

Every change is an edit of the post: a new revision (an approval of the old one is withdrawn, the post
goes back to draft), recorded in the audit trail. Approval needs an alternative text for every image
(the images check blocks without one). Files go through ``default_storage`` (the data directory or an
S3-compatible bucket), under a name resonanz chooses; a removed image's file is deleted after commit.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from resonanz.content.check_runs import refuse_unless_visible
from resonanz.content.images import EXTENSIONS, MAX_ALT_TEXT, MAX_IMAGE_BYTES, image_facts
from resonanz.content.models import MAX_IMAGES, Post, PostImage, PostStatus
from resonanz.content.revisions import revise
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text

logger = logging.getLogger(__name__)
PERSONAL = ("alt_text", "original_name")


def _lock(member: Membership, post_id: int) -> Post:
    locked = Post.objects.select_for_update().select_related("organization").get(pk=post_id)
    refuse_unless_visible(member, locked)
    if locked.status == PostStatus.ARCHIVED:
        raise ActionRefused(_("This post is archived; it cannot be changed."), code="archived")
    return locked


def _alt_text(value: Any) -> str:
    text = clean_text(value)
    if len(text) > MAX_ALT_TEXT:
        raise ActionRefused(
            _("An alternative text has at most %(limit)s characters."),
            params={"limit": f"{MAX_ALT_TEXT:,}".replace(",", ".")},
            field="alt_text",
            code="too_long",
        )
    return text


def _state(image: PostImage) -> dict[str, Any]:
    return {
        "image": image.pk,
        "position": image.position,
        "alt_text": image.alt_text,
        "original_name": image.original_name,
        "mime_type": image.mime_type,
        "size": image.size,
    }


def _record(member: Membership, post: Post, code: str, withdrawn: bool, **states: Any) -> None:
    after = states.pop("after", {})
    audit.record(
        post.organization,
        member,
        code,
        post,
        before=states.pop("before", None),
        after={**after, "revision": post.revision, "approval_withdrawn": withdrawn},
        personal=PERSONAL,
    )


def _read(upload: Any) -> bytes:
    """At most one byte more than an image may have: enough to refuse a larger one, never more."""
    upload.seek(0)
    data: bytes = upload.read(MAX_IMAGE_BYTES + 1)
    return data


@action(Capability.WRITE_POSTS)
def add_image(member: Membership, post: Post, upload: Any, alt_text: str = "") -> PostImage:
    """Add an image (JPEG, PNG, GIF, WebP; at most 1 MB) after the post's others."""
    data = _read(upload)
    facts = image_facts(data)
    description = _alt_text(alt_text)
    name = clean_text(getattr(upload, "name", ""), 200).rpartition("/")[2]
    stored = default_storage.save(
        f"content/images/{member.organization_id}/{uuid.uuid4().hex}.{EXTENSIONS[facts.mime_type]}",
        ContentFile(data),
        max_length=300,
    )
    try:
        with transaction.atomic():
            locked = _lock(member, post.pk)
            count = PostImage.objects.filter(post=locked).count()
            if count >= MAX_IMAGES:
                raise ActionRefused(
                    _("A post has at most %(limit)s images."), params={"limit": MAX_IMAGES}, field="image"
                )
            image = PostImage.objects.create(
                post=locked,
                file=stored,
                original_name=name,
                mime_type=facts.mime_type,
                size=len(data),
                alt_text=description,
                position=count,
            )
            withdrawn = revise(locked, member, ["images"])
            _record(member, locked, "content.image_added", withdrawn, after=_state(image))
    except BaseException:
        default_storage.delete(stored)  # the record was not written: no file without one
        raise
    return image


@action(Capability.WRITE_POSTS)
def set_alt_text(member: Membership, image: PostImage, alt_text: str) -> PostImage:
    """Describe an image for those who cannot see it (approval needs a description of every image)."""
    description = _alt_text(alt_text)
    with transaction.atomic():
        locked = _lock(member, image.post_id)
        current = PostImage.objects.select_for_update().get(pk=image.pk, post=locked)
        if current.alt_text == description:
            return current
        before = current.alt_text
        current.alt_text = description
        current.save(update_fields=["alt_text"])
        withdrawn = revise(locked, member, ["images"])
        _record(
            member,
            locked,
            "content.image_described",
            withdrawn,
            before={"image": current.pk, "alt_text": before},
            after={"image": current.pk, "alt_text": description},
        )
    image.alt_text = description
    return current


@action(Capability.WRITE_POSTS)
def remove_image(member: Membership, image: PostImage) -> None:
    """Remove an image; the ones after it move up. Its file is deleted once the removal is committed."""
    with transaction.atomic():
        locked = _lock(member, image.post_id)
        current = PostImage.objects.select_for_update().get(pk=image.pk, post=locked)
        state = _state(current)
        current.delete()
        # One at a time, in order, so that no two images ever share a position (a unique constraint).
        for later in PostImage.objects.filter(post=locked, position__gt=state["position"]).order_by(
            "position"
        ):
            PostImage.objects.filter(pk=later.pk).update(position=F("position") - 1)
        withdrawn = revise(locked, member, ["images"])
        _record(member, locked, "content.image_removed", withdrawn, before=state)
        name = current.file
        transaction.on_commit(lambda: _delete_file(name))


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:  # the record is gone; a file left behind is only space
        logger.exception("the file of a removed image could not be deleted")


@action(Capability.WRITE_POSTS)
def move_image(member: Membership, image: PostImage, offset: int) -> PostImage:
    """Move an image one place earlier (``offset`` -1) or later (+1): it changes places with that one."""
    if offset not in (-1, 1):
        raise ActionRefused(_("An image moves one place up or down."), code="offset")
    with transaction.atomic():
        locked = _lock(member, image.post_id)
        current = PostImage.objects.select_for_update().get(pk=image.pk, post=locked)
        other = PostImage.objects.filter(post=locked, position=current.position + offset).first()
        if other is None:
            return current  # first or last already
        before = current.position
        # Positions are unique and bounded: take the other image out, move this one, put it back.
        other_state = {
            field.attname: getattr(other, field.attname) for field in PostImage._meta.concrete_fields
        }
        other.delete()
        PostImage.objects.filter(pk=current.pk).update(position=other_state["position"])
        PostImage.objects.create(**{**other_state, "position": before})
        current.position = other_state["position"]
        withdrawn = revise(locked, member, ["images"])
        _record(
            member,
            locked,
            "content.image_moved",
            withdrawn,
            before={"image": current.pk, "position": before},
            after={"image": current.pk, "position": current.position},
        )
    image.position = current.position
    return current
