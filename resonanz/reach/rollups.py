"""Rebuilding the reach figures (``ReachDaily``, ``ReachContributor``, ``ReachMonthly``) of (organization,
day) pairs and of their months.

Ingestion calls ``refresh_days`` with the pairs a batch touched, inside the batch's transaction, after
the per-link rollups were updated (``links.ingest.store_batch``): the figures commit together with the
clicks they count, or not at all, and a re-run batch stores no click twice, so it counts none twice.
Each pair is recomputed from scratch from ``links.DailyClickRollup`` joined to the links (never added
to), so running it again for the same pair gives the same rows.

Two ingestions that touch the same (organization, day) at once take turns on a transaction-scoped lock
(PostgreSQL advisory lock; SQLite has one writer anyway): the second recounts after the first committed,
so neither overwrites the other's clicks with an older count. A day's month (``ReachMonthly``, the
``MONTHLY_LEVEL`` only) is then summed again from that month's daily rows, under a lock of its own
(organization, month) taken after all the day locks: two batches that touched different days of one
month take turns there, and the second sums after the first committed its days.

The unit of an ambassador is the one the membership has when the day is rebuilt: a person who changes
unit takes the days rebuilt afterwards along, the earlier days stay with the old unit. A link whose
ambassador was deleted counts as a corporate link from then on (``TrackedLink.membership`` is set null).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from resonanz.links.models import DailyClickRollup, TrackedLink
from resonanz.reach.models import (
    MONTHLY_LEVEL,
    NONE,
    ORGANIZATION,
    Dimension,
    ReachContributor,
    ReachDaily,
    ReachMonthly,
    Source,
)

D = Dimension
_BULK = 2000


@dataclass
class _Figures:
    clicks: int = 0
    visitors: int = 0
    bot_hits: int = 0
    people: set[int] = field(default_factory=set)


def _lock(organization_id: int, day: dt.date) -> None:
    _advisory_lock(organization_id, day.toordinal())


def _lock_month(organization_id: int, month: dt.date) -> None:
    # Negative: never the key of a day (a day's ordinal is positive).
    _advisory_lock(organization_id, -(month.year * 12 + month.month))


def _advisory_lock(organization_id: int, second: int) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # The two-key form: (organization, day or month) in the int4 range; a collision only makes one wait.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [organization_id % (1 << 31), second])


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the calendar month of ``day``."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _with_both_kinds(post_ids: set[int]) -> set[int]:
    """The posts that have links of ambassadors and corporate links: the same content both ways."""
    if not post_ids:
        return set()
    rows = (
        TrackedLink.objects.filter(post_id__in=post_ids)
        .values("post_id")
        .annotate(
            employee=Count("pk", filter=Q(membership__isnull=False)),
            corporate=Count("pk", filter=Q(membership__isnull=True)),
        )
        .filter(employee__gt=0, corporate__gt=0)
        .values_list("post_id", flat=True)
    )
    return set(rows)


def compute_day(organization_id: int, day: dt.date) -> dict[tuple[int, str, str], _Figures]:
    """The figures of one organization's day by (scope, dimension, key), from the per-link rollups."""
    rows = list(
        DailyClickRollup.objects.filter(organization_id=organization_id, day=day).values_list(
            "clicks",
            "unique_visitors",
            "bot_hits",
            "link__campaign_id",
            "link__post__campaign_id",
            "link__post_id",
            "link__post__plan_row__topic_id",
            "link__network",
            "link__membership_id",
            "link__membership__unit",
        )
    )
    both = _with_both_kinds({row[5] for row in rows if row[5] is not None})
    figures: dict[tuple[int, str, str], _Figures] = defaultdict(_Figures)
    for clicks, visitors, bots, link_campaign, post_campaign, post, topic, network, person, unit in rows:
        campaign = link_campaign or post_campaign
        source = Source.EMPLOYEE if person is not None else Source.CORPORATE
        keys: list[tuple[int, str, str]] = [
            (ORGANIZATION, D.TOTAL, ""),
            (ORGANIZATION, D.NETWORK, network),
            (ORGANIZATION, D.SOURCE, source),
        ]
        # Every breakdown adds up to its total: what belongs to no campaign, topic or post (or to
        # content not shared both ways) has its own row under the key NONE, with its people, so that
        # "total minus the rows shown" is a row like any other to the minimum group size.
        keys.append((ORGANIZATION, D.CAMPAIGN, str(campaign) if campaign is not None else NONE))
        if campaign is not None:
            keys += [(campaign, D.TOTAL, ""), (campaign, D.NETWORK, network), (campaign, D.SOURCE, source)]
            keys.append((campaign, D.POST, str(post) if post is not None else NONE))
        keys.append((ORGANIZATION, D.TOPIC, str(topic) if topic is not None else NONE))
        if person is not None:
            keys += [(ORGANIZATION, D.UNIT, unit), (ORGANIZATION, D.PERSON, str(person))]
            if campaign is not None:
                keys.append((campaign, D.UNIT, unit))
        keys.append((ORGANIZATION, D.SAME_CONTENT, source if post in both else NONE))
        for key in keys:
            entry = figures[key]
            entry.clicks += clicks
            entry.visitors += visitors
            entry.bot_hits += bots
            if person is not None and clicks:
                entry.people.add(person)
    return figures


def refresh_day(organization_id: int, day: dt.date) -> int:
    """Replace the reach figures of one organization's day and its month; the number of daily rows."""
    written = _refresh_daily(organization_id, day)
    refresh_month(organization_id, day)
    return written


def _refresh_daily(organization_id: int, day: dt.date) -> int:
    _lock(organization_id, day)
    figures = compute_day(organization_id, day)
    ReachDaily.objects.filter(organization_id=organization_id, day=day).delete()
    ReachContributor.objects.filter(organization_id=organization_id, day=day).delete()
    ReachDaily.objects.bulk_create(
        (
            ReachDaily(
                organization_id=organization_id,
                scope=scope,
                day=day,
                dimension=dimension,
                key=key,
                clicks=entry.clicks,
                visitors=entry.visitors,
                bot_hits=entry.bot_hits,
                people=len(entry.people),
            )
            for (scope, dimension, key), entry in figures.items()
        ),
        batch_size=_BULK,
    )
    ReachContributor.objects.bulk_create(
        (
            ReachContributor(
                organization_id=organization_id,
                scope=scope,
                day=day,
                dimension=dimension,
                key=key,
                membership_id=person,
            )
            for (scope, dimension, key), entry in figures.items()
            if dimension != D.PERSON
            for person in sorted(entry.people)
        ),
        batch_size=_BULK,
    )
    return len(figures)


def refresh_month(organization_id: int, day: dt.date) -> int:
    """Sum the month of ``day`` again from its daily rows (``MONTHLY_LEVEL``); the number of rows."""
    first, last = month_of(day)
    _lock_month(organization_id, first)
    written = 0
    for scope, dimension in sorted(MONTHLY_LEVEL):
        ReachMonthly.objects.filter(
            organization_id=organization_id, scope=scope, dimension=dimension, month=first
        ).delete()
        sums = (
            ReachDaily.objects.filter(
                organization_id=organization_id,
                scope=scope,
                dimension=dimension,
                day__gte=first,
                day__lte=last,
            )
            .values("key")
            .annotate(c=Sum("clicks"), v=Sum("visitors"), b=Sum("bot_hits"))
            .order_by("key")
            .values_list("key", "c", "v", "b")
        )
        written += len(
            ReachMonthly.objects.bulk_create(
                (
                    ReachMonthly(
                        organization_id=organization_id,
                        scope=scope,
                        month=first,
                        dimension=dimension,
                        key=key,
                        clicks=clicks,
                        visitors=visitors,
                        bot_hits=bots,
                    )
                    for key, clicks, visitors, bots in sums
                ),
                batch_size=_BULK,
            )
        )
    return written


def refresh_days(pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Rebuild every (organization, day) pair given, then each of their months once, in one order so
    that two runs cannot deadlock (all day locks before any month lock)."""
    days = sorted(set(pairs))
    for organization_id, day in days:
        _refresh_daily(organization_id, day)
    for organization_id, first in sorted(
        {(organization_id, day.replace(day=1)) for organization_id, day in days}
    ):
        refresh_month(organization_id, first)


def rebuild_all(organization_id: int | None = None) -> int:
    """Rebuild every day that has per-link rollups (after a restore or an upgrade), each with its month
    in its own transaction as ingestion does; the pairs done."""
    rollups = DailyClickRollup.objects.all()
    if organization_id is not None:
        rollups = rollups.filter(organization_id=organization_id)
    pairs = list(rollups.values_list("organization_id", "day").distinct().order_by("organization_id", "day"))
    for organization_id_, day in pairs:
        with transaction.atomic():
            refresh_day(organization_id_, day)
    return len(pairs)
