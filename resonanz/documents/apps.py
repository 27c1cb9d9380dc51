from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "resonanz.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from resonanz.documents import tasks  # noqa: F401  (registers the jobs with Huey)
