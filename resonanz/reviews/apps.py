from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "resonanz.reviews"
    label = "reviews"
    verbose_name = _("Management review")

    def ready(self) -> None:
        from resonanz.reviews import action_labels, evidence

        action_labels.register()
        evidence.register()
