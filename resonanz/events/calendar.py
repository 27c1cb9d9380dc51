"""A person's calendar as iCalendar (RFC 5545): their registered events, and entries other apps add.

Other apps add entries with ``register_calendar_source`` (the buddy app adds coaching sessions)::

    register_calendar_source("buddy.sessions", sessions_for)

A source takes the member, the period (``start``, ``end``) and the most entries it may return, and
returns ``CalendarEntry`` items. The feed covers the next 12 months and at most ``MAX_ENTRIES`` entries,
so the work per request is bounded whatever a person has planned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone, translation

from resonanz.core.models import Membership
from resonanz.events.models import Event, RegistrationStatus

MAX_ENTRIES = 500
HORIZON = dt.timedelta(days=366)
PRODID = "-//resonanz//Kalender//DE"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable for the same event or session, so calendars update it rather than adding it twice
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    tentative: bool = False


CalendarSource = Callable[[Membership, dt.datetime, dt.datetime, int], Iterable[CalendarEntry]]
_SOURCES: dict[str, CalendarSource] = {}


def register_calendar_source(key: str, source: CalendarSource) -> None:
    """Add (or replace, by key) a source of calendar entries for a person's feed."""
    _SOURCES[key] = source


def event_entries(
    member: Membership, start: dt.datetime, end: dt.datetime, limit: int
) -> list[CalendarEntry]:
    """The member's events with a place (not the waiting list) in the period."""
    events = Event.objects.filter(
        organization_id=member.organization_id,
        cancelled_at__isnull=True,
        ends_at__gt=start,
        starts_at__lt=end,
        registrations__membership=member,
        registrations__status=RegistrationStatus.REGISTERED,
    ).order_by("starts_at", "pk")[:limit]
    return [
        CalendarEntry(
            uid=f"event-{event.pk}@{member.organization.slug}.resonanz",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.title,
            description=event.description,
            location=event.place or event.online_url,
            url=event.online_url,
        )
        for event in events
    ]


register_calendar_source("events.registrations", event_entries)


def entries_for(member: Membership, now: dt.datetime | None = None) -> list[CalendarEntry]:
    """Every source's entries, in the feed owner's language (calendar programs send none)."""
    start = now or timezone.now()
    end = start + HORIZON
    entries: list[CalendarEntry] = []
    language = member.user.language or member.organization.default_language
    with translation.override(language):
        for _key, source in sorted(_SOURCES.items()):
            entries.extend(list(source(member, start, end, MAX_ENTRIES))[:MAX_ENTRIES])
    entries.sort(key=lambda entry: (entry.starts_at, entry.uid))
    return entries[:MAX_ENTRIES]


# ---------------------------------------------------------------- RFC 5545 text


def escape_text(value: str) -> str:
    """TEXT values (3.3.11): backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\x00", "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (3.1), never inside a UTF-8 character."""
    chunks: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def render_ics(entries: Iterable[CalendarEntry], name: str, now: dt.datetime | None = None) -> str:
    stamp = utc_stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(entry.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc_stamp(entry.starts_at)}",
            f"DTEND:{utc_stamp(entry.ends_at)}",
            f"SUMMARY:{escape_text(entry.summary)}",
            f"STATUS:{'TENTATIVE' if entry.tentative else 'CONFIRMED'}",
        ]
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        if entry.location:
            lines.append(f"LOCATION:{escape_text(entry.location)}")
        if entry.url:
            lines.append(f"URL:{entry.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
