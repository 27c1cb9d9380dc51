"""Readable names of the competence actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "competence.created": _("Competence added"),
    "competence.updated": _("Competence changed"),
    "competence.activated": _("Competence activated"),
    "competence.deactivated": _("Competence deactivated"),
    "competence.role_requirement_added": _("Competence required for a role"),
    "competence.role_requirement_removed": _("Competence no longer required for a role"),
    "competence.channel_requirement_added": _("Competence required for a channel"),
    "competence.channel_requirement_removed": _("Competence no longer required for a channel"),
    "competence.training_created": _("Training added"),
    "competence.training_updated": _("Training changed"),
    "competence.participant_enrolled": _("Participant enrolled"),
    "competence.participation_changed": _("Participation changed"),
    "competence.effectiveness_planned": _("Effectiveness check planned"),
    "competence.effectiveness_updated": _("Effectiveness check changed"),
    "competence.certificate_recorded": _("Certificate recorded"),
    "competence.certificate_changed": _("Certificate changed"),
    "competence.certificate_downloaded": _("Certificate file downloaded"),
    "competence.matrix_exported": _("Training matrix exported"),
    "competence.expiry_reminder_sent": _("Certificate expiry reminder sent"),
}
READ_ACTIONS = frozenset({"competence.certificate_downloaded", "competence.matrix_exported"})
