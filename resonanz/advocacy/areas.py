"""The share library's pages on the content hub (see ``resonanz.people.areas``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.roles import Capability
from resonanz.people.areas import Area, register_area


def register() -> None:
    for area in (
        Area(
            "advocacy.library",
            _("Share library"),
            _("Approved posts to share on your own accounts, with suggested texts and your own link."),
            "share-nodes",
            "advocacy:library",
            Capability.SHARE_CONTENT,
            20,
            "content",
        ),
        Area(
            "advocacy.manage",
            _("Manage the share library"),
            _("What is offered for sharing, and how often it was shared; withdraw posts."),
            "list-check",
            "advocacy:manage",
            Capability.MANAGE_LIBRARY,
            21,
            "content",
        ),
    ):
        register_area(area)
