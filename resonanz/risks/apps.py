from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "resonanz.risks"
    label = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self) -> None:
        from resonanz.risks import action_labels, tasks  # noqa: F401  (tasks: the daily reminder job)

        action_labels.register()
