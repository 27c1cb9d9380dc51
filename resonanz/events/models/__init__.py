"""The events app's models; each domain in a module of its own, re-exported here."""

from resonanz.events.models.event import (
    ACTIVE_STATUSES,
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    PLACE_MAX_LENGTH,
    SEATED_STATUSES,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    CalendarFeed,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from resonanz.events.models.policy import (
    POLICY_TEXT_MAX_LENGTH,
    POLICY_TITLE_MAX_LENGTH,
    VERSION_MAX_LENGTH,
    Acknowledgement,
    PolicyDocument,
    PolicyKind,
)

__all__ = [
    "ACTIVE_STATUSES",
    "DESCRIPTION_MAX_LENGTH",
    "MAX_CAPACITY",
    "PLACE_MAX_LENGTH",
    "POLICY_TEXT_MAX_LENGTH",
    "POLICY_TITLE_MAX_LENGTH",
    "SEATED_STATUSES",
    "TITLE_MAX_LENGTH",
    "URL_MAX_LENGTH",
    "VERSION_MAX_LENGTH",
    "Acknowledgement",
    "CalendarFeed",
    "Event",
    "EventKind",
    "PolicyDocument",
    "PolicyKind",
    "Registration",
    "RegistrationStatus",
]
