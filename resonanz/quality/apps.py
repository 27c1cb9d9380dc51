from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "resonanz.quality"
    label = "quality"
    verbose_name = _("Incidents and corrective actions")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.quality.action_labels import ACTION_LABELS

        label_actions(ACTION_LABELS)

        from resonanz.quality import start_card

        start_card.register()
