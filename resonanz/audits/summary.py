# STUB — replaced by the audits app on merge
"""What the management review reads about internal audits (ISO 9001 9.3.2 c 6): the contract of the
audits app, answered empty until that app is merged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from resonanz.core.models import Organization


@dataclass(frozen=True)
class AuditSummary:
    number: int
    title: str
    planned_on: dt.date | None
    completed_on: dt.date | None
    status: str
    items_total: int
    nonconformities: int
    observations: int
    incident_numbers: tuple[int, ...]


def audit_summary(organization: Organization, start: dt.date, end: dt.date) -> list[AuditSummary]:
    return []


def upcoming_audits(organization: Organization, today: dt.date, days: int = 90) -> list[AuditSummary]:
    return []
