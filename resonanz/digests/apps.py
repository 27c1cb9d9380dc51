from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "resonanz.digests"
    label = "digests"
    verbose_name = _("E-mail digests")

    def ready(self) -> None:
        from resonanz.digests import action_labels, tasks  # noqa: F401  (tasks: the periodic job)

        action_labels.register()
