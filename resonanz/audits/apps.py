from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "resonanz.audits"
    label = "audits"
    verbose_name = _("Internal audits")

    def ready(self) -> None:
        from resonanz.audits import action_labels, evidence

        action_labels.register()
        evidence.register()
