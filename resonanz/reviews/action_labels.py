"""How the management review's actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "reviews.created": _("Management review prepared"),
    "reviews.updated": _("Inputs of a management review changed"),
    "reviews.held": _("Management review held, minutes recorded"),
    "reviews.closed": _("Management review closed"),
    "reviews.output_added": _("Output of a management review decided"),
    "reviews.output_done": _("Output of a management review done"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
