"""The dashboard queries: sums of ``ReachDaily`` over a period, with the minimum group size applied.

The pages, the API, the exports and ``bench/dashboards`` call these same functions. Each reads one
range of the ``reach_daily_breakdown`` index (or of the unique index for one key); the exact count of
distinct people is read from ``ReachContributor`` only for groups the daily counts cannot decide (a
group whose busiest day had fewer than the minimum group size of people but whose days add up to more).
A breakdown by person (``models.MONTHLY_LEVEL``: not a group) reads the period's whole calendar months
from ``ReachMonthly`` and only the days of the partial months at its edges from ``ReachDaily``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from resonanz.reach.models import (
    ORGANIZATION,
    Dimension,
    ReachContributor,
    ReachDaily,
    ReachMonthly,
    has_monthly_rows,
)
from resonanz.reach.periods import Period

MAX_ROWS = 200  # keys shown per breakdown (the busiest first)


@dataclass(frozen=True)
class Figures:
    key: str
    clicks: int
    visitors: int
    bot_hits: int
    hidden: bool  # fewer distinct people than the minimum group size: show no figures


@dataclass(frozen=True)
class Point:
    day: dt.date
    clicks: int
    visitors: int
    bot_hits: int
    hidden: bool


def _rows(organization_id: int, scope: int, dimension: str, period: Period):  # type: ignore[no-untyped-def]
    return ReachDaily.objects.filter(
        organization_id=organization_id,
        scope=scope,
        dimension=dimension,
        day__gte=period.start,
        day__lte=period.end,
    )


def whole_months(period: Period) -> tuple[Period | None, list[Period]]:
    """The period's whole calendar months (None if it has none) and the parts before and after them."""
    first = (
        period.start
        if period.start.day == 1
        else (period.start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    )
    after_end = period.end + dt.timedelta(days=1)
    last = period.end if after_end.day == 1 else period.end.replace(day=1) - dt.timedelta(days=1)
    if first > last:
        return None, [period]
    edges = [
        Period(period.start, first - dt.timedelta(days=1)),
        Period(last + dt.timedelta(days=1), period.end),
    ]
    return Period(first, last), [edge for edge in edges if edge.start <= edge.end]


def _monthly_sums(
    organization_id: int, scope: int, dimension: str, period: Period, only_keys: Collection[str] | None
) -> list[tuple[str, int, int, int]]:
    """(key, clicks, visitors, bot hits) over the period, busiest first: the whole months from
    ``ReachMonthly``, the days around them from ``ReachDaily``: the same sums as the days alone."""
    months, edges = whole_months(period)
    parts = [_rows(organization_id, scope, dimension, edge) for edge in edges]
    if months is not None:
        parts.append(
            ReachMonthly.objects.filter(
                organization_id=organization_id,
                scope=scope,
                dimension=dimension,
                month__gte=months.start,
                month__lte=months.end,
            )
        )
    totals: dict[str, list[int]] = {}
    for rows in parts:
        if only_keys is not None:
            rows = rows.filter(key__in=list(only_keys))
        summed = rows.values("key").annotate(c=Sum("clicks"), v=Sum("visitors"), b=Sum("bot_hits")).order_by()
        for key, clicks, visitors, bots in summed.values_list("key", "c", "v", "b"):
            entry = totals.setdefault(key, [0, 0, 0])
            entry[0] += clicks
            entry[1] += visitors
            entry[2] += bots
    ordered = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))
    return [(key, clicks, visitors, bots) for key, (clicks, visitors, bots) in ordered[:MAX_ROWS]]


def _distinct_people(
    organization_id: int, scope: int, dimension: str, period: Period, keys: Collection[str]
) -> dict[str, int]:
    if not keys:
        return {}
    rows = (
        ReachContributor.objects.filter(
            organization_id=organization_id,
            scope=scope,
            dimension=dimension,
            key__in=list(keys),
            day__gte=period.start,
            day__lte=period.end,
        )
        .values("key")
        .annotate(people=Count("membership_id", distinct=True))
        .values_list("key", "people")
    )
    return dict(rows)


def breakdown(
    organization_id: int,
    dimension: str,
    period: Period,
    *,
    min_group_size: int,
    scope: int = ORGANIZATION,
    only_keys: Collection[str] | None = None,
) -> list[Figures]:
    """Clicks, visitors and bot hits per key of ``dimension`` over the period, busiest first.

    Groups with fewer distinct people than ``min_group_size`` come back hidden (``hidden=True``, no
    figures). The person dimension is not a group: pass ``only_keys`` with the people who may be seen.
    """
    if has_monthly_rows(scope, dimension):  # not a group: nothing to hide, no people to count
        return [
            Figures(key, clicks, visitors, bots, False)
            for key, clicks, visitors, bots in _monthly_sums(
                organization_id, scope, dimension, period, only_keys
            )
        ]
    rows = _rows(organization_id, scope, dimension, period)
    if only_keys is not None:
        if not only_keys:
            return []
        rows = rows.filter(key__in=list(only_keys))
    sums = list(
        rows.values("key")
        .annotate(
            c=Sum("clicks"), v=Sum("visitors"), b=Sum("bot_hits"), most=Max("people"), added=Sum("people")
        )
        .order_by("-c", "key")
        .values_list("key", "c", "v", "b", "most", "added")[:MAX_ROWS]
    )
    is_group = dimension != Dimension.PERSON
    undecided = [
        key for key, _c, _v, _b, most, added in sums if is_group and 0 < most < min_group_size <= added
    ]
    exact = _distinct_people(organization_id, scope, dimension, period, undecided)
    result = []
    for key, clicks, visitors, bots, most, added in sums:
        people = exact.get(key, most if most >= min_group_size else added)
        hidden = is_group and 0 < people < min_group_size
        result.append(
            Figures(key, 0 if hidden else clicks, 0 if hidden else visitors, 0 if hidden else bots, hidden)
        )
    return result


def series(
    organization_id: int,
    period: Period,
    *,
    min_group_size: int,
    scope: int = ORGANIZATION,
    dimension: str = Dimension.TOTAL,
    key: str = "",
) -> list[Point]:
    """Figures per day of the period (days without clicks as zero); a day with too few people hidden.

    For one person's own figures pass ``dimension=Dimension.PERSON`` and their id as ``key`` (a person
    is not a group: nothing is hidden).
    """
    rows = _rows(organization_id, scope, dimension, period).filter(key=key)
    found = {
        day: (clicks, visitors, bots, people)
        for day, clicks, visitors, bots, people in rows.values_list(
            "day", "clicks", "visitors", "bot_hits", "people"
        )
    }
    is_group = dimension != Dimension.PERSON
    points = []
    for day in period.days:
        clicks, visitors, bots, people = found.get(day, (0, 0, 0, 0))
        hidden = is_group and 0 < people < min_group_size
        points.append(
            Point(day, 0 if hidden else clicks, 0 if hidden else visitors, 0 if hidden else bots, hidden)
        )
    return points


def total(organization_id: int, period: Period, *, min_group_size: int, scope: int = ORGANIZATION) -> Figures:
    """The period's figures of the whole organization (or campaign)."""
    found = breakdown(organization_id, Dimension.TOTAL, period, min_group_size=min_group_size, scope=scope)
    return found[0] if found else Figures("", 0, 0, 0, False)
