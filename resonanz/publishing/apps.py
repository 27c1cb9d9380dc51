from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "resonanz.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from resonanz.content.revisions import approval_withdrawn
        from resonanz.publishing import (
            action_labels,
            areas,
            calendar,  # noqa: F401  (the editorial calendar in personal feeds)
            schedule_link,
            unplanned,
        )
        from resonanz.publishing.holds import hold_deliveries
        from resonanz.publishing.metrics import register_metrics

        approval_withdrawn.connect(hold_deliveries, dispatch_uid="publishing.hold_deliveries")
        areas.register()
        unplanned.register()
        schedule_link.register()
        register_metrics()
        action_labels.register()
