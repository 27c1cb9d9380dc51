"""The figures of sharing: shares, estimated reach and the people who shared, in a time window.

The one definition the reach dashboards, the API, the exports and the metrics read:

* A share counts in the window in which it was recorded (``Share.created_at``).
* Its estimated reach is the follower count of the account it went to at that moment
  (``Share.followers``). Only shares through a connected account on a network that reports follower
  counts have one; the others count as shares but add nothing to the estimated reach (``counted``
  says how many of the shares did).
* ``people`` are the distinct people who shared (a share whose person was erased counts without one).

Groups are derived from the share itself: its post's campaign, its post's plan row's topic (as the
clicks are, ``reach.rollups``), its network, its person's current unit, its person, its post, its UTC
day. Each call reads the shares of one organization in the window through the
``advocacy_share_org_created`` index; the window is at most a year long (``reach.periods``,
``core.period``), and a breakdown gives at most ``limit`` groups, the ones with most shares first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, F, Max, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat, TruncDate

from resonanz.advocacy.models import Share

# The group (a ``reach.models.Dimension`` value) → the share's field holding its key.
GROUPED_BY = {
    "campaign": "post__campaign_id",
    "topic": "post__plan_row__topic_id",
    "network": "network",
    "unit": "membership__unit",
    "person": "membership_id",
    "post": "post_id",
}
DAY = "day"  # the UTC day, as YYYY-MM-DD
POST_AND_NETWORK = "post_network"  # "<post id> <network>", as one's own links are listed
LIMIT = 200


@dataclass(frozen=True)
class ShareFigures:
    key: str  # "" for the whole window; a day as YYYY-MM-DD
    shares: int
    counted: int  # shares with a follower count (the basis of the estimated reach)
    estimated_reach: int
    people: int  # distinct people who shared


def shares_in(
    organization_id: int,
    start: dt.datetime,
    end: dt.datetime,
    *,
    campaign_id: int | None = None,
    membership_id: int | None = None,
) -> QuerySet[Share]:
    """The organization's shares recorded from ``start`` (included) to ``end`` (excluded)."""
    shares = Share.objects.filter(organization_id=organization_id, created_at__gte=start, created_at__lt=end)
    if campaign_id is not None:
        shares = shares.filter(post__campaign_id=campaign_id)
    if membership_id is not None:
        shares = shares.filter(membership_id=membership_id)
    return shares


def total(shares: QuerySet[Share]) -> ShareFigures:
    """The figures of all the shares (one group, keyed "")."""
    found = _figures(shares.annotate(group=Value("")), limit=1)
    return found[0] if found else ShareFigures("", 0, 0, 0, 0)


def breakdown(
    shares: QuerySet[Share], by: str, *, only_keys: list[str] | None = None, limit: int = LIMIT
) -> list[ShareFigures]:
    """The figures per group ``by`` (a key of ``GROUPED_BY``, ``DAY`` or ``POST_AND_NETWORK``), most
    shares first.

    Shares outside every group of ``by`` (a post without a campaign, a person erased) are left out."""
    key: Any
    if by == DAY:
        key = TruncDate("created_at", tzinfo=dt.UTC)
    elif by == POST_AND_NETWORK:
        key = Concat(Cast("post_id", CharField()), Value(" "), "network", output_field=CharField())
    else:
        key = F(GROUPED_BY[by])
    grouped = shares.annotate(group=key).filter(group__isnull=False)
    if only_keys is not None:
        grouped = grouped.filter(group__in=only_keys)
    return _figures(grouped, limit=limit)


def _figures(grouped: QuerySet[Any], *, limit: int) -> list[ShareFigures]:
    """Shares, the shares with a follower count, their sum and the distinct people, per ``group`` (an
    annotation of the shares)."""
    rows = (
        grouped.values("group")
        .annotate(
            n=Count("pk"),
            counted=Count("followers"),
            reach=Sum("followers"),
            people=Count("membership_id", distinct=True),
        )
        .order_by("-n", "group")
        .values_list("group", "n", "counted", "reach", "people")[:limit]
    )
    return [
        ShareFigures(
            group.isoformat() if isinstance(group, dt.date) else str(group), n, counted, reach or 0, people
        )
        for group, n, counted, reach, people in rows
    ]


def last_share_of_each(shares: QuerySet[Share]) -> dict[int, dt.datetime]:
    """Each person who shared (by membership id) and the time of their last share; erased people left out."""
    rows = (
        shares.filter(membership_id__isnull=False)
        .values("membership_id")
        .annotate(last=Max("created_at"))
        .order_by()
        .values_list("membership_id", "last")
    )
    return {membership_id: last for membership_id, last in rows if membership_id is not None}
