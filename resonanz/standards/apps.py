from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "resonanz.standards"
    label = "standards"
    verbose_name = _("Standards")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.standards import demo, providers
        from resonanz.standards.action_labels import ACTION_LABELS

        label_actions(ACTION_LABELS)
        providers.register_all()
        demo.register()
        post_migrate.connect(_load_shipped, sender=self, dispatch_uid="standards_load_shipped")


def _load_shipped(sender: Any, **kwargs: Any) -> None:
    """Load the standards shipped in ``library/`` after every migrate (and flush): loading is idempotent, so
    an installation, the demo and the test database always have them."""
    from resonanz.standards.loading import load_shipped

    load_shipped()
