"""Why the events app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

EVENTS = Purpose(
    "events_registrations",
    _("organising trainings, workshops and meet-ups: registrations, waiting lists and attendance"),
)
CALENDAR = Purpose("events_calendar", _("giving a person a private calendar feed of their events"))
AWARENESS = Purpose(
    "events_awareness",
    _("evidencing that people have read the policies they must be aware of (ISO 9001 7.3)"),
)

WITH_THE_EVENT = Retention(
    "events_with_event",
    _("as long as the event is kept as evidence of training; anonymised when the person has left"),
)
UNTIL_REVOKED = Retention("events_feed", _("until the person revokes the feed or leaves"))
WITH_THE_POLICY = Retention(
    "events_with_policy", _("as long as the policy document is kept as documented information")
)
