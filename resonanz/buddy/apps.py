from __future__ import annotations

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
        from resonanz.core.signals import organization_created

        organization_created.connect(create_defaults_for_new_organization, dispatch_uid="buddy_defaults")
        action_labels.register()
        areas.register()
        start_cards.register()
        demo.register()
