"""The editorial calendar: planned, scheduled and published posts per day, by month or week.

What a day shows, in the organization's time zone:

- a delivery that went out, on the day it was published;
- a delivery still to go out (scheduled, being sent, needing attention, failed), on its due day;
- a post planned for a slot (``Post.planned_for``) with no delivery yet, on its planned day.

Every view reads one bounded period (a month grid is at most 42 days) and at most ``MAX_ITEMS`` items,
whatever is stored; a period outside ``FIRST_YEAR``–``LAST_YEAR`` is refused by the parsers below. The
same items feed the personal iCalendar feed (``resonanz.events.calendar``) as a source.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Post, PostNetwork, PostStatus
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events.calendar import CalendarEntry, register_calendar_source
from resonanz.publishing.models import Delivery, DeliveryStatus

MAX_ITEMS = 500
FIRST_YEAR, LAST_YEAR = 2000, 2100
ENTRY_LENGTH = dt.timedelta(minutes=15)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

# Kinds of items, in the order a day lists them when their times are equal.
PLANNED, SCHEDULED, PUBLISHED, ATTENTION, FAILED = "planned", "scheduled", "published", "attention", "failed"
_SHOWN_STATUSES = (
    DeliveryStatus.SCHEDULED,
    DeliveryStatus.SENDING,
    DeliveryStatus.PUBLISHED,
    DeliveryStatus.NEEDS_ATTENTION,
    DeliveryStatus.FAILED,
)
_KIND_OF_STATUS = {
    DeliveryStatus.SCHEDULED: SCHEDULED,
    DeliveryStatus.SENDING: SCHEDULED,
    DeliveryStatus.PUBLISHED: PUBLISHED,
    DeliveryStatus.NEEDS_ATTENTION: ATTENTION,
    DeliveryStatus.FAILED: FAILED,
}


@dataclass(frozen=True)
class Item:
    kind: str
    at: dt.datetime  # local time in the organization's zone
    network: str
    network_label: str
    title: str
    post_id: int
    delivery_id: int | None = None
    account: str = ""
    remote_url: str = ""
    status_is_scheduled: bool = False

    @property
    def movable(self) -> bool:
        """Only a delivery still waiting to go out (not one being sent) can be moved to another day."""
        return self.delivery_id is not None and self.status_is_scheduled

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


KIND_LABELS = {
    PLANNED: _("planned"),
    SCHEDULED: _("scheduled"),
    PUBLISHED: _("published"),
    ATTENTION: _("needs attention"),
    FAILED: _("failed"),
}


# ---------------------------------------------------------------- periods


def parse_month(value: str, today: dt.date) -> dt.date | None:
    """``YYYY-MM`` → the month's first day; empty → this month; anything else (or out of range) → None."""
    if not value:
        return today.replace(day=1)
    match = _MONTH.match(value)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def parse_week(value: str, today: dt.date) -> dt.date | None:
    """``YYYY-Www`` (ISO week) → its Monday; empty → this week; anything else → None."""
    if not value:
        return today - dt.timedelta(days=today.weekday())
    match = _WEEK.match(value)
    if match is None:
        return None
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def parse_day(value: str) -> dt.date | None:
    match = _DAY.match(value or "")
    if match is None:
        return None
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def month_grid(first: dt.date) -> list[list[dt.date]]:
    """The weeks (Monday first) that hold the month starting on ``first``: 4 to 6 rows of 7 days."""
    start = first - dt.timedelta(days=first.weekday())
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    weeks: list[list[dt.date]] = []
    day = start
    while day < following:
        weeks.append([day + dt.timedelta(days=offset) for offset in range(7)])
        day += dt.timedelta(days=7)
    return weeks


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def window(zone: zoneinfo.ZoneInfo, first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(0), tzinfo=zone)
    return start, end


# ---------------------------------------------------------------- items


def _own_only(member: Membership) -> bool:
    """Those who read content see everything; a writer without it sees their own posts only."""
    return not member.can(Capability.VIEW_CONTENT)


def may_read(member: Membership) -> bool:
    return member.can(Capability.VIEW_CONTENT) or member.can(Capability.WRITE_POSTS)


def items_between(
    member: Membership, start: dt.datetime, end: dt.datetime, network: str = "", limit: int = MAX_ITEMS
) -> tuple[list[Item], bool]:
    """The items in ``[start, end)`` that ``member`` may see, oldest first; and whether more exist."""
    if not may_read(member):
        return [], False
    zone = member.organization.zone
    own_only = _own_only(member)
    deliveries = (
        Delivery.objects.filter(organization_id=member.organization_id, status__in=_SHOWN_STATUSES)
        .filter(
            Q(status=DeliveryStatus.PUBLISHED, published_at__gte=start, published_at__lt=end)
            | (~Q(status=DeliveryStatus.PUBLISHED) & Q(due_at__gte=start, due_at__lt=end))
        )
        .select_related("post", "account")
    )
    posts = (
        Post.objects.filter(
            organization_id=member.organization_id, planned_for__gte=start, planned_for__lt=end
        )
        .exclude(status__in=(PostStatus.REJECTED, PostStatus.ARCHIVED))
        .exclude(deliveries__status__in=_SHOWN_STATUSES)
    )
    if own_only:
        deliveries = deliveries.filter(post__author=member)
        posts = posts.filter(author=member)
    if network:
        deliveries = deliveries.filter(network=network)
        posts = posts.filter(variants__network=network)
    found: list[Item] = []
    for delivery in deliveries.order_by("due_at", "pk")[: limit + 1]:
        published = delivery.status == DeliveryStatus.PUBLISHED and delivery.published_at is not None
        moment = delivery.published_at if published and delivery.published_at else delivery.due_at
        found.append(
            Item(
                kind=_KIND_OF_STATUS[DeliveryStatus(delivery.status)],
                at=moment.astimezone(zone),
                network=delivery.network,
                network_label=str(PostNetwork(delivery.network).label),
                title=delivery.post.title,
                post_id=delivery.post_id,
                delivery_id=delivery.pk,
                account=str(delivery.account),
                remote_url=delivery.remote_url,
                status_is_scheduled=delivery.status == DeliveryStatus.SCHEDULED,
            )
        )
    for post in posts.distinct().order_by("planned_for", "pk")[: limit + 1]:
        assert post.planned_for is not None
        found.append(
            Item(
                kind=PLANNED,
                at=post.planned_for.astimezone(zone),
                network=network,
                network_label=str(PostNetwork(network).label) if network else "",
                title=post.title,
                post_id=post.pk,
            )
        )
    found.sort(key=lambda item: (item.at, item.post_id, item.delivery_id or 0))
    return found[:limit], len(found) > limit


def by_day(items: Iterable[Item]) -> dict[dt.date, list[Item]]:
    days: dict[dt.date, list[Item]] = {}
    for item in items:
        days.setdefault(item.at.date(), []).append(item)
    return days


# ---------------------------------------------------------------- the iCalendar feed


def feed_entries(member: Membership, start: dt.datetime, end: dt.datetime, limit: int) -> list[CalendarEntry]:
    """The editorial calendar in a person's feed: what they may see, scheduled and planned posts."""
    items, _more = items_between(member, start, end, limit=limit)
    slug = member.organization.slug
    linked = member.can(Capability.VIEW_CONTENT)
    entries = []
    for item in items:
        if item.kind == PUBLISHED:
            continue  # the feed looks ahead; published posts are history
        uid = f"delivery-{item.delivery_id}" if item.delivery_id is not None else f"post-{item.post_id}"
        what = f"{item.network_label}: {item.title}" if item.network_label else item.title
        entries.append(
            CalendarEntry(
                uid=f"{uid}@{slug}.resonanz",
                starts_at=item.at,
                ends_at=item.at + ENTRY_LENGTH,
                summary=f"{item.kind_label}: {what}",
                description=item.account,
                url=settings.SITE_URL + reverse("deliveries:post_deliveries", args=[slug, item.post_id])
                if linked
                else "",
                tentative=item.kind == PLANNED,
            )
        )
    return entries


register_calendar_source("publishing.calendar", feed_entries)
