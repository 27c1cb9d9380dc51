"""Mentions per hour and their negative share, counted from the stored mentions (indexed by organization
and time) over a bounded window, in the organization's time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from resonanz.core.models import Organization
from resonanz.monitoring.models import Mention, Tone

DAYS = 7


@dataclass(frozen=True)
class HourFigure:
    start: dt.datetime  # local start of the hour
    mentions: int
    negative: int

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.mentions if self.mentions else None

    @property
    def negative_percent(self) -> int:
        return round(100 * self.negative / self.mentions) if self.mentions else 0


def hourly_figures(
    organization: Organization, now: dt.datetime | None = None, days: int = DAYS
) -> list[HourFigure]:
    """Every hour of the last ``days`` days up to the running one, empty hours included."""
    zone = organization.zone
    end = (now or timezone.now()).astimezone(zone).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=days) + dt.timedelta(hours=1)
    rows = (
        Mention.objects.filter(
            organization=organization, posted_at__gte=start, posted_at__lt=end + dt.timedelta(hours=1)
        )
        .annotate(hour=TruncHour("posted_at", tzinfo=zone))
        .values("hour")
        .annotate(mentions=Count("pk"), negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)))
        .order_by("hour")
    )
    counted = {row["hour"].astimezone(dt.UTC): (row["mentions"], row["negative"]) for row in rows}
    figures = []
    moment = start.astimezone(dt.UTC)
    while moment <= end.astimezone(dt.UTC):
        mentions, negative = counted.get(moment, (0, 0))
        figures.append(HourFigure(moment.astimezone(zone), mentions, negative))
        moment += dt.timedelta(hours=1)
    return figures
