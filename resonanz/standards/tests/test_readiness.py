"""Readiness per clause from live evidence, filtered by what the member may read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resonanz.core.models import Membership, Organization
from resonanz.plan import actions as plan_actions
from resonanz.plan.tests.factories import make_plan, make_published_plan
from resonanz.standards.evidence import EvidenceItem, register_evidence, registered
from resonanz.standards.models import AdoptedStandard
from resonanz.standards.readiness import Readiness, clause_statuses
from resonanz.standards.tests.factories import adopt, clause_of


def _readiness(member: Membership, adopted: AdoptedStandard, numbers: list[str]) -> dict[str, Readiness]:
    return {
        s.clause.number: s.readiness for s in clause_statuses(member, adopted) if s.clause.number in numbers
    }


@pytest.fixture
def officer(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    return member_factory(org, ["quality_officer"])


def test_a_clause_without_evidence_is_a_gap_and_one_with_recent_evidence_is_evidenced(
    officer: Membership,
) -> None:
    adopted = adopt(officer)  # writes to the audit trail: 7.5.3 has evidence now

    found = _readiness(officer, adopted, ["7.5.3", "7.5", "7", "9.2"])

    assert found["7.5.3"] == Readiness.EVIDENCED
    assert found["7.5"] == Readiness.EVIDENCED, "a clause counts the evidence of its sub-clauses"
    assert found["7"] == Readiness.EVIDENCED
    assert found["9.2"] == Readiness.GAP


def test_evidence_older_than_twelve_months_only_is_stale(
    org: Organization, member_factory: Callable[..., Membership], officer: Membership
) -> None:
    adopted = adopt(officer)
    editor = member_factory(org, ["communications_manager"])
    with time_machine.travel(timezone.now() - dt.timedelta(days=400), tick=False):
        make_published_plan(org, editor, officer)

    assert _readiness(officer, adopted, ["7.4"])["7.4"] == Readiness.STALE

    make_published_plan(org, editor, officer, identifier="KP-02")
    assert _readiness(officer, adopted, ["7.4"])["7.4"] == Readiness.EVIDENCED


def test_a_member_sees_no_evidence_of_a_kind_they_may_not_read(
    org: Organization, member_factory: Callable[..., Membership], officer: Membership
) -> None:
    """GIVEN the quality officer adopted ISO 9001 (recorded in the audit trail) and approved, but did not
    publish, a plan version
    WHEN the communications manager (no audit trail) and the data-protection officer (published plan
    only) read the clauses
    THEN the audit trail counts for neither the manager's 7.5.3 nor the approved draft for the DPO's 7.5.2."""
    adopted = adopt(officer)
    editor = member_factory(org, ["communications_manager"])
    dpo = member_factory(org, ["data_protection_officer"])
    _plan, draft, _rows = make_plan(org, editor)
    plan_actions.submit_for_review(editor, draft)
    plan_actions.approve_version(officer, draft)

    def readiness(member: Membership, number: str) -> Readiness:
        return next(s.readiness for s in clause_statuses(member, adopted) if s.clause.number == number)

    assert readiness(officer, "7.5.3") == Readiness.EVIDENCED
    assert readiness(editor, "7.5.3") == Readiness.GAP
    assert readiness(officer, "7.5.2") == Readiness.EVIDENCED
    assert readiness(editor, "7.5.2") == Readiness.EVIDENCED
    assert readiness(dpo, "7.5.2") == Readiness.GAP
    assert readiness(dpo, "7.5.3") == Readiness.EVIDENCED


def test_a_provider_registered_in_one_line_counts_for_its_clauses(officer: Membership) -> None:
    adopted = adopt(officer)
    old = dt.date.today() - dt.timedelta(days=800)
    before = registered()
    try:
        register_evidence(
            "tests.old_audits", ["9.2.2"], lambda member: [EvidenceItem("Audit 2023", old, "", 1)]
        )
        found = {s.clause.number: s for s in clause_statuses(officer, adopted)}
    finally:
        from resonanz.standards import evidence

        evidence._REGISTRY.clear()
        evidence._REGISTRY.update(before)

    assert found["9.2.2"].readiness == Readiness.STALE
    assert found["9.2.2"].items[0].label == "Audit 2023"
    assert found["9.2"].readiness == Readiness.STALE
    assert found["9.2.1"].readiness == Readiness.GAP


def test_the_gap_list_names_the_clauses_without_evidence_and_no_others(
    officer: Membership, client_for: Callable[[Membership], Client]
) -> None:
    adopted = adopt(officer)

    page = client_for(officer).get(
        reverse("standards:standards_gaps", args=[officer.organization.slug, adopted.pk])
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "9.2.2 Auditprogramm" in body
    assert "7.5.3 Lenkung dokumentierter Information" not in body, "evidenced by the audit trail"
    assert clause_of(adopted, "9.2.2").clause.title_de in body


def test_the_clause_list_needs_a_bounded_number_of_queries_however_much_evidence(
    org: Organization,
    member_factory: Callable[..., Membership],
    officer: Membership,
    client_for: Callable[[Membership], Client],
    django_assert_max_num_queries: Any,
) -> None:
    adopted = adopt(officer)
    editor = member_factory(org, ["communications_manager"])
    for number in range(1, 4):
        make_published_plan(org, editor, officer, identifier=f"KP-{number:02}")
    client = client_for(officer)
    url = reverse("standards:standards_clauses", args=[org.slug, adopted.pk])
    client.get(url)  # sessions, caches

    with django_assert_max_num_queries(30):
        page = client.get(url)

    assert page.status_code == 200
    assert page.content.decode().count('class="badge') >= adopted.clauses.count()
