"""Readable names of the events app's actions in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise | str] = {
    "events.event_created": _("Event created"),
    "events.event_updated": _("Event changed"),
    "events.event_cancelled": _("Event cancelled"),
    "events.registered": _("Registered for an event"),
    "events.registration_promoted": _("Moved up from the waiting list"),
    "events.registration_cancelled": _("Registration cancelled"),
    "events.registration_cancelled_leaver": _("Registration of a leaver cancelled"),
    "events.attendance_recorded": _("Attendance recorded"),
    "events.calendar_feed_created": _("Calendar feed created"),
    "events.calendar_feed_revoked": _("Calendar feed revoked"),
    "events.policy_created": _("Policy drafted"),
    "events.policy_updated": _("Policy draft changed"),
    "events.policy_published": _("Policy published"),
    "events.policy_acknowledged": _("Policy acknowledged"),
}
