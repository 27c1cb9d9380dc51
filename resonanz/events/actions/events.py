"""Actions on events: create, change and cancel them (the programme manager's work)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.competence.models import Training
from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.events.models import (
    ACTIVE_STATUSES,
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    PLACE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Event,
    EventKind,
    RegistrationStatus,
)
from resonanz.events.seats import fill_free_places

FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "registration_open",
    "description",
    "training",
)
# The longest an event may last: a date of a course, a workshop, a two-day meet-up.
MAX_DURATION = dt.timedelta(days=14)


def _moment(member: Membership, value: Any, field: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise ActionRefused(_("Enter a date and time."), field=field)
    refuse_far_date(value, field)
    moment: dt.datetime = value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, member.organization.zone)
    return moment


def _training(member: Membership, value: Any) -> Training | None:
    """The training an event is a date of: one of the member's organization, or none."""
    if value is None or value == "":
        return None
    training_id = value.pk if isinstance(value, Training) else value
    if isinstance(training_id, str) and training_id.strip().isdigit() and len(training_id.strip()) < 12:
        training_id = int(training_id)
    found = None
    if isinstance(training_id, int) and not isinstance(training_id, bool) and 0 < training_id < 2**63:
        found = Training.objects.filter(pk=training_id, organization_id=member.organization_id).first()
    if found is None:
        raise ActionRefused(_("Choose a training of your organization."), field="training")
    return found


def _clean(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = clean_text(cleaned["title"])
        if not cleaned["title"]:
            raise ActionRefused(_("Enter a title."), field="title")
        if len(cleaned["title"]) > TITLE_MAX_LENGTH:
            raise ActionRefused(
                _("Use at most %(count)s characters."), params={"count": TITLE_MAX_LENGTH}, field="title"
            )
    if "kind" in cleaned and cleaned["kind"] not in EventKind.values:
        raise ActionRefused(_("Choose a kind of event."), field="kind")
    for field in ("starts_at", "ends_at"):
        if field in cleaned:
            cleaned[field] = _moment(member, cleaned[field], field)
    if "place" in cleaned:
        cleaned["place"] = clean_text(cleaned["place"])
        if len(cleaned["place"]) > PLACE_MAX_LENGTH:
            raise ActionRefused(
                _("Use at most %(count)s characters."), params={"count": PLACE_MAX_LENGTH}, field="place"
            )
    if "online_url" in cleaned:
        url = clean_text(cleaned["online_url"])
        if url and (
            not url.lower().startswith(("https://", "http://")) or len(url) > URL_MAX_LENGTH or " " in url
        ):
            raise ActionRefused(_("Enter a web address starting with https://."), field="online_url")
        cleaned["online_url"] = url
    if "capacity" in cleaned:
        capacity = cleaned["capacity"]
        if isinstance(capacity, str) and capacity.strip().isdigit() and len(capacity.strip()) < 7:
            capacity = int(capacity)
        if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
            raise ActionRefused(
                _("The capacity must be a number from 1 to %(most)s."),
                params={"most": MAX_CAPACITY},
                field="capacity",
            )
        cleaned["capacity"] = capacity
    if "registration_open" in cleaned:
        cleaned["registration_open"] = bool(cleaned["registration_open"])
    if "description" in cleaned:
        cleaned["description"] = clean_text(cleaned["description"], DESCRIPTION_MAX_LENGTH)
    if "training" in cleaned:
        cleaned["training"] = _training(member, cleaned["training"])
    return cleaned


def _check_times(event: Event) -> None:
    if event.ends_at <= event.starts_at:
        raise ActionRefused(_("The event must end after it starts."), field="ends_at")
    if event.ends_at - event.starts_at > MAX_DURATION:
        raise ActionRefused(_("An event lasts at most 14 days."), field="ends_at")


@action(Capability.MANAGE_PROGRAM)
def create_event(
    member: Membership, *, title: str, starts_at: Any, ends_at: Any, capacity: Any, **values: Any
) -> Event:
    cleaned = _clean(
        member, {"title": title, "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity, **values}
    )
    event = Event(organization=member.organization, **cleaned)
    _check_times(event)
    with transaction.atomic():
        event.save()
        audit.record(
            member.organization, member, "events.event_created", event, after=audit.snapshot(event, FIELDS)
        )
    return event


@action(Capability.MANAGE_PROGRAM)
def update_event(member: Membership, event: Event, **changes: Any) -> Event:
    """Change an event; a larger capacity moves people up from the waiting list."""
    cleaned = _clean(member, changes)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            raise ActionRefused(_("This event has been cancelled."))
        before = audit.snapshot(locked, FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        _check_times(locked)
        after = audit.snapshot(locked, FIELDS)
        if before == after:
            return locked
        locked.save(update_fields=list(cleaned))
        audit.record(member.organization, member, "events.event_updated", locked, before=before, after=after)
        fill_free_places(member, locked)
    return locked


@action(Capability.MANAGE_PROGRAM)
def cancel_event(member: Membership, event: Event) -> Event:
    """Call an event off: its registrations are cancelled with it; the event stays for the record."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            raise ActionRefused(_("This event has been cancelled already."))
        locked.cancelled_at = timezone.now()
        locked.registration_open = False
        locked.save(update_fields=["cancelled_at", "registration_open"])
        cancelled = locked.registrations.filter(status__in=ACTIVE_STATUSES).update(
            status=RegistrationStatus.CANCELLED, waiting_position=None, updated_at=timezone.now()
        )
        audit.record(
            member.organization,
            member,
            "events.event_cancelled",
            locked,
            after={"cancelled_at": audit.to_json(locked.cancelled_at), "registrations_cancelled": cancelled},
        )
    return locked
