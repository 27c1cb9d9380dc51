"""``/api/v1/metrics``: the registered figures (``core.metrics``) of the caller's organization for a
period, for quality objectives and reports. Aggregates only: whoever sees aggregated figures may read
them (the works council too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema

from resonanz.api_auth import member_of
from resonanz.core import metrics
from resonanz.core.http import ApiRequest
from resonanz.core.period import period
from resonanz.core.roles import Capability

router = Router(tags=["metrics"])


class MetricsQuery(Schema):
    start: dt.date = Field(..., description="First day of the period (the organization's time zone)")
    end: dt.date = Field(..., description="Last day of the period, included; at most one year after start")


class MetricOut(Schema):
    key: str
    label: str
    description: str
    unit: str = Field(..., description="`count` or `percent`")
    value: Decimal | None = Field(
        ..., description="None when the period gives no basis (e.g. a rate of nothing)"
    )
    complete: bool = Field(..., description="False when a bounded count stopped before the end")


@router.get("", response=list[MetricOut], summary="Every metric of the organization for a period")
def list_metrics(request: ApiRequest, query: Query[MetricsQuery]) -> list[dict[str, Any]]:
    member = member_of(request, Capability.VIEW_AGGREGATES)
    asked = period(query.start, query.end)
    answers = []
    for metric in metrics.metrics():
        reading = metrics.read(metric, member.organization, asked)
        answers.append(
            {
                "key": metric.key,
                "label": str(metric.label),
                "description": str(metric.description),
                "unit": metric.unit.value,
                "value": reading.value,
                "complete": reading.complete,
            }
        )
    return answers
