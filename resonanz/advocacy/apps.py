from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "resonanz.advocacy"
    label = "advocacy"
    verbose_name = _("Share library")

    def ready(self) -> None:
        from resonanz.advocacy import action_labels, areas, demo, offer_link
        from resonanz.advocacy.metrics import register_metrics

        areas.register()
        offer_link.register()
        action_labels.register()
        demo.register()
        register_metrics()
