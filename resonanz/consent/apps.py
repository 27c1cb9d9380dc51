from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "resonanz.consent"
    label = "consent"
    verbose_name = _("Consents")

    def ready(self) -> None:
        from resonanz.consent.action_labels import ACTION_LABELS
        from resonanz.core.action_labels import label_actions

        label_actions(ACTION_LABELS)
