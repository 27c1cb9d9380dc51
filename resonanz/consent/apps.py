from __future__ import annotations

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

        label_actions(ACTION_LABELS)
        demo.register()
        register_settings_section("consent.analytics", analytics_section, order=20)
