"""Test helpers of the audits app: an organization using ISO 9001, a planned audit, a completed one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resonanz.audits import actions
from resonanz.audits.models import Audit, AuditProgramme, ItemResult
from resonanz.core.models import Membership
from resonanz.standards import actions as standards_actions
from resonanz.standards.models import AdoptedClause, AdoptedStandard, Standard

YEAR = 2027


def adopt_iso(officer: Membership) -> AdoptedStandard:
    existing = AdoptedStandard.objects.filter(
        organization_id=officer.organization_id, standard__code="iso9001"
    ).first()
    if existing is not None:
        return existing
    standard = Standard.objects.get(code="iso9001", edition="2015")
    return standards_actions.adopt_standard(officer, standard.pk)


def clauses(officer: Membership, *numbers: str) -> list[AdoptedClause]:
    adopted = adopt_iso(officer)
    found = {
        row.clause.number: row
        for row in adopted.clauses.select_related("clause").filter(clause__number__in=numbers)
    }
    return [found[number] for number in numbers]


def programme(officer: Membership, year: int = YEAR) -> AuditProgramme:
    existing = AuditProgramme.objects.filter(organization_id=officer.organization_id, year=year).first()
    return existing or actions.create_programme(officer, year=year, objectives="Kommunikationsprozess prüfen")


def plan(officer: Membership, *, auditor: Membership, auditee: Membership, **changes: Any) -> Audit:
    values: dict[str, Any] = {
        "title": "Kommunikation nach außen",
        "scope": "Social-Media-Kanäle und Freigaben",
        "area": "Unternehmenskommunikation",
        "planned_on": dt.date(YEAR, 3, 10),
        "lead_auditor": auditor,
        "auditees": [auditee],
        "criteria": clauses(officer, "7.4", "8.6"),
    }
    values.update(changes)
    return actions.plan_audit(officer, programme(officer, values["planned_on"].year), **values)


def complete(officer: Membership, audit: Audit, results: dict[str, str] | None = None) -> Audit:
    """Start ``audit``, record a result per clause (conform unless named) and complete it."""
    started = actions.start_audit(officer, audit)
    for item in started.items.order_by("position"):
        result = (results or {}).get(item.clause_number, ItemResult.CONFORM)
        note = "Freigabe fehlte bei zwei Beiträgen" if result in ("minor", "major") else ""
        actions.record_result(officer, item, result=result, note=note)
    return actions.complete_audit(officer, started, summary="Prozess insgesamt wirksam")
