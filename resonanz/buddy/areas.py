"""The buddy programme's areas on the people hub."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.roles import Capability
from resonanz.people.areas import Area, register_area


def register() -> None:
    register_area(
        Area(
            "buddy.programme",
            _("Buddy programme"),
            _("Buddies, colleagues who opted in, the optimal matching and its pairs."),
            "people-arrows",
            "buddy:buddy_index",
            Capability.MANAGE_PROGRAM,
            order=40,
        )
    )
    register_area(
        Area(
            "buddy.coachees",
            _("My coachees"),
            _("The colleagues you coach and what is due this week."),
            "user-group",
            "buddy:buddy_coachees",
            Capability.COACH,
            order=41,
        )
    )
    register_area(
        Area(
            "buddy.coaching",
            _("My coaching"),
            _("Opt in to be coached by a social media buddy; your plan, sessions and profile score."),
            "seedling",
            "buddy:buddy_coaching",
            Capability.TAKE_PART,
            order=42,
        )
    )
    register_area(
        Area(
            "buddy.aggregates",
            _("Buddy programme in figures"),
            _("Counts per unit, without names."),
            "chart-column",
            "buddy:buddy_aggregates",
            Capability.VIEW_AGGREGATES,
            order=43,
        )
    )
    register_area(
        Area(
            "buddy.personal_data",
            _("Buddy programme: stored personal data"),
            _("What the programme stores about whom."),
            "user-shield",
            "buddy:buddy_personal_data",
            Capability.VIEW_PERSONAL_DATA,
            order=44,
        )
    )
