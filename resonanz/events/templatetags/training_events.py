"""A training's dates on the training page: its events and who attended each, as evidence of taking part
(ISO 9001 7.2). The competence app's training page loads this tag; the events app owns what it shows."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from resonanz.competence.models import Training
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events.access import EVENT_READERS, can_any
from resonanz.events.models import SEATED_STATUSES, Event, Registration, RegistrationStatus

register = template.Library()

# Bounded whatever the training: its first dates, and their attendees up to a total.
EVENTS_SHOWN = 60
ATTENDEES_SHOWN = 2000


@register.inclusion_tag("events/_training_events.html", takes_context=True)
def training_events(context: dict[str, Any], training: Training) -> dict[str, Any]:
    member: Membership | None = context.get("member")
    if (
        member is None
        or training.organization_id != member.organization_id
        or not member.can(Capability.VIEW_COMPETENCE)
    ):
        return {"visible": False}
    dated = Event.objects.filter(organization_id=member.organization_id, training=training)
    events = list(
        dated.annotate(
            seated=Count("registrations", filter=Q(registrations__status__in=SEATED_STATUSES)),
            attended=Count("registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)),
        ).order_by("starts_at", "pk")[:EVENTS_SHOWN]
    )
    attendees: dict[int, list[Registration]] = {event.pk: [] for event in events}
    registrations = (
        Registration.objects.filter(event_id__in=list(attendees), status=RegistrationStatus.ATTENDED)
        .select_related("membership__user")
        .order_by("membership__user__family_name", "membership__user__full_name", "pk")[:ATTENDEES_SHOWN]
    )
    for registration in registrations:
        attendees[registration.event_id].append(registration)
    return {
        "visible": True,
        "organization": member.organization,
        "rows": [{"event": event, "attendees": attendees[event.pk]} for event in events],
        "total": dated.count() if len(events) == EVENTS_SHOWN else len(events),
        "shown": len(events),
        "linked": can_any(member, EVENT_READERS),
        "can_add": member.can(Capability.MANAGE_PROGRAM),
    }
