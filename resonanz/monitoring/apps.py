from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "resonanz.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.monitoring.action_labels import ACTION_LABELS

        label_actions(ACTION_LABELS)
