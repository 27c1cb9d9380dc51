from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "resonanz.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from resonanz.content import approval_labels, areas, editor_labels

        approval_labels.register()
        areas.register()
        editor_labels.register()
