"""API endpoints of the events app under /api/v1/events: events, registrations, attendance, policies,
acknowledgements and the calendar feed.

Every change goes through ``resonanz.events.actions``; objects come from ``resonanz.events.access``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.events import access, actions
from resonanz.events.api_schemas import (
    AcknowledgementOut,
    AttendanceIn,
    CalendarFeedOut,
    EventIn,
    EventOut,
    EventPatch,
    PolicyIn,
    PolicyOut,
    PolicyPatch,
    RegistrationOut,
)
from resonanz.events.models import (
    SEATED_STATUSES,
    Acknowledgement,
    Event,
    PolicyDocument,
    Registration,
    RegistrationStatus,
)

router = Router(tags=["events"])
C = Capability


def _counted(queryset: Any) -> Any:
    return queryset.annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=SEATED_STATUSES)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )


def _event(member: Any, event_id: int) -> Event:
    event: Event = _counted(access.event_queryset(member)).get(pk=access.get_event_for(member, event_id).pk)
    return event


class EventFilter(Schema):
    when: Literal["upcoming", "past"] = "upcoming"
    training_id: int | None = Field(None, ge=1, le=2**62, description="Only the dates of this training.")


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    """The API's ``training_id`` is the action's ``training`` (an id it looks up in the organization)."""
    if "training_id" in values:
        values["training"] = values.pop("training_id")
    return values


# ---------------------------------------------------------------- events


@router.get(
    "/events", response=list[EventOut], summary="Events, upcoming (soonest first) or past (latest first)"
)
@paginate(Pagination)
def list_events(request: ApiRequest, filters: Query[EventFilter]) -> Any:
    events = _counted(access.event_queryset(member_of(request, C.TAKE_PART)))
    if filters.training_id is not None:
        events = events.filter(training_id=filters.training_id)
    now = timezone.now()
    if filters.when == "past":
        return events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gt=now).order_by("starts_at", "pk")


@router.post("/events", response={201: EventOut}, summary="Create an event")
def create_event(request: ApiRequest, payload: EventIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_PROGRAM)
    event = actions.create_event(member, **_changes(payload.dict()))
    return Status(201, _event(member, event.pk))


@router.get("/events/{event_id}", response=EventOut, summary="One event")
def get_event(request: ApiRequest, event_id: int) -> Event:
    return _event(member_of(request, C.TAKE_PART), event_id)


@router.patch(
    "/events/{event_id}", response=EventOut, summary="Change an event (more places move the waiting list up)"
)
def patch_event(request: ApiRequest, event_id: int, payload: EventPatch) -> Event:
    member = member_of(request, C.MANAGE_PROGRAM)
    event = access.get_event_for(member, event_id)
    changes = _changes(payload.dict(exclude_unset=True))  # null is refused except for training_id
    if changes:
        actions.update_event(member, event, **changes)
    return _event(member, event.pk)


@router.post("/events/{event_id}/cancel", response=EventOut, summary="Cancel an event and its registrations")
def cancel_event(request: ApiRequest, event_id: int) -> Event:
    member = member_of(request, C.MANAGE_PROGRAM)
    actions.cancel_event(member, access.get_event_for(member, event_id))
    return _event(member, event_id)


# ---------------------------------------------------------------- registrations


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut},
    summary="Register the caller (the waiting list when the event is full)",
)
def register(request: ApiRequest, event_id: int) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    registration = actions.register_for_event(member, access.get_event_for(member, event_id))
    return Status(201, access.get_registration_for(member, registration.pk))


@router.get(
    "/events/{event_id}/registrations",
    response=list[RegistrationOut],
    summary="The registrations for an event",
)
@paginate(Pagination)
def list_event_registrations(request: ApiRequest, event_id: int) -> Any:
    member = member_of(request, C.MANAGE_PROGRAM)
    event = access.get_event_for(member, event_id)
    return access.registration_queryset(member).filter(event=event).order_by("created_at", "pk")


@router.get("/registrations", response=list[RegistrationOut], summary="The caller's own registrations")
@paginate(Pagination)
def list_my_registrations(request: ApiRequest) -> Any:
    member = member_of(request, C.TAKE_PART)
    return (
        Registration.objects.filter(membership=member)
        .select_related("membership__user")
        .order_by("-created_at", "-pk")
    )


@router.post(
    "/registrations/{registration_id}/cancel",
    response=RegistrationOut,
    summary="Cancel a registration (one's own; anyone's for the programme manager)",
)
def cancel_registration(request: ApiRequest, registration_id: int) -> Registration:
    member = member_of(request, C.TAKE_PART)
    registration = access.get_registration_for(member, registration_id)
    actions.cancel_registration(member, registration)
    return access.get_registration_for(member, registration.pk)


@router.post(
    "/registrations/{registration_id}/attendance", response=RegistrationOut, summary="Record attendance"
)
def record_attendance(request: ApiRequest, registration_id: int, payload: AttendanceIn) -> Registration:
    member = member_of(request, C.MANAGE_PROGRAM)
    registration = access.get_registration_for(member, registration_id)
    actions.record_attendance(member, registration, payload.status)
    return access.get_registration_for(member, registration.pk)


# ---------------------------------------------------------------- policies


@router.get("/policies", response=list[PolicyOut], summary="Policies (drafts too for those who write them)")
@paginate(Pagination)
def list_policies(request: ApiRequest) -> Any:
    return access.policy_queryset(member_of(request, C.TAKE_PART)).order_by(
        "kind", "title", "-created_at", "pk"
    )


@router.post("/policies", response={201: PolicyOut}, summary="Draft a policy or a new version of one")
def create_policy(request: ApiRequest, payload: PolicyIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    data = payload.dict()
    supersedes_id = data.pop("supersedes_id")
    supersedes = access.get_policy_document_for(member, supersedes_id) if supersedes_id is not None else None
    return Status(201, actions.create_policy(member, supersedes=supersedes, **data))


@router.get("/policies/{policy_document_id}", response=PolicyOut, summary="One policy")
def get_policy(request: ApiRequest, policy_document_id: int) -> PolicyDocument:
    return access.get_policy_document_for(member_of(request, C.TAKE_PART), policy_document_id)


@router.patch("/policies/{policy_document_id}", response=PolicyOut, summary="Change a draft policy")
def patch_policy(request: ApiRequest, policy_document_id: int, payload: PolicyPatch) -> PolicyDocument:
    member = member_of(request, C.MANAGE_COMPETENCE)
    document = access.get_policy_document_for(member, policy_document_id)
    changes = {key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None}
    return actions.update_policy(member, document, **changes) if changes else document


@router.post("/policies/{policy_document_id}/publish", response=PolicyOut, summary="Publish a draft policy")
def publish_policy(request: ApiRequest, policy_document_id: int) -> PolicyDocument:
    member = member_of(request, C.MANAGE_COMPETENCE)
    return actions.publish_policy(member, access.get_policy_document_for(member, policy_document_id))


@router.post(
    "/policies/{policy_document_id}/acknowledgements",
    response={201: AcknowledgementOut},
    summary="Acknowledge having read and understood a policy",
)
def acknowledge_policy(request: ApiRequest, policy_document_id: int) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    acknowledgement = actions.acknowledge_policy(
        member, access.get_policy_document_for(member, policy_document_id)
    )
    return Status(201, Acknowledgement.objects.select_related("membership__user").get(pk=acknowledgement.pk))


@router.get(
    "/policies/{policy_document_id}/acknowledgements",
    response=list[AcknowledgementOut],
    summary="Who has acknowledged a policy",
)
@paginate(Pagination)
def list_acknowledgements(request: ApiRequest, policy_document_id: int) -> Any:
    member = member_of(request, C.VIEW_COMPETENCE)
    document = access.get_policy_document_for(member, policy_document_id)
    return (
        Acknowledgement.objects.filter(document=document)
        .select_related("membership__user")
        .order_by("acknowledged_at", "pk")
    )


# ---------------------------------------------------------------- calendar feed


@router.post("/calendar-feed", response={201: CalendarFeedOut}, summary="Create the caller's calendar feed")
def create_calendar_feed(request: ApiRequest) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    feed, token = actions.create_calendar_feed(member)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return Status(201, {"url": url, "created_at": feed.created_at})


@router.delete("/calendar-feed", response={204: None}, summary="Revoke the caller's calendar feed")
def revoke_calendar_feed(request: ApiRequest) -> Status[None]:
    actions.revoke_calendar_feed(member_of(request, C.TAKE_PART))
    return Status(204, None)
