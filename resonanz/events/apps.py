from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "resonanz.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.core.roles import Capability
        from resonanz.core.signals import member_left
        from resonanz.core.start_cards import register_start_card
        from resonanz.events import (
            calendar,  # noqa: F401  (registers the events as a calendar source)
            demo,
        )
        from resonanz.events.action_labels import ACTION_LABELS
        from resonanz.events.start_card import events_card
        from resonanz.people.areas import Area, register_area

        label_actions(ACTION_LABELS)
        demo.register()
        member_left.connect(_give_back_places, dispatch_uid="events_leaver")
        register_start_card("events.next", events_card, order=40)
        register_area(
            Area(
                "events.events",
                _("Events"),
                _("Course dates, workshops and meet-ups: register, waiting list, your calendar feed."),
                "calendar-days",
                "events:events_list",
                Capability.TAKE_PART,
                order=30,
            )
        )
        register_area(
            Area(
                "events.policies",
                _("Policies"),
                _("The social media guideline and the quality policy: read and acknowledge them."),
                "file-signature",
                "events:events_policies",
                Capability.TAKE_PART,
                order=35,
            )
        )
        register_area(
            Area(
                "events.awareness",
                _("Awareness of policies"),
                _("How many have acknowledged each policy, in figures."),
                "chart-simple",
                "events:events_awareness",
                Capability.VIEW_AGGREGATES,
                order=36,
            )
        )


def _give_back_places(sender: Any, membership: Any, **kwargs: Any) -> None:
    """A leaver's places at events still to come go to the waiting list (inside the leaving action)."""
    from resonanz.events.actions.registrations import cancel_future_registrations_of

    cancel_future_registrations_of(membership)
