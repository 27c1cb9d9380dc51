"""The figures quality objectives can be measured by: one registry that every app adds its metrics to.

A metric reads one organization's figure for one period of whole local days (``core.period``) and
answers with a ``Reading``: the value, or none when the period gives no basis for it (a rate of zero
planned dates), and whether the value counts everything (a bounded count may stop early and says so).
Apps register their metrics in ``AppConfig.ready`` (``register``); objectives, the metrics page and the
API read them through ``metrics`` and ``read``, so a figure is defined once, where its data lives.

Metrics are aggregates of the organization: none of them names or singles out a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from resonanz.core.models import Organization
from resonanz.core.period import Period


class Unit(models.TextChoices):
    COUNT = "count", pgettext_lazy("unit of a metric", "number")
    PERCENT = "percent", pgettext_lazy("unit of a metric", "percent")


@dataclass(frozen=True)
class Reading:
    """A metric's value for one period; ``complete`` is False when a bounded count stopped early."""

    value: Decimal | None
    complete: bool = True


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    description: str | Promise
    unit: Unit
    reader: Callable[[Organization, Period], Reading]


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> None:
    """Add ``metric``; a key is given once (``app.name``), a second registration is a programming error."""
    existing = _REGISTRY.get(metric.key)
    if existing is not None and existing != metric:
        raise ValueError(f"the metric {metric.key!r} is registered already")
    _REGISTRY[metric.key] = metric


def metrics() -> list[Metric]:
    """Every registered metric, by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def find(key: str) -> Metric | None:
    return _REGISTRY.get(key)


def read(metric: Metric, organization: Organization, period: Period) -> Reading:
    return metric.reader(organization, period)


def count(value: int, *, complete: bool = True) -> Reading:
    return Reading(Decimal(value), complete)


def percent(part: int, whole: int, *, complete: bool = True) -> Reading:
    """``part`` of ``whole`` in percent with one decimal; no value when ``whole`` is zero."""
    if whole <= 0:
        return Reading(None, complete)
    value = (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Reading(value, complete)
