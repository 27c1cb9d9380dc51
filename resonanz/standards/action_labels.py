"""Readable names of the standards app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "standards.adopted": _("Standard adopted"),
    "standards.note_changed": _("Readiness note of a clause changed"),
}
