"""What each reach page shows, assembled once for the pages, the API and the exports.

A dashboard is a list of tables (``Table``): one per breakdown, each row a label with its figures or
the note that its group is too small to be shown. The labels are looked up for the keys shown only.

Beside the clicks (``reach.queries``), the tables by campaign, topic, network, unit, post and person and
the days carry the shares of the period and their estimated reach (``advocacy.figures``, counted per
UTC day like the clicks). Their group is the people who shared: a row's shares are hidden
(``shares_hidden``) while fewer than the minimum group size of people shared in it, independently of
its clicks, whose group is the people whose links were clicked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from resonanz.advocacy import figures as share_figures
from resonanz.advocacy.figures import ShareFigures
from resonanz.advocacy.models import Share
from resonanz.content.models import Campaign, Post, PostNetwork
from resonanz.core.models import Membership
from resonanz.links.models import DailyClickRollup
from resonanz.plan.models import Topic
from resonanz.reach import queries
from resonanz.reach.models import NONE, ORGANIZATION, Dimension, Source
from resonanz.reach.periods import Period
from resonanz.reach.privacy import Visibility
from resonanz.reach.queries import Point

D = Dimension


@dataclass(frozen=True)
class Row:
    label: str
    clicks: int
    visitors: int
    bot_hits: int
    hidden: bool
    key: str = ""
    # ``None`` in tables that do not count shares (the kinds of account).
    shares: int | None = None
    shares_with_followers: int | None = None
    estimated_reach: int | None = None
    shares_hidden: bool = False  # fewer people shared than the minimum group size: no share figures


@dataclass(frozen=True)
class Table:
    slug: str  # for the export's sheet and the API
    title: str
    rows: list[Row]
    with_shares: bool = False


@dataclass(frozen=True)
class Dashboard:
    period: Period
    total: Row
    series: list[queries.Point]
    tables: list[Table]
    min_group_size: int


def _ids(keys: Iterable[str]) -> list[int]:
    return [int(key) for key in keys if key.isdigit()]


def _none_label(dimension: str) -> str:
    """The label of the row of clicks without a campaign, topic or post (``reach.models.NONE``)."""
    if dimension == D.CAMPAIGN:
        return _("no campaign")
    if dimension == D.TOPIC:
        return _("no topic")
    if dimension == D.POST:
        return _("without a post")
    return _("other content")  # SAME_CONTENT: content not shared from both kinds of account


def _names(organization_id: int, dimension: str, keys: list[str]) -> dict[str, str]:
    """Readable labels of the keys of one dimension (ids looked up inside the organization only)."""
    if dimension in (D.CAMPAIGN, D.TOPIC, D.POST, D.SAME_CONTENT) and NONE in keys:
        named = _names(organization_id, dimension, [key for key in keys if key != NONE])
        return {**named, NONE: _none_label(dimension)}
    if dimension == D.CAMPAIGN:
        found = Campaign.objects.filter(organization_id=organization_id, pk__in=_ids(keys))
        return {str(pk): name for pk, name in found.values_list("pk", "name")}
    if dimension == D.TOPIC:
        found_topics = Topic.objects.filter(organization_id=organization_id, pk__in=_ids(keys))
        return {str(pk): name for pk, name in found_topics.values_list("pk", "name")}
    if dimension == D.POST:
        found_posts = Post.objects.filter(organization_id=organization_id, pk__in=_ids(keys))
        return {str(pk): title for pk, title in found_posts.values_list("pk", "title")}
    if dimension == D.PERSON:
        people = Membership.objects.filter(organization_id=organization_id, pk__in=_ids(keys))
        return {str(pk): name for pk, name in people.values_list("pk", "user__full_name")}
    if dimension == D.NETWORK:
        labels: dict[str, str | Promise] = dict(PostNetwork.choices)
        return {key: str(labels.get(key, key)) if key else _("no network") for key in keys}
    if dimension == D.UNIT:
        return {key: key or _("no unit") for key in keys}
    if dimension in (D.SOURCE, D.SAME_CONTENT):
        sources: dict[str, str | Promise] = dict(Source.choices)
        return {key: str(sources.get(key, key)) for key in keys}
    return {key: key for key in keys}


def _share_fields(found: ShareFigures | None, hidden: bool) -> dict[str, Any]:
    """A row's share figures: zero without shares, zero and hidden for too few people."""
    if found is None or hidden:
        return {"shares": 0, "shares_with_followers": 0, "estimated_reach": 0, "shares_hidden": hidden}
    return {
        "shares": found.shares,
        "shares_with_followers": found.counted,
        "estimated_reach": found.estimated_reach,
        "shares_hidden": False,
    }


def _share_hidden(found: ShareFigures, visibility: Visibility | None, dimension: str) -> bool:
    """A group's shares are hidden like its clicks; a person's are not a group (``only_keys``)."""
    return visibility is not None and dimension != D.PERSON and not visibility.group_shown(found.people)


def shares_of_period(
    organization_id: int, period: Period, *, campaign_id: int | None = None, membership_id: int | None = None
) -> QuerySet[Share]:
    """The shares of the period's UTC days (the days of the clicks)."""
    start = dt.datetime.combine(period.start, dt.time(0), tzinfo=dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    return share_figures.shares_in(
        organization_id, start, end, campaign_id=campaign_id, membership_id=membership_id
    )


def table(
    organization_id: int,
    dimension: str,
    title: str,
    period: Period,
    visibility: Visibility,
    *,
    scope: int = ORGANIZATION,
    only_keys: Iterable[str] | None = None,
    shares: QuerySet[Share] | None = None,
) -> Table:
    """The clicks by ``dimension``; with ``shares``, the shares by the same groups beside them (a group
    with shares and no clicks gets a row of its own, after the clicked ones)."""
    keys = None if only_keys is None else list(only_keys)
    figures = queries.breakdown(
        organization_id,
        dimension,
        period,
        min_group_size=visibility.min_group_size,
        scope=scope,
        only_keys=keys,
    )
    shared: dict[str, ShareFigures] = {}
    if shares is not None and (keys is None or keys):
        shared = {found.key: found for found in share_figures.breakdown(shares, dimension, only_keys=keys)}
    clicked = {figure.key for figure in figures}
    only_shared = [key for key in shared if key not in clicked]
    names = _names(organization_id, dimension, [figure.key for figure in figures] + only_shared)
    rows = [
        Row(
            names.get(figure.key, _("(deleted)")),
            figure.clicks,
            figure.visitors,
            figure.bot_hits,
            figure.hidden,
            figure.key,
        )
        for figure in figures
    ] + [Row(names.get(key, _("(deleted)")), 0, 0, 0, False, key) for key in only_shared]
    if shares is not None:
        rows = [
            dataclasses.replace(
                row,
                **_share_fields(
                    shared.get(row.key),
                    row.key in shared and _share_hidden(shared[row.key], visibility, dimension),
                ),
            )
            for row in rows
        ]
    return Table(dimension, title, rows, with_shares=shares is not None)


def _total(
    organization_id: int, period: Period, visibility: Visibility, scope: int, shares: QuerySet[Share]
) -> Row:
    figures = queries.total(organization_id, period, min_group_size=visibility.min_group_size, scope=scope)
    found = share_figures.total(shares)
    return Row(
        _("Total"),
        figures.clicks,
        figures.visitors,
        figures.bot_hits,
        figures.hidden,
        **_share_fields(found, _share_hidden(found, visibility, D.TOTAL)),
    )


def _with_shares_per_day(
    points: list[queries.Point], shares: QuerySet[Share], visibility: Visibility | None
) -> list[queries.Point]:
    per_day = {found.key: found for found in share_figures.breakdown(shares, share_figures.DAY)}
    return [
        dataclasses.replace(
            point,
            **_share_fields(
                per_day.get(point.day.isoformat()),
                point.day.isoformat() in per_day
                and _share_hidden(per_day[point.day.isoformat()], visibility, D.TOTAL),
            ),
        )
        for point in points
    ]


def organization_dashboard(organization_id: int, period: Period, visibility: Visibility) -> Dashboard:
    """The organization's reach: over time, by campaign, topic, network, unit and kind of account."""
    k = visibility.min_group_size
    shares = shares_of_period(organization_id, period)
    tables = [
        table(organization_id, D.CAMPAIGN, _("By campaign"), period, visibility, shares=shares),
        table(organization_id, D.TOPIC, _("By topic"), period, visibility, shares=shares),
        table(organization_id, D.NETWORK, _("By network"), period, visibility, shares=shares),
        table(organization_id, D.UNIT, _("By unit"), period, visibility, shares=shares),
        table(organization_id, D.SOURCE, _("Employee and corporate accounts"), period, visibility),
        table(
            organization_id,
            D.SAME_CONTENT,
            _("Employee and corporate accounts, same content"),
            period,
            visibility,
        ),
    ]
    if visibility.person_ids:
        people = [str(pk) for pk in sorted(visibility.person_ids)]
        tables.append(
            table(
                organization_id,
                D.PERSON,
                _("By person (with consent)"),
                period,
                visibility,
                only_keys=people,
                shares=shares,
            )
        )
    return Dashboard(
        period,
        _total(organization_id, period, visibility, ORGANIZATION, shares),
        _with_shares_per_day(queries.series(organization_id, period, min_group_size=k), shares, visibility),
        tables,
        k,
    )


def _all_hidden(dashboard: Dashboard) -> Dashboard:
    """The dashboard with every figure hidden (its labels stay)."""
    hidden = [Point(point.day, 0, 0, 0, True) for point in dashboard.series]
    tables = [
        Table(
            table.slug,
            table.title,
            [Row(row.label, 0, 0, 0, True, row.key, shares_hidden=table.with_shares) for row in table.rows],
            table.with_shares,
        )
        for table in dashboard.tables
    ]
    total = Row(dashboard.total.label, 0, 0, 0, True, dashboard.total.key, shares_hidden=True)
    return Dashboard(dashboard.period, total, hidden, tables, dashboard.min_group_size)


def campaign_dashboard(campaign: Campaign, period: Period, visibility: Visibility) -> Dashboard:
    """One campaign's reach: over time, by post, network, unit and kind of account.

    A campaign whose row the organization's breakdown hides (too few people, or hidden so that a small
    campaign cannot be worked out by subtraction) shows no figures here either.
    """
    organization_id, scope = campaign.organization_id, campaign.pk
    shares = shares_of_period(organization_id, period, campaign_id=campaign.pk)
    tables = [
        table(organization_id, D.POST, _("By post"), period, visibility, scope=scope, shares=shares),
        table(organization_id, D.NETWORK, _("By network"), period, visibility, scope=scope, shares=shares),
        table(organization_id, D.UNIT, _("By unit"), period, visibility, scope=scope, shares=shares),
        table(
            organization_id, D.SOURCE, _("Employee and corporate accounts"), period, visibility, scope=scope
        ),
    ]
    series = queries.series(organization_id, period, min_group_size=visibility.min_group_size, scope=scope)
    dashboard = Dashboard(
        period,
        _total(organization_id, period, visibility, scope, shares),
        _with_shares_per_day(series, shares, visibility),
        tables,
        visibility.min_group_size,
    )
    if queries.campaign_hidden(
        organization_id, campaign.pk, period, min_group_size=visibility.min_group_size
    ):
        return _all_hidden(dashboard)
    return dashboard


def own_dashboard(member: Membership, period: Period) -> Dashboard:
    """A person's own figures: clicks on their own links and their own shares, by post and network.
    Always shown to them."""
    organization_id, key = member.organization_id, str(member.pk)
    shares = shares_of_period(organization_id, period, membership_id=member.pk)
    series = _with_shares_per_day(
        queries.series(organization_id, period, min_group_size=1, dimension=D.PERSON, key=key), shares, None
    )
    rows = (
        DailyClickRollup.objects.filter(
            organization_id=organization_id,
            link__membership=member,
            day__gte=period.start,
            day__lte=period.end,
        )
        .values("link__post_id", "link__network")
        .annotate(c=Sum("clicks"), v=Sum("unique_visitors"), b=Sum("bot_hits"))
        .order_by("-c")
        .values_list("link__post_id", "link__network", "c", "v", "b")[: queries.MAX_ROWS]
    )
    found = [(post, network, (clicks, visitors, bots)) for post, network, clicks, visitors, bots in rows]
    shared = {
        figures.key: figures for figures in share_figures.breakdown(shares, share_figures.POST_AND_NETWORK)
    }
    clicked = {f"{post} {network}" for post, network, _figures in found if post is not None}
    for both in shared:
        if both not in clicked:
            post_id, _space, network = both.partition(" ")
            found.append((int(post_id), network, (0, 0, 0)))
    titles = _names(organization_id, D.POST, [str(post) for post, *_rest in found if post is not None])
    networks = _names(organization_id, D.NETWORK, [network for _post, network, _figures in found])
    by_link = [
        Row(
            _("%(post)s on %(network)s")
            % {
                "post": titles.get(str(post), _("(deleted)")) if post is not None else _("without a post"),
                "network": networks[network],
            },
            clicks,
            visitors,
            bots,
            False,
            **_share_fields(shared.get(f"{post} {network}") if post is not None else None, False),
        )
        for post, network, (clicks, visitors, bots) in found
    ]
    total = Row(
        _("Total"),
        sum(point.clicks for point in series),
        sum(point.visitors for point in series),
        sum(point.bot_hits for point in series),
        False,
        **_share_fields(share_figures.total(shares), False),
    )
    own = Table("own_links", _("By post and network"), by_link, with_shares=True)
    return Dashboard(period, total, series, [own], 1)


def leaderboard(organization_id: int, period: Period, visibility: Visibility) -> Table | None:
    """The people who opted in, busiest first; None while the leaderboard is switched off."""
    if not visibility.leaderboard_on:
        return None
    people = [str(pk) for pk in sorted(visibility.leaderboard_ids)]
    return table(organization_id, D.PERSON, _("Leaderboard"), period, visibility, only_keys=people)
