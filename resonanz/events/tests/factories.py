"""Test data for the events app, made through its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.models import Event


def manager_of(org: Organization) -> Membership:
    """A communications manager: runs the programme (events) and takes part."""
    return make_member(org, ["communications_manager"])


def make_event(
    manager: Membership, *, in_days: float = 10, hours: float = 2, capacity: int = 10, **values: Any
) -> Event:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=in_days)
    return actions.create_event(
        manager,
        title=values.pop("title", "LinkedIn-Workshop"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        capacity=capacity,
        **values,
    )


def start_now(event: Event, *, hours_ago: float = 1) -> Event:
    """Move an event into the past without an action (time travel for attendance tests)."""
    start = timezone.now() - dt.timedelta(hours=hours_ago)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    event.refresh_from_db()
    return event
