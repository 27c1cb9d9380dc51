"""State changes of the events app: named actions (``core.guards``) that write the audit trail."""

from resonanz.events.actions.events import cancel_event, create_event, update_event
from resonanz.events.actions.feeds import create_calendar_feed, revoke_calendar_feed
from resonanz.events.actions.policies import acknowledge_policy, create_policy, publish_policy, update_policy
from resonanz.events.actions.registrations import cancel_registration, record_attendance, register_for_event

__all__ = [
    "acknowledge_policy",
    "cancel_event",
    "cancel_registration",
    "create_calendar_feed",
    "create_event",
    "create_policy",
    "publish_policy",
    "record_attendance",
    "register_for_event",
    "revoke_calendar_feed",
    "update_event",
    "update_policy",
]
