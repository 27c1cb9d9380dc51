"""How the publishing app's actions and the delivery worker's outcomes read in the audit trail."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "publishing.account_connected": _("Network account connected"),
    "publishing.account_reconnected": _("Network account connected again"),
    "publishing.account_disconnected": _("Network account disconnected"),
    "publishing.account_expired": _("Network account's access expired"),
    "publishing.account_expiry_reminder_sent": _("Reminder sent: the network account's access runs out"),
    "publishing.account_token_renewed": _("Network account's access renewed"),
    "publishing.correction_recorded": _("Correction of a published post recorded"),
    # Written by people (scheduling, cancelling, …) and by the delivery worker (``delivery_<status>``).
    "publishing.delivery_scheduled": _("Delivery scheduled"),
    "publishing.share_scheduled": _("Share to an employee's own account scheduled"),
    "publishing.delivery_cancelled": _("Delivery called off"),
    "publishing.delivery_rescheduled": _("Delivery moved to another time"),
    "publishing.delivery_retried": _("Delivery tried again"),
    "publishing.delivery_resolved": _("Delivery resolved by a person"),
    "publishing.delivery_held": _("Delivery stopped: the post's approval was withdrawn"),
    "publishing.delivery_published": _("Post published"),
    "publishing.delivery_failed": _("Delivery failed"),
    "publishing.delivery_needs_attention": _("Delivery needs a person to check it"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
