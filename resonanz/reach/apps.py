from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "resonanz.reach"
    label = "reach"
    verbose_name = _("Reach")

    def ready(self) -> None:
        from resonanz.reach import demo
        from resonanz.reach.metrics import register_metrics

        register_metrics()
        demo.register()
