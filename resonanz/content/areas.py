"""The content hub (``/o/<org>/content/``): the content pages, and those the publishing app adds.

An area whose page does not exist (yet) is left out by the hub, so this list may name pages of the
editor before they arrive.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.roles import Capability
from resonanz.people.areas import Area, register_area

C = Capability


def register() -> None:
    for area in (
        Area(
            "content.my_posts",
            _("My posts"),
            _("Write posts, check them and send them for approval."),
            "pen-to-square",
            "editor:my_posts",
            C.WRITE_POSTS,
            10,
            "content",
        ),
        Area(
            "content.posts",
            _("All posts"),
            _("Every post of the organization with its status and checks."),
            "newspaper",
            "editor:posts",
            C.VIEW_CONTENT,
            11,
            "content",
        ),
        Area(
            "content.approval",
            _("Awaiting my approval"),
            _("Posts in review that you may decide on, overdue first."),
            "check-double",
            "approval:approval_awaiting",
            C.APPROVE_POSTS,
            20,
            "content",
        ),
        Area(
            "content.approval_rules",
            _("Approval rules"),
            _("How many must approve, per channel, and when approval is overdue."),
            "scale-balanced",
            "approval:approval_rules",
            C.VIEW_CONTENT,
            21,
            "content",
        ),
        Area(
            "content.campaigns",
            _("Campaigns"),
            _("Campaigns that group posts, with their dates."),
            "bullhorn",
            "editor:campaigns",
            C.MANAGE_GUIDELINES,
            30,
            "content",
        ),
        Area(
            "content.guidelines",
            _("Guideline rules"),
            _("Forbidden words and claims, confidential names, required disclosures."),
            "book",
            "editor:guidelines",
            C.VIEW_CONTENT,
            31,
            "content",
        ),
    ):
        register_area(area)
