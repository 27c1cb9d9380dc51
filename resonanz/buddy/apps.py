from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuddyConfig(AppConfig):
    name = "resonanz.buddy"
    label = "buddy"
    verbose_name = _("Buddy programme")
