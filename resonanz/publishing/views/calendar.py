"""The editorial calendar pages: a month and a week of planned, scheduled and published posts, per
network, and moving a scheduled delivery to another day (dragged, or with the form beside each item).
Thin: parse, read ``resonanz.publishing.calendar``, call one action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resonanz.content.models import PostNetwork
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.publishing import calendar
from resonanz.publishing import delivery_access as access
from resonanz.publishing.actions import deliveries

C = Capability


def _network(request: MemberRequest) -> str:
    value = request.GET.get("network", "")
    return value if value in PostNetwork.values else ""


def _context(request: MemberRequest, start_day: dt.date, days: int, network: str) -> dict[str, Any]:
    member = request.member
    start, end = calendar.window(member.organization.zone, start_day, days)
    items, more = calendar.items_between(member, start, end, network)
    return {
        "by_day": calendar.by_day(items),  # the views pair each day with its items
        "more": more,
        "limit": calendar.MAX_ITEMS,
        "network": network,
        "networks": PostNetwork.choices,
        "today": timezone.now().astimezone(member.organization.zone).date(),
        "may_move": member.can(C.SCHEDULE_POSTS),
    }


def _filled(weeks: list[list[dt.date]], by_day: dict[dt.date, list[Any]]) -> list[list[tuple[dt.date, Any]]]:
    return [[(day, by_day.get(day, [])) for day in week] for week in weeks]


def _bad_period(request: MemberRequest, view: str) -> HttpResponse:
    target = reverse(f"publishing_calendar:{view}", args=[request.member.organization.slug])
    context = {
        "back": target,
        "problem": _("That period cannot be shown: choose a month or week between 2000 and 2100."),
    }
    return render(request, "publishing/calendar_bad_period.html", context, status=400)


@org_view(C.VIEW_CONTENT)
@require_GET
def calendar_month(request: MemberRequest) -> HttpResponse:
    today = timezone.now().astimezone(request.member.organization.zone).date()
    first = calendar.parse_month(request.GET.get("month", ""), today)
    if first is None:
        return _bad_period(request, "calendar_month")
    weeks = calendar.month_grid(first)
    network = _network(request)
    context = _context(request, weeks[0][0], 7 * len(weeks), network)
    context.update(
        view="month",
        first=first,
        weeks=_filled(weeks, context["by_day"]),
        previous=calendar.previous_month(first).strftime("%Y-%m"),
        following=calendar.next_month(first).strftime("%Y-%m"),
        week_of_first=calendar.iso_week(first),
    )
    return render(request, "publishing/calendar.html", context)


@org_view(C.VIEW_CONTENT)
@require_GET
def calendar_week(request: MemberRequest) -> HttpResponse:
    today = timezone.now().astimezone(request.member.organization.zone).date()
    monday = calendar.parse_week(request.GET.get("week", ""), today)
    if monday is None:
        return _bad_period(request, "calendar_week")
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    network = _network(request)
    context = _context(request, monday, 7, network)
    context.update(
        view="week",
        first=monday,
        weeks=_filled([days], context["by_day"]),
        previous=calendar.iso_week(monday - dt.timedelta(days=7)),
        following=calendar.iso_week(monday + dt.timedelta(days=7)),
        month_of_week=monday.strftime("%Y-%m"),
        iso_week=calendar.iso_week(monday),
    )
    return render(request, "publishing/calendar.html", context)


@org_view(C.SCHEDULE_POSTS)
@require_POST
def calendar_move(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    """Move a scheduled delivery to another day at the same local time of day."""
    member = request.member
    delivery = access.get_delivery_for(member, delivery_id)
    back = request.POST.get("back", "")
    slug = member.organization.slug
    target = reverse("publishing_calendar:calendar_month", args=[slug])
    if back.startswith(f"/o/{slug}/publishing/calendar/") and "\n" not in back and "//" not in back:
        target = back
    day = calendar.parse_day(request.POST.get("day", ""))
    zone = member.organization.zone
    try:
        if day is None:
            raise ActionRefused(_("Choose the day to move the post to."), field="day")
        local = delivery.due_at.astimezone(zone)
        moved = dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone)
        if moved < timezone.now():
            raise ActionRefused(_("The post would be due in the past there: choose a later day."))
        deliveries.reschedule_delivery(member, delivery, moved)
    except ActionRefused as refused:
        if request.htmx:
            return HttpResponse(" ".join(refused.messages), status=400, content_type="text/plain")
        messages.error(request, " ".join(refused.messages))
        return redirect(target)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    messages.success(request, _("The post is moved to %(day)s.") % {"day": day.strftime("%d.%m.%Y")})
    return redirect(target)
