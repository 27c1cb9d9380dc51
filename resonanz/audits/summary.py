"""What the management review reads about internal audits (ISO 9001 9.3.2 c 6): the audits of a period
with their results, and the audits coming up."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from resonanz.audits.models import NONCONFORMITIES, Audit, AuditStatus, ChecklistItem, ItemResult
from resonanz.core.dates import refuse_far_date
from resonanz.core.models import Organization
from resonanz.core.period import MAX_PERIOD_DAYS, period


@dataclass(frozen=True)
class AuditSummary:
    number: int
    title: str
    planned_on: dt.date | None
    completed_on: dt.date | None
    status: str  # translated status label
    items_total: int
    nonconformities: int  # minor + major
    observations: int
    incident_numbers: tuple[int, ...]


def _summaries(audits: QuerySet[Audit]) -> list[AuditSummary]:
    """The audits with their counts: two queries, whatever their number."""
    rows = list(
        audits.annotate(
            items_total=Count("items"),
            nonconformities=Count("items", filter=Q(items__result__in=NONCONFORMITIES)),
            observations=Count("items", filter=Q(items__result=ItemResult.OBSERVATION)),
        )
    )
    numbers: dict[int, list[int]] = defaultdict(list)
    found = (
        ChecklistItem.objects.filter(audit__in=[audit.pk for audit in rows], incident__isnull=False)
        .order_by("incident__number")
        .values_list("audit_id", "incident__number")
    )
    for audit_id, number in found:
        numbers[audit_id].append(number)
    return [
        AuditSummary(
            number=audit.number,
            title=audit.title,
            planned_on=audit.planned_on,
            completed_on=audit.completed_on,
            status=str(AuditStatus(audit.status).label),
            items_total=audit.items_total,
            nonconformities=audit.nonconformities,
            observations=audit.observations,
            incident_numbers=tuple(numbers[audit.pk]),
        )
        for audit in rows
    ]


def _day(summary: AuditSummary) -> tuple[dt.date, int]:
    return (summary.completed_on or summary.planned_on or dt.date.min, summary.number)


def audit_summary(organization: Organization, start: dt.date, end: dt.date) -> list[AuditSummary]:
    """The audits planned or completed from ``start`` to ``end`` (both included; at most a year,
    ``core.period``), by the day they were completed, else planned."""
    asked = period(start, end)
    window = (asked.first, asked.last)
    audits = Audit.objects.filter(organization=organization).filter(
        Q(planned_on__range=window) | Q(completed_on__range=window)
    )
    return sorted(_summaries(audits), key=_day)


def upcoming_audits(organization: Organization, today: dt.date, days: int = 90) -> list[AuditSummary]:
    """The audits planned from ``today`` to ``days`` later (at most a year) that are not completed."""
    refuse_far_date(today, "today")
    ahead = max(0, min(int(days), MAX_PERIOD_DAYS))
    audits = Audit.objects.filter(
        organization=organization, planned_on__range=(today, today + dt.timedelta(days=ahead))
    ).exclude(status=AuditStatus.COMPLETED)
    return sorted(_summaries(audits), key=lambda summary: (summary.planned_on or dt.date.min, summary.number))
