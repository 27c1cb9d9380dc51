"""Links other apps add to a post's page, so the editor does not need to know them.

An app registers a provider in ``AppConfig.ready``::

    register_post_link("publishing.schedule", schedule_link)

A provider takes the member and the post and returns a ``PostLink`` or ``None`` when it has nothing to
offer this member for this post. Providers must not query the database: the page shows the post only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from resonanz.content.models import Post
from resonanz.core.models import Membership


@dataclass(frozen=True)
class PostLink:
    label: str
    url: str


Provider = Callable[[Membership, Post], PostLink | None]

_PROVIDERS: dict[str, Provider] = {}


def register_post_link(key: str, provider: Provider) -> None:
    """Add (or replace, by key) a link provider; links are shown in the order of their keys."""
    _PROVIDERS[key] = provider


def post_links(member: Membership, post: Post) -> list[PostLink]:
    found = (_PROVIDERS[key](member, post) for key in sorted(_PROVIDERS))
    return [link for link in found if link is not None]
