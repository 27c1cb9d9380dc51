"""Readable names of the consent app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "consent.given": _("Consent given"),
    "consent.withdrawn": _("Consent withdrawn"),
    "consent.withdrawn_leaver": _("Consent ended: left the organization"),
    "consent.analytics_settings_changed": _("Analytics and privacy settings changed"),
}
