"""Readable names of the plan's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "plan.created": _("Plan created"),
    "plan.updated": _("Plan settings changed"),
    "plan.draft_started": _("Draft started"),
    "plan.row_added": _("Row added"),
    "plan.row_updated": _("Row changed"),
    "plan.row_deleted": _("Row deleted"),
    "plan.rows_reordered": _("Rows reordered"),
    "plan.import_uploaded": _("Import file uploaded"),
    "plan.import_mapped": _("Import columns assigned"),
    "plan.import_confirmed": _("Import confirmed"),
    "plan.import_discarded": _("Import discarded"),
    "plan.imported": _("Rows imported"),
    "plan.version_header_changed": _("Purpose and scope changed"),
    "plan.version_submitted": _("Submitted for review"),
    "plan.reviewers_named": _("Reviewers named"),
    "plan.version_reviewed": _("Version reviewed"),
    "plan.version_approved": _("Version approved"),
    "plan.version_rejected": _("Returned to draft"),
    "plan.version_published": _("Version published"),
    "plan.version_superseded": _("Version superseded"),
    "plan.version_commented": _("Comment on a version"),
    "plan.reviewed": _("Plan reviewed"),
    "plan.review_scheduled": _("Next review scheduled"),
    "plan.review_reminder_sent": _("Review reminder sent"),
    "plan.exported": _("Plan exported"),
    "plan.execution_exported": _("Planned vs. executed exported"),
    "plan.occurrence_done": _("Occurrence marked as done"),
    "plan.evidence_linked": _("Evidence linked"),
    "plan.evidence_downloaded": _("Evidence file downloaded"),
    "plan.missed_date_explained": _("Missed date explained"),
    "plan.corrective_action_created": _("Corrective action created"),
    "plan.corrective_action_closed": _("Corrective action closed"),
    "plan.missreason_created": _("Reason for missed dates added"),
    "plan.missreason_updated": _("Reason for missed dates changed"),
    "plan.missreason_activated": _("Reason for missed dates activated"),
    "plan.missreason_deactivated": _("Reason for missed dates deactivated"),
    "plan.channel_created": _("Channel added"),
    "plan.channel_updated": _("Channel changed"),
    "plan.channel_activated": _("Channel activated"),
    "plan.channel_deactivated": _("Channel deactivated"),
    "plan.audience_created": _("Audience added"),
    "plan.audience_updated": _("Audience changed"),
    "plan.audience_activated": _("Audience activated"),
    "plan.audience_deactivated": _("Audience deactivated"),
    "plan.topic_created": _("Topic added"),
    "plan.topic_updated": _("Topic changed"),
    "plan.topic_activated": _("Topic activated"),
    "plan.topic_deactivated": _("Topic deactivated"),
}

# Exports and downloads change nothing; the start page leaves them out of its latest changes.
READ_ACTIONS = frozenset({"plan.exported", "plan.evidence_downloaded"})
