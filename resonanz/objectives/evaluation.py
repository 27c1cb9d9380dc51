"""How an objective is doing: its current value, progress and status, and its trend — the rule in one place.

The current value comes from the metric registry (``core.metrics``) for the period from the start to
today (the deadline at the latest), or from the latest value recorded by hand. The status follows one
rule (``status_for``): a straight line from the baseline on the start date to the target on the
deadline is what is expected on each day; an objective more than ``TOLERANCE`` of the distance from
baseline to target behind that line is *at risk*. After the deadline it is *achieved* or *missed*; an
"at least" objective that reaches its target early is achieved at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import metrics
from resonanz.core.models import Organization
from resonanz.core.period import period
from resonanz.objectives.models import Direction, ManualEntry, Objective, ObjectiveStatus

TOLERANCE = Decimal("0.10")  # behind the expected line by more than 10 % of the way: at risk
MAX_POINTS = 27  # a trend has at most this many points, whatever the dates
MAX_AT_RISK_READ = 50  # objectives read for the start page (each may read a metric)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    NO_DATA = "no_data", _("no data yet")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    ACHIEVED = "achieved", _("achieved")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: Decimal | None
    expected: Decimal


@dataclass(frozen=True)
class Evaluation:
    objective: Objective
    value: Decimal | None
    expected: Decimal | None
    progress: Decimal | None  # percent of the way from baseline to target
    status: Status
    complete: bool = True  # False when a bounded metric count stopped early


def expected_on(objective: Objective, day: dt.date) -> Decimal:
    """The value the straight line from baseline (start) to target (deadline) expects on ``day``."""
    elapsed = min(max((day - objective.starts_on).days, 0), objective.days)
    share = Decimal(elapsed) / Decimal(objective.days)
    return objective.baseline + (objective.target - objective.baseline) * share


def progress_of(objective: Objective, value: Decimal) -> Decimal:
    """How far ``value`` has come from the baseline toward the target, in percent (may pass 100)."""
    way = objective.target - objective.baseline
    return (Decimal(100) * (value - objective.baseline) / way).quantize(Decimal("0.1"))


def meets(objective: Objective, value: Decimal) -> bool:
    if objective.direction == Direction.AT_LEAST:
        return value >= objective.target
    return value <= objective.target


def status_for(objective: Objective, value: Decimal | None, today: dt.date) -> Status:
    """The status of ``objective`` with ``value`` on ``today`` (see the module's docstring)."""
    if objective.status == ObjectiveStatus.CANCELLED:
        return Status.CANCELLED
    if today < objective.starts_on:
        return Status.NOT_STARTED
    if value is None:
        return Status.MISSED if today > objective.deadline else Status.NO_DATA
    if today > objective.deadline or objective.status == ObjectiveStatus.CLOSED:
        return Status.ACHIEVED if meets(objective, value) else Status.MISSED
    if objective.direction == Direction.AT_LEAST and meets(objective, value):
        return Status.ACHIEVED
    behind = expected_on(objective, today) - value
    if objective.direction == Direction.AT_MOST:
        behind = -behind
    tolerance = abs(objective.target - objective.baseline) * TOLERANCE
    return Status.AT_RISK if behind > tolerance else Status.ON_TRACK


def _today(objective: Objective) -> dt.date:
    return timezone.localdate(timezone.now(), objective.organization.zone)


def _metric_value(objective: Objective, last: dt.date) -> tuple[Decimal | None, bool]:
    metric = metrics.find(objective.metric_key)
    if metric is None:  # an app that registered it was removed: no basis for a value
        return None, True
    reading = metrics.read(metric, objective.organization, period(objective.starts_on, last))
    return reading.value, reading.complete


def current_value(objective: Objective, today: dt.date) -> tuple[Decimal | None, bool]:
    """The value on ``today`` (the deadline at the latest) and whether it counts everything."""
    if objective.status == ObjectiveStatus.CLOSED:
        return objective.final_value, True
    if today < objective.starts_on:
        return None, True
    last = min(today, objective.deadline)
    if objective.is_manual:
        entry = objective.entries.filter(day__lte=last).order_by("-day").first()
        return (entry.value if entry else None), True
    return _metric_value(objective, last)


def evaluate(objective: Objective, today: dt.date | None = None) -> Evaluation:
    today = today or _today(objective)
    value, complete = current_value(objective, today)
    started = today >= objective.starts_on
    return Evaluation(
        objective=objective,
        value=value,
        expected=expected_on(objective, today) if started else None,
        progress=progress_of(objective, value) if value is not None else None,
        status=status_for(objective, value, today),
        complete=complete,
    )


def point_days(objective: Objective, today: dt.date) -> list[dt.date]:
    """The days of the trend: weekly from the start when that gives few enough points, else monthly;
    up to today (the deadline at the latest), which is always the last point. Never more than
    ``MAX_POINTS``: an objective spans at most a year (53 weeks, 13 months)."""
    last = min(today, objective.deadline)
    if last < objective.starts_on:
        return []
    weekly = objective.days // 7 + 2 <= MAX_POINTS
    days: list[dt.date] = []
    step = 0
    day = objective.starts_on
    while day < last and len(days) < MAX_POINTS - 1:
        days.append(day)
        step += 1
        day = (
            objective.starts_on + dt.timedelta(weeks=step)
            if weekly
            else objective.starts_on + relativedelta(months=step)
        )
    days.append(last)
    return days


def trend(objective: Objective, today: dt.date | None = None) -> list[Point]:
    """The objective's value at each of ``point_days`` beside the expected line.

    A metric is read for the period from the start to each day (so a count accumulates); values recorded
    by hand are read once and each day takes the latest value on or before it.
    """
    today = today or _today(objective)
    days = point_days(objective, today)
    if objective.status == ObjectiveStatus.CLOSED and days:
        days = days[:-1]  # the final value stands for the last point
    points: list[Point] = []
    if objective.is_manual:
        entries = list(
            ManualEntry.objects.filter(
                objective=objective, day__lte=days[-1] if days else objective.starts_on
            )
            .order_by("day")
            .values_list("day", "value")[: objective.days + 1]
        )
        index, latest = 0, None
        for day in days:
            while index < len(entries) and entries[index][0] <= day:
                latest = entries[index][1]
                index += 1
            points.append(Point(day, latest, expected_on(objective, day)))
    else:
        for day in days:
            value, _complete = _metric_value(objective, day)
            points.append(Point(day, value, expected_on(objective, day)))
    if objective.status == ObjectiveStatus.CLOSED:
        end = min(today, objective.deadline)
        points.append(Point(end, objective.final_value, expected_on(objective, end)))
    return points


_WORST_FIRST = {Status.MISSED: 0, Status.AT_RISK: 1}


def objectives_at_risk(organization: Organization) -> list[Evaluation]:
    """Active objectives that are at risk or missed (deadline passed, not closed yet), worst first.

    Reads at most ``MAX_AT_RISK_READ`` objectives, those with the nearest deadlines.
    """
    active = (
        Objective.objects.filter(organization=organization, status=ObjectiveStatus.ACTIVE)
        .select_related("organization", "owner__user")
        .order_by("deadline", "pk")[:MAX_AT_RISK_READ]
    )
    found = [evaluation for evaluation in map(evaluate, active) if evaluation.status in _WORST_FIRST]
    return sorted(
        found, key=lambda evaluation: (_WORST_FIRST[evaluation.status], evaluation.objective.deadline)
    )
