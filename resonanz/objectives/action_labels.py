"""How the objectives' actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "objectives.created": _("Quality objective set"),
    "objectives.updated": _("Quality objective changed"),
    "objectives.entry_recorded": _("Value of a quality objective recorded"),
    "objectives.closed": _("Quality objective closed"),
    "objectives.cancelled": _("Quality objective cancelled"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
