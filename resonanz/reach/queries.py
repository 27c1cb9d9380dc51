"""The dashboard queries: sums of ``ReachDaily`` over a period, with the minimum group size applied.

The pages, the API, the exports and ``bench/dashboards`` call these same functions. Each reads one
range of the ``reach_daily_breakdown`` index (or of the unique index for one key); the exact count of
distinct people is read from ``ReachContributor`` only for groups the daily counts cannot decide (a
group whose busiest day had fewer than the minimum group size of people but whose days add up to more).
A breakdown by person (``models.MONTHLY_LEVEL``: not a group) reads the period's whole calendar months
from ``ReachMonthly`` and only the days of the partial months at its edges from ``ReachDaily``.

Hiding a small group is not enough when the total is shown: with one group hidden, total minus the
groups shown is that group. So each breakdown (whose rows add up to its total, ``reach.rollups``) and
each series of days (which add up to the period's total) hides more rows where needed, the smallest
first, until the rows hidden together hold at least the minimum group size of distinct people
(``_complement``): what subtraction gives is then a group as large as any shown. The same goes for
the people shown by name (with consent, on the leaderboard): the people not shown are a group too.
What this does not cover is subtraction across periods (two overlapping periods differ by their
days) or across dashboards other than a campaign's own (``campaign_hidden``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from django.db.models import Count, Max, QuerySet, Sum

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
    # The day's shares (``reach.dashboards`` adds them; ``None`` where a page shows none).
    shares: int | None = None
    shares_with_followers: int | None = None
    estimated_reach: int | None = None
    shares_hidden: bool = False


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
    organization_id: int,
    scope: int,
    dimension: str,
    period: Period,
    only_keys: Collection[str] | None,
    *,
    limit: int | None = MAX_ROWS,
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
    return [(key, clicks, visitors, bots) for key, (clicks, visitors, bots) in ordered[:limit]]


def _contributor_rows(
    organization_id: int, scope: int, dimension: str, period: Period, keys: Collection[str]
) -> QuerySet[ReachContributor]:
    return ReachContributor.objects.filter(
        organization_id=organization_id,
        scope=scope,
        dimension=dimension,
        key__in=list(keys),
        day__gte=period.start,
        day__lte=period.end,
    )


def _distinct_people(
    organization_id: int, scope: int, dimension: str, period: Period, keys: Collection[str]
) -> dict[str, int]:
    if not keys:
        return {}
    rows = (
        _contributor_rows(organization_id, scope, dimension, period, keys)
        .values("key")
        .annotate(people=Count("membership_id", distinct=True))
        .values_list("key", "people")
    )
    return dict(rows)


def _contributors(
    organization_id: int,
    scope: int,
    dimension: str,
    period: Period,
    keys: Collection[str],
    days: Collection[dt.date] | None = None,
) -> set[int]:
    """The distinct people behind the rows of ``keys`` (on ``days`` only, if given) over the period."""
    rows = _contributor_rows(organization_id, scope, dimension, period, keys)
    if days is not None:
        rows = rows.filter(day__in=list(days))
    return set(rows.values_list("membership_id", flat=True).distinct())


Cell = TypeVar("Cell", bound=Hashable)


def _complement(
    hidden: Iterable[Cell],
    shown: Sequence[tuple[Cell, int, int]],
    people_of: Callable[[list[Cell]], set[int]],
    min_group_size: int,
) -> set[Cell]:
    """The shown cells to hide as well, so that subtraction from the total reveals no small group.

    ``hidden`` are the cells hidden already, ``shown`` the others as (cell, clicks, people), and
    ``people_of`` gives the distinct people behind some cells. While the people hidden together are
    more than none and fewer than ``min_group_size``, the smallest shown cell with people in it is
    hidden too (a cell of ``min_group_size`` people or more settles it without asking who they are).
    """
    cells = list(hidden)
    if not cells:
        return set()
    covered = people_of(cells)
    more: set[Cell] = set()
    candidates = sorted((entry for entry in shown if entry[2] > 0), key=lambda entry: (entry[1], entry[2]))
    for cell, _clicks, people in candidates:
        if not covered or len(covered) >= min_group_size:
            break
        more.add(cell)
        if people >= min_group_size:
            break
        covered |= people_of([cell])
    return more


def _hide(figures: Figures) -> Figures:
    return Figures(figures.key, 0, 0, 0, True)


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
    if has_monthly_rows(scope, dimension):  # people, not a group: only those not listed to protect
        if only_keys is not None and not only_keys:
            return []
        everybody = _monthly_sums(organization_id, scope, dimension, period, None, limit=None)
        clicked_people = sum(1 for _key, clicks, _v, _b in everybody if clicks > 0)
        wanted = None if only_keys is None else set(only_keys)
        listed = [entry for entry in everybody if wanted is None or entry[0] in wanted][:MAX_ROWS]
        more = _complement_people(
            clicked_people, [(key, clicks, 1) for key, clicks, _v, _b in listed], min_group_size
        )
        return [
            Figures(key, 0, 0, 0, True) if key in more else Figures(key, clicks, visitors, bots, False)
            for key, clicks, visitors, bots in listed
        ]
    is_group = dimension != Dimension.PERSON
    rows = _rows(organization_id, scope, dimension, period)
    if only_keys is not None:
        if not only_keys:
            return []
        if is_group:
            rows = rows.filter(key__in=list(only_keys))
    sums_of_keys = (
        rows.values("key")
        .annotate(
            c=Sum("clicks"), v=Sum("visitors"), b=Sum("bot_hits"), most=Max("people"), added=Sum("people")
        )
        .order_by("-c", "key")
        .values_list("key", "c", "v", "b", "most", "added")
    )
    clicked_people = 0
    if is_group or only_keys is None:
        sums = list(sums_of_keys[:MAX_ROWS])
    else:
        # Everybody's sums (one range of the index, as for a group), to count the people with clicks
        # in the period: those not listed are a group to the minimum group size (``_complement_people``).
        every_person = list(sums_of_keys)
        clicked_people = sum(1 for entry in every_person if entry[1] > 0)
        wanted = set(only_keys)
        sums = [entry for entry in every_person if entry[0] in wanted][:MAX_ROWS]
    undecided = [
        key for key, _c, _v, _b, most, added in sums if is_group and 0 < most < min_group_size <= added
    ]
    exact = _distinct_people(organization_id, scope, dimension, period, undecided)
    result = []
    shown: list[tuple[str, int, int]] = []
    for key, clicks, visitors, bots, most, added in sums:
        people = exact.get(key, most if most >= min_group_size else added)
        hidden = is_group and 0 < people < min_group_size
        result.append(
            Figures(key, 0 if hidden else clicks, 0 if hidden else visitors, 0 if hidden else bots, hidden)
        )
        if not hidden:
            shown.append((key, clicks, people))
    hidden_keys = [figure.key for figure in result if figure.hidden]
    if is_group:
        group_dimension = dimension

        def people_of(keys: list[str]) -> set[int]:
            return _contributors(organization_id, scope, group_dimension, period, keys)

        more = _complement(hidden_keys, shown, people_of, min_group_size)
    else:
        more = _complement_people(clicked_people, shown, min_group_size)
    return [_hide(figure) if figure.key in more else figure for figure in result]


def _complement_people(
    clicked_people: int, shown: list[tuple[str, int, int]], min_group_size: int
) -> set[str]:
    """The people shown by name to hide as well, so that the employee accounts' total minus the people
    shown reveals no small group of people not shown (who did not consent or did not opt in).

    ``clicked_people`` is how many people had clicks in the period, listed or not.
    """
    clicked = [(key, clicks) for key, clicks, _people in shown if clicks > 0]
    rest = clicked_people - len(clicked)  # each person hidden in addition joins the rest
    more: set[str] = set()
    for key, _clicks in sorted(clicked, key=lambda entry: (entry[1], entry[0])):
        if rest <= 0 or rest >= min_group_size:
            break
        more.add(key)
        rest += 1
    return more


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
    shown: list[tuple[dt.date, int, int]] = []
    for day in period.days:
        clicks, visitors, bots, people = found.get(day, (0, 0, 0, 0))
        hidden = is_group and 0 < people < min_group_size
        points.append(
            Point(day, 0 if hidden else clicks, 0 if hidden else visitors, 0 if hidden else bots, hidden)
        )
        if not hidden:
            shown.append((day, clicks, people))
    if not is_group:
        return points

    def people_of(days: list[dt.date]) -> set[int]:
        return _contributors(organization_id, scope, dimension, period, [key], days)

    more = _complement([point.day for point in points if point.hidden], shown, people_of, min_group_size)
    return [
        replace(point, clicks=0, visitors=0, bot_hits=0, hidden=True) if point.day in more else point
        for point in points
    ]


def campaign_hidden(organization_id: int, campaign_id: int, period: Period, *, min_group_size: int) -> bool:
    """Whether the campaign's row is hidden in the organization's breakdown by campaign: then its own
    dashboard shows no figures either (they would give the row back, and with it what the row hides)."""
    rows = breakdown(organization_id, Dimension.CAMPAIGN, period, min_group_size=min_group_size)
    return any(figure.key == str(campaign_id) and figure.hidden for figure in rows)


def total(organization_id: int, period: Period, *, min_group_size: int, scope: int = ORGANIZATION) -> Figures:
    """The period's figures of the whole organization (or campaign)."""
    found = breakdown(organization_id, Dimension.TOTAL, period, min_group_size=min_group_size, scope=scope)
    return found[0] if found else Figures("", 0, 0, 0, False)
