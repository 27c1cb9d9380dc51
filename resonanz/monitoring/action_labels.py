"""Readable names of the monitoring app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "monitoring.mentions_imported": _("Mentions imported"),
    "monitoring.settings_updated": _("Monitoring settings changed"),
    "monitoring.alarm_raised": _("Shitstorm alarm raised"),
}
