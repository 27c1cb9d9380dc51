"""What the coaching pages and start cards show, read in a few bounded queries.

``coachees_overview``: a buddy's active pairs with the next session, what is due this week and the
latest score. ``my_coaching``: a coached colleague's pair, plan, next session, milestones, campaigns and
profile scores over time with the latest recommendations. ``pair_details``: one pair's plan for the
pages that show it (the buddy, the colleague, and managers with the colleague's consent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from resonanz.buddy import access
from resonanz.buddy.models import (
    CoachingOptIn,
    CoachingPlan,
    CoachingSession,
    Milestone,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
    TopicCampaign,
)
from resonanz.core.models import Membership

MAX_COACHEES_SHOWN = 100
MAX_ROWS = 200


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of ``today``'s week."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass
class CoacheeRow:
    pair: Pair
    next_session: CoachingSession | None
    due_milestones: list[Milestone]
    sessions_this_week: list[CoachingSession]
    latest_score: int | None


@dataclass
class CoacheesOverview:
    rows: list[CoacheeRow]
    week_start: dt.date
    week_end: dt.date

    @property
    def due_count(self) -> int:
        return sum(len(row.due_milestones) + len(row.sessions_this_week) for row in self.rows)


def coachees_overview(member: Membership) -> CoacheesOverview:
    today = timezone.localdate()
    monday, sunday = week_bounds(today)
    now = timezone.now()
    pairs = list(
        Pair.objects.filter(organization_id=member.organization_id, buddy=member, ended_at__isnull=True)
        .select_related("coachee__user")
        .order_by("coachee__user__full_name", "pk")[:MAX_COACHEES_SHOWN]
    )
    ids = [pair.pk for pair in pairs]
    sessions = list(
        CoachingSession.objects.filter(pair_id__in=ids, starts_at__gte=now - dt.timedelta(hours=2)).order_by(
            "starts_at"
        )[: MAX_ROWS * 2]
    )
    milestones = list(
        Milestone.objects.filter(pair_id__in=ids, done_on__isnull=True, due_on__lte=sunday).order_by(
            "due_on"
        )[:MAX_ROWS]
    )
    latest: dict[int, int] = {}
    for check in (
        ProfileCheck.objects.filter(pair_id__in=ids).order_by("checked_on", "pk").only("pair_id", "score")
    ):
        if check.pair_id is not None:
            latest[check.pair_id] = check.score
    rows = []
    week_end = timezone.make_aware(dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time()))
    for pair in pairs:
        own = [s for s in sessions if s.pair_id == pair.pk]
        rows.append(
            CoacheeRow(
                pair=pair,
                next_session=own[0] if own else None,
                due_milestones=[m for m in milestones if m.pair_id == pair.pk],
                sessions_this_week=[s for s in own if s.starts_at < week_end],
                latest_score=latest.get(pair.pk),
            )
        )
    return CoacheesOverview(rows, monday, sunday)


@dataclass
class ScorePoint:
    checked_on: dt.date
    network: str
    network_label: str
    score: int


@dataclass
class PairDetails:
    pair: Pair
    plan: CoachingPlan | None
    sessions: list[CoachingSession]
    next_session: CoachingSession | None
    milestones: list[Milestone]
    campaigns: list[TopicCampaign]
    checks: list[ProfileCheck]
    shows_notes: bool

    @property
    def scores(self) -> list[ScorePoint]:
        return [
            ScorePoint(check.checked_on, check.network, check.get_network_display(), check.score)
            for check in self.checks
        ]

    @property
    def latest_check(self) -> ProfileCheck | None:
        return self.checks[-1] if self.checks else None

    @property
    def first_score(self) -> int | None:
        return self.checks[0].score if self.checks else None


def pair_details(member: Membership, pair: Pair) -> PairDetails:
    """Everything in a pair's plan; the session notes only for the pair's buddy and colleague."""
    now = timezone.now()
    sessions = list(pair.sessions.order_by("starts_at", "pk")[:MAX_ROWS])
    upcoming = [session for session in sessions if session.starts_at >= now - dt.timedelta(hours=2)]
    return PairDetails(
        pair=pair,
        plan=CoachingPlan.objects.filter(pair=pair).first(),
        sessions=sessions,
        next_session=upcoming[0] if upcoming else None,
        milestones=list(pair.milestones.order_by("due_on", "pk")[:MAX_ROWS]),
        campaigns=list(pair.campaigns.select_related("topic").order_by("starts_on", "pk")[:MAX_ROWS]),
        checks=list(
            ProfileCheck.objects.filter(pair=pair)
            .select_related("checked_by__user")
            .order_by("checked_on", "pk")[:MAX_ROWS]
        ),
        shows_notes=access.is_party(member, pair),
    )


@dataclass
class MyCoaching:
    opt_in: CoachingOptIn | None
    pair: Pair | None
    details: PairDetails | None
    history: list[Pair] = field(default_factory=list)


def my_coaching(member: Membership, *, history: bool = True) -> MyCoaching:
    opt_in = access.active_opt_in(member)
    pair = (
        Pair.objects.filter(organization_id=member.organization_id, coachee=member, ended_at__isnull=True)
        .select_related("buddy__user", "opt_in")
        .first()
    )
    details = pair_details(member, pair) if pair is not None else None
    ended = []
    if history:
        ended = list(
            Pair.objects.filter(
                organization_id=member.organization_id, coachee=member, ended_at__isnull=False
            )
            .select_related("buddy__user")
            .order_by("-ended_at")[:10]
        )
    return MyCoaching(opt_in, pair, details, ended)


def criteria_by_network(member: Membership) -> dict[str, list[ProfileCheckCriterion]]:
    grouped: dict[str, list[ProfileCheckCriterion]] = {}
    for criterion in (
        access.criterion_queryset(member).filter(is_active=True).order_by("network", "position", "pk")
    ):
        grouped.setdefault(criterion.network, []).append(criterion)
    return grouped


def with_details(pairs: Any) -> Any:
    return pairs.prefetch_related(
        Prefetch("checks", queryset=ProfileCheck.objects.order_by("checked_on", "pk"))
    )
