"""The plan's figures for quality objectives (``core.metrics``): how much of what was planned ran.

Both count the dates of every published plan of the organization in the period with the execution
page's own rule (``execution.period_summary``), bounded like it: at most ``PLANS_COUNTED`` plans and
``MAX_OCCURRENCES`` dates each; beyond that the reading says it is incomplete.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from resonanz.core.metrics import Metric, Reading, Unit, count, percent, register
from resonanz.core.models import Organization
from resonanz.core.period import Period
from resonanz.plan.execution import Summary, period_summary
from resonanz.plan.models import CommunicationPlan, PlanVersion, VersionStatus

PLANS_COUNTED = 20


def _summaries(organization: Organization, period: Period) -> tuple[list[Summary], bool]:
    published = PlanVersion.objects.filter(status=VersionStatus.PUBLISHED)
    plans = list(
        CommunicationPlan.objects.filter(organization=organization)
        .order_by("pk")
        .prefetch_related(Prefetch("versions", queryset=published, to_attr="published"))[: PLANS_COUNTED + 1]
    )
    complete = len(plans) <= PLANS_COUNTED
    start, end = period.window(organization.zone)
    summaries = [
        period_summary(plan.published[0], start, end) for plan in plans[:PLANS_COUNTED] if plan.published
    ]
    return summaries, complete and all(summary.complete for summary in summaries)


def executed_rate(organization: Organization, period: Period) -> Reading:
    summaries, complete = _summaries(organization, period)
    executed = sum(summary.executed for summary in summaries)
    due = sum(summary.executed + summary.missed + summary.explained for summary in summaries)
    return percent(executed, due, complete=complete)


def missed_dates(organization: Organization, period: Period) -> Reading:
    summaries, complete = _summaries(organization, period)
    return count(sum(summary.missed for summary in summaries), complete=complete)


def register_metrics() -> None:
    register(
        Metric(
            key="plan.executed_rate",
            label=_("Planned communication carried out"),
            description=_("Share of the plan's dates due in the period for which evidence was recorded."),
            unit=Unit.PERCENT,
            reader=executed_rate,
        )
    )
    register(
        Metric(
            key="plan.missed_dates",
            label=_("Missed dates without explanation"),
            description=_(
                "Planned dates in the period that passed without evidence and without a recorded reason."
            ),
            unit=Unit.COUNT,
            reader=missed_dates,
        )
    )
