"""Places and the waiting list: who gets a free place. Called inside an action's transaction with the
event's row locked (``select_for_update``), so two requests never hand out the same last place."""

from __future__ import annotations

from django.db.models import Max

from resonanz.core import audit
from resonanz.core.models import Membership
from resonanz.events.models import SEATED_STATUSES, Event, Registration, RegistrationStatus


def seated_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEATED_STATUSES).count()


def next_waiting_position(event: Event) -> int:
    last = Registration.objects.filter(event=event).aggregate(last=Max("waiting_position"))["last"]
    return (last or 0) + 1


def fill_free_places(actor: Membership | None, event: Event) -> list[Registration]:
    """Move the first people of the waiting list up into the places that are free, in queue order."""
    free = event.capacity - seated_count(event)
    if free <= 0 or event.cancelled_at is not None:
        return []
    promoted = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("waiting_position", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_position = None
        registration.save(update_fields=["status", "waiting_position", "updated_at"])
        audit.record(
            event.organization,
            actor,
            "events.registration_promoted",
            registration,
            after={
                "event": event.pk,
                "membership": registration.membership_id,
                "status": registration.status,
            },
            personal=("membership",),
        )
    return promoted


def waiting_rank(registration: Registration) -> int | None:
    """The place in the queue (1 = next to move up), or ``None`` when not waiting."""
    if registration.status != RegistrationStatus.WAITING or registration.waiting_position is None:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITING,
        waiting_position__lt=registration.waiting_position,
    ).count()
    return ahead + 1
