"""The reach figures over the API (``/api/v1/reach``): the same dashboards as the pages, the same rules.

``from``/``to`` are ISO dates (at most 366 days, between 2000 and 2100; default the last 30 days); a
refused period is a 422 problem with the reason in ``detail``. A hidden group has ``hidden: true``
and zero figures; its shares are hidden on their own (``shares_hidden``: fewer people shared in it than
the minimum group size).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from resonanz.api_auth import member_of
from resonanz.content.models import Campaign
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.reach import dashboards
from resonanz.reach.dashboards import Dashboard, Row
from resonanz.reach.periods import Period, PeriodRefused, parse_period
from resonanz.reach.privacy import visibility_for
from resonanz.reach.views import utc_today

router = Router(tags=["reach"])
C = Capability


_DATE = r"^(\d{4}-\d{2}-\d{2})?$"


class PeriodIn(Schema):
    start: str = Field("", alias="from", pattern=_DATE, description="First day, YYYY-MM-DD")
    end: str = Field("", alias="to", pattern=_DATE, description="Last day, YYYY-MM-DD")


_SHARES = "Shares recorded in the period (UTC days); null where the table does not count shares"
_COUNTED = "Of the shares, those with a follower count (the basis of the estimated reach)"
_REACH = (
    "Estimated reach: the sum of the follower counts of the accounts shared to, at the moment of sharing; "
    "only shares through a connected account on a network that reports follower counts have one"
)
_SHARES_HIDDEN = "Fewer people shared than the minimum group size: the share figures are 0"


class FiguresOut(Schema):
    key: str
    label: str
    clicks: int
    visitors: int
    bot_hits: int
    hidden: bool
    shares: int | None = Field(None, description=_SHARES)
    shares_with_followers: int | None = Field(None, description=_COUNTED)
    estimated_reach: int | None = Field(None, description=_REACH)
    shares_hidden: bool = Field(False, description=_SHARES_HIDDEN)


class DayOut(Schema):
    day: dt.date
    clicks: int
    visitors: int
    bot_hits: int
    hidden: bool
    shares: int | None = Field(None, description=_SHARES)
    shares_with_followers: int | None = Field(None, description=_COUNTED)
    estimated_reach: int | None = Field(None, description=_REACH)
    shares_hidden: bool = Field(False, description=_SHARES_HIDDEN)


class TableOut(Schema):
    slug: str
    title: str
    rows: list[FiguresOut]


class DashboardOut(Schema):
    start: dt.date
    end: dt.date
    min_group_size: int
    total: FiguresOut
    days: list[DayOut]
    tables: list[TableOut]


class LeaderboardOut(Schema):
    switched_on: bool
    rows: list[FiguresOut]


def _period(query: PeriodIn) -> Period:
    try:
        return parse_period(query.start, query.end, utc_today())
    except PeriodRefused as problem:
        # Well-formed but refused (year 9000, end before start, too long): 422, as other refusals.
        raise HttpError(422, str(problem)) from None


def _row(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "clicks": row.clicks,
        "visitors": row.visitors,
        "bot_hits": row.bot_hits,
        "hidden": row.hidden,
        "shares": row.shares,
        "shares_with_followers": row.shares_with_followers,
        "estimated_reach": row.estimated_reach,
        "shares_hidden": row.shares_hidden,
    }


def _out(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "start": dashboard.period.start,
        "end": dashboard.period.end,
        "min_group_size": dashboard.min_group_size,
        "total": _row(dashboard.total),
        "days": [vars(point) for point in dashboard.series],
        "tables": [
            {"slug": table.slug, "title": table.title, "rows": [_row(row) for row in table.rows]}
            for table in dashboard.tables
        ],
    }


@router.get("/overview", response=DashboardOut, summary="The organization's reach over a period")
def overview(request: ApiRequest, query: Query[PeriodIn]) -> Any:
    member = member_of(request, C.VIEW_AGGREGATES)
    period = _period(query)
    return _out(dashboards.organization_dashboard(member.organization_id, period, visibility_for(member)))


@router.get("/campaigns/{campaign_id}", response=DashboardOut, summary="One campaign's reach over a period")
def campaign(request: ApiRequest, campaign_id: int, query: Query[PeriodIn]) -> Any:
    member = member_of(request, C.VIEW_AGGREGATES)
    found = get_object_or_404(Campaign, pk=campaign_id, organization=member.organization)
    period = _period(query)
    return _out(dashboards.campaign_dashboard(found, period, visibility_for(member)))


@router.get(
    "/me",
    response=DashboardOut,
    summary="The caller's own reach (clicks on their own links, their own shares)",
)
def me(request: ApiRequest, query: Query[PeriodIn]) -> Any:
    member = member_of(request, C.VIEW_HOME)
    return _out(dashboards.own_dashboard(member, _period(query)))


@router.get("/leaderboard", response=LeaderboardOut, summary="The leaderboard (people who opted in only)")
def leaderboard(request: ApiRequest, query: Query[PeriodIn]) -> Any:
    member = member_of(request, C.VIEW_HOME)
    board = dashboards.leaderboard(member.organization_id, _period(query), visibility_for(member))
    return {"switched_on": board is not None, "rows": [_row(row) for row in board.rows] if board else []}
