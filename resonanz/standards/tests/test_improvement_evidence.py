"""Incidents, objectives and risks are evidence for their clauses, for those who may read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone, translation

from resonanz.core.models import Membership, Organization
from resonanz.objectives import actions as objective_actions
from resonanz.quality.tests.factories import make_analysed
from resonanz.risks import actions as risk_actions
from resonanz.standards.readiness import Readiness, clause_statuses
from resonanz.standards.tests.factories import adopt

NUMBERS = ["6.1", "6.2", "10.2"]


def test_incidents_objectives_and_risks_evidence_their_clauses_for_who_may_read_them(
    org: Organization, member_factory: Callable[..., Membership]
) -> None:
    officer = member_factory(org, ["quality_officer"])
    adopted = adopt(officer)
    before = {s.clause.number: s.readiness for s in clause_statuses(officer, adopted)}
    assert [before[number] for number in NUMBERS] == [Readiness.GAP] * 3

    make_analysed(officer, title="Beitrag ohne Freigabe")
    today = timezone.localdate()
    objective_actions.create_objective(
        officer,
        title="Antwortzeit unter 4 Stunden",
        owner=officer,
        metric_key="",
        unit="Stunden",
        baseline=Decimal(8),
        target=Decimal(4),
        direction="at_most",
        starts_on=today,
        deadline=today + dt.timedelta(days=180),
        evaluation_method="Stichprobe der Antworten",
        frequency="monthly",
    )
    risk_actions.create_risk(
        officer,
        kind="risk",
        title="Shitstorm",
        likelihood=2,
        impact=4,
        owner=officer,
        review_interval_months=6,
    )
    risk_actions.create_risk(
        officer,
        kind="opportunity",
        title="Messe",
        likelihood=3,
        impact=3,
        owner=officer,
        review_interval_months=6,
    )

    with translation.override("en"):
        found = {s.clause.number: s for s in clause_statuses(officer, adopted)}
    assert [found[number].readiness for number in NUMBERS] == [Readiness.EVIDENCED] * 3
    assert "1 opened, 0 closed" in found["10.2"].items[0].label
    assert found["6.1"].items[0].label.startswith("Risks: 1 · opportunities: 1 · effectiveness reviews: 0")
    assert found["6.2"].items[0].count == 1

    ambassador = member_factory(org, ["ambassador"])
    theirs = {s.clause.number: s.readiness for s in clause_statuses(ambassador, adopted)}
    assert [theirs[number] for number in NUMBERS] == [Readiness.GAP] * 3
