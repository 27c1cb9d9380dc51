from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "resonanz.links"
    label = "links"
    verbose_name = _("Tracked links")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.links.action_labels import ACTION_LABELS

        label_actions(ACTION_LABELS)
