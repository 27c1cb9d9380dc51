"""Internal audits: independence of auditors, criteria required, the checklist frozen at the start,
completion only with every result, each finding an incident exactly once, nothing changed after the
report is issued, the database refusing what the actions refuse, and the management review's summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from resonanz.audits import actions
from resonanz.audits.models import Audit, AuditProgramme, AuditStatus, ChecklistItem
from resonanz.audits.summary import audit_summary, upcoming_audits
from resonanz.audits.tests.factories import YEAR, clauses, complete, plan, programme
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member
from resonanz.quality.models import Incident, Source
from resonanz.standards.models import Clause

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org: Organization) -> Membership:
    return make_member(org, [Role.QUALITY_OFFICER], full_name="Quirin Qualität")


@pytest.fixture
def auditor(org: Organization) -> Membership:
    return make_member(org, [Role.COMMUNICATIONS_MANAGER], full_name="Anna Auditorin")


@pytest.fixture
def auditee(org: Organization) -> Membership:
    return make_member(org, [Role.COMMUNICATIONS_MANAGER], full_name="Karl Kommunikation")


# ---------------------------------------------------------------- auditor independence (done-when test)


def test_an_auditor_who_is_among_the_audited_persons_is_refused(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    with pytest.raises(ActionRefused) as refused, translation.override("de"):
        plan(officer, auditor=auditee, auditee=auditee)

    assert refused.value.code == "not_independent" and refused.value.field == "lead_auditor"
    message = refused.value.messages[0]
    assert "Karl Kommunikation" in message and "eigene Arbeit" in message
    assert not Audit.objects.exists()


def test_a_co_auditor_auditing_their_own_work_is_refused_too(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    with pytest.raises(ActionRefused) as refused:
        plan(officer, auditor=auditor, auditee=auditee, co_auditors=[auditee])

    assert refused.value.field == "co_auditors"
    assert not Audit.objects.exists()


def test_independent_auditors_plan_an_audit_numbered_per_organization(
    officer: Membership, auditor: Membership, auditee: Membership, other_org: Organization
) -> None:
    first = plan(officer, auditor=auditor, auditee=auditee, co_auditors=[officer, auditor])
    second = plan(officer, auditor=officer, auditee=auditee)
    stranger = make_member(other_org, [Role.QUALITY_OFFICER])
    foreign = make_member(other_org, [Role.AMBASSADOR])

    assert (first.number, second.number) == (1, 2)
    assert list(first.co_auditors.all()) == [officer]  # the lead is not also a co-auditor
    assert plan(stranger, auditor=stranger, auditee=foreign).number == 1
    assert AuditRecord.objects.filter(action="audits.planned").count() == 3


def test_independence_is_checked_again_when_the_audit_starts(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee)
    audit.auditees.add(auditor)  # changed behind the actions' back

    with pytest.raises(ActionRefused) as refused:
        actions.start_audit(officer, audit)

    assert refused.value.code == "not_independent"
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PLANNED and not audit.items.exists()


# ---------------------------------------------------------------- criteria


def test_an_audit_without_criteria_is_refused_with_a_clear_message(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    with pytest.raises(ActionRefused) as refused, translation.override("de"):
        plan(officer, auditor=auditor, auditee=auditee, criteria=[])

    assert refused.value.code == "no_criteria"
    assert refused.value.messages[0].startswith("Ein Audit ohne Kriterien")
    assert not Audit.objects.exists() and not AuditRecord.objects.filter(action="audits.planned").exists()


def test_an_audit_whose_criteria_went_missing_does_not_start(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee)
    audit.criteria.clear()

    with pytest.raises(ActionRefused) as refused:
        actions.start_audit(officer, audit)

    assert refused.value.code == "no_criteria"
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.PLANNED
    assert not ChecklistItem.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"scope": ""}, "scope"),
        ({"planned_on": dt.date(YEAR + 1, 1, 5)}, "planned_on"),
        ({"auditees": []}, "auditees"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_written(
    officer: Membership, auditor: Membership, auditee: Membership, changes: dict[str, Any], field: str
) -> None:
    programme(officer)
    with pytest.raises(ActionRefused) as refused:
        actions.plan_audit(
            officer,
            programme(officer),
            **{
                "title": "Audit",
                "scope": "Scope",
                "planned_on": dt.date(YEAR, 5, 1),
                "lead_auditor": auditor,
                "auditees": [auditee],
                "criteria": clauses(officer, "7.4"),
                **changes,
            },
        )

    assert refused.value.field == field
    assert not Audit.objects.exists()


def test_a_year_has_one_programme(officer: Membership) -> None:
    programme(officer)
    with pytest.raises(ActionRefused) as refused:
        actions.create_programme(officer, year=YEAR)
    with pytest.raises(ActionRefused):
        actions.create_programme(officer, year=9999)

    assert refused.value.field == "year"
    assert AuditProgramme.objects.count() == 1


# ---------------------------------------------------------------- the checklist


def test_starting_generates_a_checklist_that_later_library_edits_do_not_change(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee, criteria=clauses(officer, "8.6", "7.4"))
    started = actions.start_audit(officer, audit)
    clause = Clause.objects.get(standard__code="iso9001", number="7.4")
    original = clause.title_de
    Clause.objects.filter(pk=clause.pk).update(title_de="Umbenannt", number="7.4x")

    items = list(started.items.order_by("position"))
    assert [item.clause_number for item in items] == ["7.4", "8.6"]  # in the standard's order
    assert items[0].clause_title_de == original != "Umbenannt"
    assert started.status == AuditStatus.IN_PROGRESS and started.started_at is not None
    with pytest.raises(ActionRefused):
        actions.start_audit(officer, started)
    assert ChecklistItem.objects.count() == 2


def test_a_nonconformity_needs_a_description(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    started = actions.start_audit(officer, plan(officer, auditor=auditor, auditee=auditee))
    item = started.items.first()
    assert item is not None

    with pytest.raises(ActionRefused) as refused:
        actions.record_result(officer, item, result="major", note=" ")
    with pytest.raises(ActionRefused):
        actions.record_result(officer, item, result="perfect")

    assert refused.value.field == "note"
    item.refresh_from_db()
    assert item.result == "" and item.recorded_at is None


# ---------------------------------------------------------------- completion, findings, immutability


def test_completing_needs_a_result_on_every_item(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    started = actions.start_audit(officer, plan(officer, auditor=auditor, auditee=auditee))
    first = started.items.order_by("position").first()
    assert first is not None
    actions.record_result(officer, first, result="conform")

    with pytest.raises(ActionRefused) as refused, translation.override("de"):
        actions.complete_audit(officer, started)

    assert refused.value.code == "open_items" and "1 Checklistenpunkt" in refused.value.messages[0]
    assert Audit.objects.get(pk=started.pk).status == AuditStatus.IN_PROGRESS
    assert not Incident.objects.exists()


def test_each_finding_becomes_an_incident_exactly_once_with_its_grade(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee, criteria=clauses(officer, "7.4", "8.6", "9.1"))
    done = complete(officer, audit, {"7.4": "minor", "8.6": "major", "9.1": "observation"})

    incidents = {item.clause_number: item.incident for item in done.items.select_related("incident")}
    assert incidents["9.1"] is None
    minor, major = incidents["7.4"], incidents["8.6"]
    assert minor is not None and major is not None
    assert (minor.grade, major.grade) == ("minor", "major")
    assert (
        minor.source == Source.AUDIT_FINDING
        and minor.source_key == f"audits.finding:{done.items.get(clause_number='7.4').pk}"
    )
    assert "Freigabe fehlte" in minor.description
    assert Incident.objects.count() == 2
    # Asked again for the same finding, the quality app answers the incident it opened.
    again = actions._open_incident(done, done.items.get(clause_number="7.4"))
    assert again.pk == minor.pk and Incident.objects.count() == 2


def test_an_issued_audit_does_not_change_any_more(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    done = complete(officer, plan(officer, auditor=auditor, auditee=auditee), {"7.4": "minor"})
    item = done.items.get(clause_number="7.4")
    auditee.user.full_name = "Karl Neuname"
    auditee.user.save()

    with pytest.raises(ActionRefused) as refused:
        actions.record_result(officer, item, result="conform")
    with pytest.raises(ActionRefused):
        actions.complete_audit(officer, done)
    with pytest.raises(ActionRefused):
        actions.start_audit(officer, done)

    assert refused.value.code == "issued"
    item.refresh_from_db()
    assert item.result == "minor" and Incident.objects.count() == 1
    done.refresh_from_db()
    assert done.people == {"lead": "Anna Auditorin", "co": [], "auditees": ["Karl Kommunikation"]}
    assert done.completed_on is not None and done.summary == "Prozess insgesamt wirksam"


def test_the_evidence_is_copied_onto_the_items_when_the_report_is_issued(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    earlier = complete(officer, plan(officer, auditor=auditor, auditee=auditee))
    audit = plan(officer, auditor=auditor, auditee=auditee, criteria=clauses(officer, "9.2"))
    done = complete(officer, audit)

    evidence = done.items.get().evidence
    assert any(
        f"#{earlier.number}" in entry["label"] and entry["url"].endswith(f"/audits/{earlier.pk}/")
        for entry in evidence
    )


@pytest.mark.parametrize(
    "values",
    [
        {"number": 0},
        {"status": "closed"},
        {"status": "completed"},
        {"title": ""},
        {"planned_on": dt.date(1900, 1, 1)},
    ],
)
def test_the_database_refuses_what_the_actions_refuse(
    officer: Membership, auditor: Membership, auditee: Membership, values: dict[str, Any]
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee)

    with pytest.raises(IntegrityError), transaction.atomic():
        Audit.objects.filter(pk=audit.pk).update(**values)


def test_the_database_keeps_numbers_and_results_consistent(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    audit = plan(officer, auditor=auditor, auditee=auditee)
    started = actions.start_audit(officer, audit)
    item = started.items.first()
    assert item is not None

    with pytest.raises(IntegrityError), transaction.atomic():
        Audit.objects.filter(pk=audit.pk).update(
            number=plan(officer, auditor=auditor, auditee=auditee).number
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistItem.objects.filter(pk=item.pk).update(result="conform")  # a result needs its time
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistItem.objects.filter(pk=item.pk).update(result="sehr gut")


# ---------------------------------------------------------------- the management review's summary


def test_the_summary_lists_the_audits_of_the_period_with_their_results(
    officer: Membership, auditor: Membership, auditee: Membership, django_assert_max_num_queries: Any
) -> None:
    done = complete(
        officer,
        plan(officer, auditor=auditor, auditee=auditee, criteria=clauses(officer, "7.4", "8.6", "9.1")),
        {"7.4": "minor", "8.6": "major", "9.1": "observation"},
    )
    later = plan(officer, auditor=auditor, auditee=auditee, planned_on=dt.date(YEAR, 11, 2), title="Zweites")
    plan(officer, auditor=auditor, auditee=auditee, planned_on=dt.date(YEAR, 12, 20), title="Drittes")
    organization = officer.organization

    with django_assert_max_num_queries(2), translation.override("de"):
        found = audit_summary(organization, dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30))
    # By the day completed (today, before the year planned), else planned.
    assert [(item.number, item.items_total, item.nonconformities, item.observations) for item in found] == [
        (done.number, 3, 2, 1),
        (later.number, 0, 0, 0),
    ]
    summary = next(item for item in found if item.number == done.number)
    assert summary.incident_numbers == tuple(sorted(Incident.objects.values_list("number", flat=True)))
    assert summary.status == "abgeschlossen (Bericht erstellt)"
    upcoming = upcoming_audits(organization, dt.date(YEAR, 10, 1), days=40)
    assert [item.title for item in upcoming] == ["Zweites"]
    assert upcoming_audits(organization, dt.date(YEAR, 10, 1), days=-5) == []
    with pytest.raises(ActionRefused):
        audit_summary(organization, dt.date(2020, 1, 1), dt.date(YEAR, 1, 1))
