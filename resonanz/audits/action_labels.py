"""How the audits' actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "audits.programme_created": _("Audit programme created"),
    "audits.planned": _("Internal audit planned"),
    "audits.started": _("Internal audit started, checklist generated"),
    "audits.result_recorded": _("Result of an audit checklist item recorded"),
    "audits.completed": _("Internal audit completed, report issued"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
