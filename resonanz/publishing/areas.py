"""The publishing pages on the content hub (see ``resonanz.content.areas``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.roles import Capability
from resonanz.people.areas import Area, register_area

C = Capability


def register() -> None:
    for area in (
        Area(
            "publishing.calendar",
            _("Editorial calendar"),
            _("Planned, scheduled and published posts by month and week."),
            "calendar-days",
            "publishing_calendar:calendar_month",
            C.VIEW_CONTENT,
            40,
            "content",
        ),
        Area(
            "publishing.deliveries",
            _("Deliveries"),
            _("Every post scheduled to a network account, and whether it went out."),
            "paper-plane",
            "deliveries:deliveries_overview",
            C.VIEW_CONTENT,
            41,
            "content",
        ),
        Area(
            "publishing.accounts",
            _("Network accounts"),
            _("Company accounts and your own accounts on Bluesky, Mastodon, LinkedIn and X."),
            "plug",
            "publishing_accounts:accounts",
            C.TAKE_PART,
            50,
            "content",
        ),
    ):
        register_area(area)
