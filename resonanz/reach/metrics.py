"""The reach figure for quality objectives (``core.metrics``): clicks on tracked links in the period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.metrics import Metric, Reading, Unit, count, register
from resonanz.core.models import Organization
from resonanz.core.period import Period
from resonanz.reach import periods, queries


def clicks(organization: Organization, period: Period) -> Reading:
    """Human clicks (bots and link previews are not clicks) on the period's days, counted per UTC day as
    the reach dashboards count them; an aggregate of the whole organization, never hidden."""
    asked = periods.Period(period.first, period.last)
    return count(queries.total(organization.pk, asked, min_group_size=1).clicks)


def register_metrics() -> None:
    register(
        Metric(
            key="reach.clicks",
            label=_("Clicks on tracked links"),
            description=_(
                "Clicks on the organization's tracked links in the period (UTC days), without bots and "
                "link previews."
            ),
            unit=Unit.COUNT,
            reader=clicks,
        )
    )
