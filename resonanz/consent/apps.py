from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "resonanz.consent"
    label = "consent"
    verbose_name = _("Consents")

    def ready(self) -> None:
        from resonanz.consent import demo
        from resonanz.consent.action_labels import ACTION_LABELS
        from resonanz.consent.sections import analytics_section
        from resonanz.core.action_labels import label_actions
        from resonanz.core.settings_sections import register_settings_section
        from resonanz.core.signals import member_left

        label_actions(ACTION_LABELS)
        demo.register()
        register_settings_section("consent.analytics", analytics_section, order=20)
        member_left.connect(_end_consents, dispatch_uid="consent_leaver")


def _end_consents(sender: Any, membership: Any, actor: Any = None, **kwargs: Any) -> None:
    """A leaver's consents end (inside the leaving action's transaction, recorded under the member who
    recorded the leaving): a former member appears in no person-level figures and on no leaderboard."""
    from resonanz.consent.actions import end_consents_of_leaver

    end_consents_of_leaver(actor, membership)
