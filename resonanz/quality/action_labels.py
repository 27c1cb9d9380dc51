"""Readable names of the quality app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "quality.incident_opened": _("Incident opened"),
    "quality.incident_contained": _("Incident contained"),
    "quality.cause_analysed": _("Cause of an incident analysed"),
    "quality.incident_graded": _("Incident graded"),
    "quality.corrective_action_added": _("Corrective action added"),
    "quality.corrective_action_done": _("Corrective action done"),
    "quality.incident_actions_assigned": _("Corrective actions of an incident under way"),
    "quality.incident_checking": _("Incident awaits its effectiveness check"),
    "quality.effectiveness_check_scheduled": _("Effectiveness check scheduled"),
    "quality.effectiveness_recorded": _("Effectiveness of corrective actions recorded"),
    "quality.incident_closed": _("Incident closed"),
    "quality.incident_reopened": _("Incident reopened"),
    "quality.checklist_ticked": _("Checklist item of an incident ticked"),
    "quality.reminder_sent": _("Reminder about an incident sent"),
}
