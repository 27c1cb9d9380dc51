from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "resonanz.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.checks import register
        from django.db.models.signals import post_migrate

        from resonanz.core import tasks  # noqa: F401  (registers the periodic jobs with Huey)
        from resonanz.core.file_store import deploy_check

        post_migrate.connect(_create_cache_table, sender=self)
        register(deploy_check, "resonanz", deploy=True)


def _create_cache_table(**kwargs: object) -> None:
    """The database cache needs its table; creating it after every migrate keeps setup one command."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", database=str(kwargs.get("using", "default")), verbosity=0)
