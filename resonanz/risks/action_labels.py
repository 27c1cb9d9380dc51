"""How the risks' actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "risks.created": _("Risk or opportunity registered"),
    "risks.updated": _("Risk or opportunity changed"),
    "risks.action_added": _("Action on a risk planned"),
    "risks.action_done": _("Action on a risk done"),
    "risks.reviewed": _("Effectiveness of a risk's actions reviewed"),
    "risks.closed": _("Risk or opportunity closed"),
    "risks.review_reminder_sent": _("Reminder of a due risk review sent"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
