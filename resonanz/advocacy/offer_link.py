"""The "Offer for sharing" link on an approved post's page, for members who manage the share library."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from resonanz.content.models import Post
from resonanz.content.post_links import PostLink, register_post_link
from resonanz.core.models import Membership
from resonanz.core.roles import Capability


def offer_link(member: Membership, post: Post) -> PostLink | None:
    if not (post.is_approved and member.can(Capability.MANAGE_LIBRARY)):
        return None
    url = reverse("advocacy:offer", args=[member.organization.slug, post.pk])
    return PostLink(_("Offer for sharing"), url)


def register() -> None:
    register_post_link("advocacy.offer", offer_link)
