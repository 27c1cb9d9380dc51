"""Event pages: the list (upcoming and past), one event with registration, creating and editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.events import access, actions
from resonanz.events.forms import AttendanceForm, EventForm
from resonanz.events.models import ACTIVE_STATUSES, SEATED_STATUSES, Event, Registration, RegistrationStatus
from resonanz.events.seats import waiting_rank

PAGE_SIZE = 50
PARTICIPANTS_SHOWN = 500


@org_view(Capability.TAKE_PART)
def events_list(request: MemberRequest) -> HttpResponse:
    member = request.member
    past = request.GET.get("when") == "past"
    now = timezone.now()
    events = access.event_queryset(member).annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=SEATED_STATUSES)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )
    events = (
        events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        if past
        else events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    )
    shown = list(events[:PAGE_SIZE])
    mine = dict(
        Registration.objects.filter(
            membership=member,
            event__in=[event.pk for event in shown],
            status__in=[*ACTIVE_STATUSES, *SEATED_STATUSES],
        ).values_list("event_id", "status")
    )
    rows = [{"event": event, "my_status": mine.get(event.pk)} for event in shown]
    context = {
        "rows": rows,
        "past": past,
        "can_manage": member.can(Capability.MANAGE_PROGRAM),
        "page_size": PAGE_SIZE,
        "status_labels": dict(RegistrationStatus.choices),
    }
    return render(request, "events/list.html", context)


def _detail_context(request: MemberRequest, event: Event) -> dict[str, Any]:
    member = request.member
    own = (
        Registration.objects.filter(event=event, membership=member)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    counts = event.registrations.aggregate(
        seated=Count("pk", filter=Q(status__in=SEATED_STATUSES)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    can_manage = member.can(Capability.MANAGE_PROGRAM)
    participants: list[Registration] = []
    if can_manage:
        participants = list(
            event.registrations.exclude(status=RegistrationStatus.CANCELLED)
            .select_related("membership__user")
            .order_by("status", "waiting_position", "created_at")[:PARTICIPANTS_SHOWN]
        )
    now = timezone.now()
    return {
        "event": event,
        "own": own,
        "own_rank": waiting_rank(own) if own is not None else None,
        "seated": counts["seated"],
        "waiting": counts["waiting"],
        "free": max(event.capacity - counts["seated"], 0),
        "can_manage": can_manage,
        "participants": participants,
        "started": event.starts_at <= now,
        "may_register": event.cancelled_at is None and event.registration_open and event.starts_at > now,
        "attendance_form": AttendanceForm(),
        # The training page is for those who see competence records; others read the training's name.
        "training_linked": member.can(Capability.VIEW_COMPETENCE),
    }


@org_view(Capability.TAKE_PART)
def events_detail(request: MemberRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.member, event_id)
    return render(request, "events/detail.html", _detail_context(request, event))


def _refused(request: MemberRequest, error: ActionRefused) -> None:
    for message in error.messages:
        messages.error(request, message)


@org_view(Capability.TAKE_PART)
@require_POST
def events_register(request: MemberRequest, event_id: int) -> HttpResponse:
    member = request.member
    event = access.get_event_for(member, event_id)
    try:
        registration = actions.register_for_event(member, event)
    except ActionRefused as error:
        _refused(request, error)
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(request, _("The event is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are registered."))
    return redirect("events:events_detail", member.organization.slug, event.pk)


@org_view(Capability.TAKE_PART)
@require_POST
def events_registration_cancel(request: MemberRequest, registration_id: int) -> HttpResponse:
    member = request.member
    registration = access.get_registration_for(member, registration_id)
    try:
        actions.cancel_registration(member, registration)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The registration has been cancelled."))
    return redirect("events:events_detail", member.organization.slug, registration.event_id)


@org_view(Capability.MANAGE_PROGRAM)
@require_POST
def events_attendance(request: MemberRequest, registration_id: int) -> HttpResponse:
    member = request.member
    registration = access.get_registration_for(member, registration_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose attended or did not attend."))
    else:
        try:
            actions.record_attendance(member, registration, form.cleaned_data["status"])
        except ActionRefused as error:
            _refused(request, error)
        else:
            messages.success(request, _("Attendance recorded."))
    return redirect("events:events_detail", member.organization.slug, registration.event_id)


def _save(request: MemberRequest, event: Event | None) -> HttpResponse:
    member = request.member
    initial = None
    if event is not None:
        zone = member.organization.zone
        initial = {
            "title": event.title,
            "kind": event.kind,
            "starts_at": event.starts_at.astimezone(zone),
            "ends_at": event.ends_at.astimezone(zone),
            "place": event.place,
            "online_url": event.online_url,
            "capacity": event.capacity,
            "registration_open": event.registration_open,
            "description": event.description,
            "training": event.training_id,
        }
    form = EventForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organization_id=member.organization_id,
        training_id=event.training_id if event is not None else None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if event is None:
                    event = actions.create_event(member, **form.cleaned_data)
                    messages.success(request, _("The event has been created."))
                else:
                    event = actions.update_event(member, event, **form.cleaned_data)
                    messages.success(request, _("The event has been saved."))
            except ActionRefused as error:
                error.show_on(form)
            else:
                return redirect("events:events_detail", member.organization.slug, event.pk)
    return render(request, "events/form.html", {"form": form, "event": event}, status=status)


@org_view(Capability.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def events_create(request: MemberRequest) -> HttpResponse:
    return _save(request, None)


@org_view(Capability.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def events_edit(request: MemberRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.member, event_id)
    return _save(request, event)


@org_view(Capability.MANAGE_PROGRAM)
@require_POST
def events_cancel(request: MemberRequest, event_id: int) -> HttpResponse:
    member = request.member
    event = access.get_event_for(member, event_id)
    try:
        actions.cancel_event(member, event)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The event has been cancelled; the registrations with it."))
    return redirect("events:events_detail", member.organization.slug, event.pk)
