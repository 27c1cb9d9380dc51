"""Readable names of the links app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "links.link_created": _("Tracked link created"),
    "links.link_expired": _("Tracked link expired"),
}
