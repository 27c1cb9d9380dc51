from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuddyConfig(AppConfig):
    name = "resonanz.buddy"
    label = "buddy"
    verbose_name = _("Buddy programme")

    def ready(self) -> None:
        from resonanz.buddy import (
            action_labels,
            areas,
            calendar,  # noqa: F401  (registers coaching sessions as a calendar source)
            demo,
            start_cards,
        )
        from resonanz.buddy.defaults import create_defaults_for_new_organization
        from resonanz.core.signals import member_left, organization_created

        organization_created.connect(create_defaults_for_new_organization, dispatch_uid="buddy_defaults")
        member_left.connect(_leave_the_programme, dispatch_uid="buddy_leaver")
        action_labels.register()
        areas.register()
        start_cards.register()
        demo.register()


def _leave_the_programme(sender: Any, membership: Any, actor: Any = None, **kwargs: Any) -> None:
    """A leaver's pairs end, their opt-in is withdrawn, their buddy profile goes inactive (inside the
    leaving action's transaction, recorded under the member who recorded the leaving)."""
    from resonanz.buddy.actions.leavers import end_programme_of_leaver

    end_programme_of_leaver(actor, membership)
