"""How the approval actions read in the audit trail."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "content.approval_given": _("Post approved (more approvals needed)"),
    "content.post_approved": _("Post approved"),
    "content.changes_requested": _("Changes to a post requested"),
    "content.post_rejected": _("Post rejected"),
    "content.post_commented": _("Post commented on"),
    "content.approval_withdrawn": _("Approval withdrawn: the post was edited"),
    "content.approval_policy_set": _("Approval rule set"),
    "content.approval_policy_removed": _("Approval rule removed"),
    "content.approval_reminder_sent": _("Approvers reminded of an overdue post"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
