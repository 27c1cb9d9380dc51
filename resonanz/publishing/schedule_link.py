"""The "Schedule" link on an approved post's page, for members who schedule (``content.post_links``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from resonanz.content.models import Post
from resonanz.content.post_links import PostLink, register_post_link
from resonanz.core.models import Membership
from resonanz.core.roles import Capability


def schedule_link(member: Membership, post: Post) -> PostLink | None:
    if not (post.is_approved and member.can(Capability.SCHEDULE_POSTS)):
        return None
    url = reverse("deliveries:post_deliveries", args=[member.organization.slug, post.pk])
    return PostLink(_("Schedule"), url)


def register() -> None:
    register_post_link("publishing.schedule", schedule_link)
