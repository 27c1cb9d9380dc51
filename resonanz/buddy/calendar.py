"""Coaching sessions in a person's calendar feed (``events.calendar``): the upcoming sessions of the
pairs a member coaches or is coached in.

The entry names the session and the other person, in the feed owner's language (the feed renders in
it). It carries neither the session's subject nor its notes: a calendar feed is often copied into
calendar services outside the organization, and the notes are private to the pair.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from resonanz.buddy.models import CoachingSession
from resonanz.core.models import Membership
from resonanz.events.calendar import CalendarEntry, register_calendar_source

# The longest a session lasts (the coaching actions accept 5 to 480 minutes).
LONGEST = dt.timedelta(minutes=480)


def session_entries(
    member: Membership, start: dt.datetime, end: dt.datetime, limit: int
) -> list[CalendarEntry]:
    sessions = (
        CoachingSession.objects.filter(
            Q(pair__buddy=member) | Q(pair__coachee=member),
            pair__organization_id=member.organization_id,
            pair__ended_at__isnull=True,
            starts_at__gt=start - LONGEST,
            starts_at__lt=end,
        )
        .select_related("pair__buddy__user", "pair__coachee__user")
        .order_by("starts_at", "pk")[:limit]
    )
    slug = member.organization.slug
    entries = []
    for session in sessions:
        ends_at = session.starts_at + dt.timedelta(minutes=session.duration_minutes)
        if ends_at <= start:
            continue
        pair = session.pair
        if pair.buddy_id == member.pk:
            summary = _("Coaching session with %(name)s") % {"name": _name(pair.coachee)}
        else:
            summary = _("Coaching session with your buddy %(name)s") % {"name": _name(pair.buddy)}
        entries.append(
            CalendarEntry(
                uid=f"buddy-session-{session.pk}@{slug}.resonanz",
                starts_at=session.starts_at,
                ends_at=ends_at,
                summary=summary,
            )
        )
    return entries


def _name(membership: Membership) -> str:
    return str(membership.user.full_name or membership.user.email)


register_calendar_source("buddy.sessions", session_entries)
