"""The calendar: every occurrence of the next 90 days, in the organization's time zone, by week and day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.plan import access
from resonanz.plan.models import WhenKind
from resonanz.plan.reviews import local_today
from resonanz.plan.schedule import Scheduled, local_window, upcoming
from resonanz.plan.views.matrix import RowView, views_of
from resonanz.plan.views.plan_scope import plan_context, shown_version

DAYS_AHEAD = 90
# Each shown occurrence costs about half a millisecond of template rendering: a thousand keep the page
# under a second however many rows recur daily.
MAX_SHOWN = 1000


@dataclass
class Entry:
    time: str  # "09:00" in the organization's zone, "" for a whole day
    scheduled: Scheduled
    view: RowView  # what the row says: its number, audiences, channels and senders in words


@dataclass
class Day:
    date: dt.date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Week:
    year: int
    number: int
    first_day: dt.date
    last_day: dt.date
    days: list[Day] = field(default_factory=list)


def group_by_week(scheduled: list[Scheduled], views: dict[int, RowView]) -> list[Week]:
    weeks: list[Week] = []
    for item in scheduled:
        start = item.occurrence.start  # aware, already in the organization's zone
        day = start.date()
        year, week_number, weekday = day.isocalendar()
        if not weeks or (weeks[-1].year, weeks[-1].number) != (year, week_number):
            monday = day - dt.timedelta(days=weekday - 1)
            weeks.append(Week(year, week_number, monday, monday + dt.timedelta(days=6)))
        week = weeks[-1]
        if not week.days or week.days[-1].date != day:
            week.days.append(Day(day))
        time = "" if item.occurrence.all_day else start.strftime("%H:%M")
        week.days[-1].entries.append(Entry(time, item, views[item.row.pk]))
    return weeks


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_calendar(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    context = plan_context(member, plan, "calendar")
    version = shown_version(member, plan, request, context["published"])
    organization = member.organization
    zone = organization.zone
    first_day = local_today(organization)
    start, end = local_window(zone, first_day, DAYS_AHEAD)
    views = views_of(version, names=member.can(Capability.VIEW_NAMES)) if version is not None else []
    by_row = {view.row.pk: view for view in views}
    rows: list[Any] = [view.row for view in views]  # plain rows read like PlanRow
    # One more than is shown tells whether there are more; the rest is never expanded.
    scheduled = upcoming(rows, zone, start, end, limit=MAX_SHOWN + 1)
    context.update(
        version=version,
        weeks=group_by_week(scheduled[:MAX_SHOWN], by_row),
        truncated=len(scheduled) > MAX_SHOWN,
        occasions=[view for view in views if view.row.when_kind == WhenKind.TRIGGER],
        first_day=first_day,
        last_day=first_day + dt.timedelta(days=DAYS_AHEAD - 1),
        count=len(scheduled[:MAX_SHOWN]),
    )
    return render(request, "plan/calendar.html", context)
