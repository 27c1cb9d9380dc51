"""Registering for events, cancelling, the waiting list moving up, and attendance."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, require, system_step
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events.models import ACTIVE_STATUSES, Event, Registration, RegistrationStatus
from resonanz.events.seats import fill_free_places, next_waiting_position, seated_count

ATTENDANCE = (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)


def _overlapping(member: Membership, event: Event) -> Registration | None:
    """The person's active registration for another event at an overlapping time, if any."""
    return (
        Registration.objects.filter(
            membership=member,
            status__in=ACTIVE_STATUSES,
            event__cancelled_at__isnull=True,
            event__starts_at__lt=event.ends_at,
            event__ends_at__gt=event.starts_at,
        )
        .exclude(event=event)
        .select_related("event")
        .first()
    )


@action(Capability.TAKE_PART)
def register_for_event(member: Membership, event: Event) -> Registration:
    """Take a place, or the next place on the waiting list when the event is full."""
    with transaction.atomic():
        # Lock the person first, then the event: two registrations of one person for overlapping
        # events, or two people for the last place, are decided one after the other.
        Membership.objects.select_for_update().filter(pk=member.pk).first()
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            raise ActionRefused(_("This event has been cancelled."))
        if locked.starts_at <= timezone.now():
            raise ActionRefused(_("This event has already started; registration is closed."))
        if not locked.registration_open:
            raise ActionRefused(_("Registration for this event is closed."))
        if Registration.objects.filter(event=locked, membership=member, status__in=ACTIVE_STATUSES).exists():
            raise ActionRefused(_("You are registered for this event already."))
        clash = _overlapping(member, locked)
        if clash is not None:
            raise ActionRefused(
                _("You are registered for “%(title)s” at the same time."), params={"title": clash.event.title}
            )
        registration = Registration(event=locked, membership=member)
        if seated_count(locked) >= locked.capacity:
            registration.status = RegistrationStatus.WAITING
            registration.waiting_position = next_waiting_position(locked)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise ActionRefused(_("You are registered for this event already.")) from None
        audit.record(
            member.organization,
            member,
            "events.registered",
            registration,
            after={"event": locked.pk, "status": registration.status},
        )
    return registration


@action(Capability.TAKE_PART, Capability.MANAGE_PROGRAM)
def cancel_registration(member: Membership, registration: Registration) -> Registration:
    """Give a place back (one's own, or anyone's for the programme manager); the next person moves up."""
    if registration.membership_id != member.pk:
        require(member, Capability.MANAGE_PROGRAM)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status not in ACTIVE_STATUSES:
            raise ActionRefused(_("This registration is not active."))
        if event.starts_at <= timezone.now() and not member.can(Capability.MANAGE_PROGRAM):
            raise ActionRefused(_("This event has already started."))
        _cancel(member, event, locked, "events.registration_cancelled")
    return locked


def _cancel(actor: Membership | None, event: Event, registration: Registration, code: str) -> None:
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    registration.save(update_fields=["status", "waiting_position", "updated_at"])
    audit.record(
        event.organization,
        actor,
        code,
        registration,
        before={"status": before},
        after={"event": event.pk, "status": registration.status},
    )
    fill_free_places(actor, event)


@action(Capability.MANAGE_PROGRAM)
def record_attendance(member: Membership, registration: Registration, status: Any) -> Registration:
    """Record whether a registered person came; possible from the event's start on."""
    if status not in [choice.value for choice in ATTENDANCE]:
        raise ActionRefused(_("Choose attended or did not attend."), field="status")
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        if locked.event.starts_at > timezone.now():
            raise ActionRefused(_("Attendance can be recorded once the event has started."))
        if locked.event.cancelled_at is not None:
            raise ActionRefused(_("This event has been cancelled."))
        if locked.status not in (RegistrationStatus.REGISTERED, *ATTENDANCE):
            raise ActionRefused(_("Only people with a place can attend."))
        if locked.status == status:
            return locked
        before = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            member.organization,
            member,
            "events.attendance_recorded",
            locked,
            before={"status": before},
            after={"event": locked.event_id, "status": locked.status},
        )
    return locked


@system_step
def cancel_future_registrations_of(leaver: Membership) -> int:
    """Cancel a leaver's registrations for events still to come and move the waiting list up.

    Called from the ``member_left`` signal inside the action that deactivated the membership; that
    action is the audited one, and this step writes its own records into the same trail.
    """
    count = 0
    upcoming = Registration.objects.filter(
        membership=leaver, status__in=ACTIVE_STATUSES, event__starts_at__gt=timezone.now()
    ).values_list("pk", "event_id")
    for registration_id, event_id in list(upcoming[:500]):
        event = Event.objects.select_for_update().get(pk=event_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status in ACTIVE_STATUSES:
            _cancel(None, event, registration, "events.registration_cancelled_leaver")
            count += 1
    return count
