"""Incidents opened automatically for each kind of deviation from the plan, never twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from resonanz.competence import actions as competence_actions
from resonanz.competence.tests.factories import LINKEDIN, competence_named
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel, MissReason
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, make_office
from resonanz.publishing.tests.factories import make_account
from resonanz.publishing.tests.test_unplanned import publish
from resonanz.quality import actions
from resonanz.quality.actions.deviations import open_all_deviation_incidents, open_deviation_incidents
from resonanz.quality.models import DeviationKind, Incident, Source

pytestmark = pytest.mark.django_db
BERLIN = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _kinds(org: Organization) -> list[str]:
    return sorted(Incident.objects.filter(organization=org).values_list("deviation_kind", flat=True))


def test_a_post_published_without_a_plan_row_opens_an_incident(office: Office, frozen: Any) -> None:
    account = make_account(office.manager)
    publish(office, account, "Sommerfest im Werk")
    publish(office, account, "Tag der offenen Tür", planned=True)
    assert open_deviation_incidents(office.organization) == 1
    incident = Incident.objects.get(organization=office.organization)
    assert (incident.source, incident.deviation_kind) == (Source.PLAN_DEVIATION, DeviationKind.UNPLANNED_POST)
    assert "Sommerfest im Werk" in incident.title and incident.opened_by is None
    assert open_deviation_incidents(office.organization) == 0
    assert Incident.objects.count() == 1


def test_an_overdue_plan_review_opens_an_incident_once_per_due_date(office: Office) -> None:
    office.plan.refresh_from_db()
    due = office.plan.next_review_due
    assert due is not None
    later = dt.datetime.combine(due + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)
    assert open_deviation_incidents(office.organization, later) == 1
    kinds = _kinds(office.organization)
    assert kinds.count(DeviationKind.REVIEW_OVERDUE) == 1
    incident = Incident.objects.get(deviation_kind=DeviationKind.REVIEW_OVERDUE)
    assert office.plan.identifier in incident.title
    assert incident.source_key == f"plan.review_overdue:{office.plan.pk}:{due}"
    open_deviation_incidents(office.organization, later + dt.timedelta(days=1))
    assert _kinds(office.organization).count(DeviationKind.REVIEW_OVERDUE) == 1


def test_a_sender_without_the_required_competence_opens_an_incident(org: Organization) -> None:
    officer = make_member(org, ["quality_officer"])
    manager = make_member(org, ["communications_manager"])
    lacking = make_member(org, ["ambassador"], full_name="Lars Lücke")
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    competence_actions.require_for_channel(
        officer, channel=linkedin, competence=competence_named(org, LINKEDIN)
    )
    plan = plan_actions.create_plan(manager, identifier="KP-07", title="Plan")
    draft = plan.versions.get()
    plan_actions.add_row(
        manager, draft, **complete_row_values(org, manager, channels=[linkedin], senders=[lacking])
    )
    plan_actions.submit_for_review(manager, draft)
    plan_actions.approve_version(officer, draft)
    plan_actions.publish_version(officer, draft)
    opened = open_deviation_incidents(org)
    assert opened == 1
    incident = Incident.objects.get(organization=org)
    assert incident.deviation_kind == DeviationKind.SENDER_WITHOUT_COMPETENCE
    assert "Lars Lücke" in incident.title and "KP-07" in incident.description
    assert open_deviation_incidents(org) == 0


def test_a_missed_date_with_a_corrective_action_opens_a_linked_incident(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    corrective = plan_actions.create_corrective_action(office.manager, title="Vertretung für Urlaub regeln")
    reason = MissReason.objects.filter(organization=office.organization).first()
    assert reason is not None
    explanation = plan_actions.explain_missed_date(
        office.manager,
        row,
        planned_for=dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN),
        reason=reason,
        text="Urlaub",
        corrective_action=corrective,
    )
    # An explanation that asked for no corrective action opens nothing.
    plan_actions.explain_missed_date(
        office.manager, row, planned_for=dt.datetime(2026, 1, 20, 9, tzinfo=BERLIN), reason=reason
    )
    assert open_deviation_incidents(office.organization) == 1
    incident = Incident.objects.get(organization=office.organization)
    assert incident.deviation_kind == DeviationKind.MISSED_DATE
    assert incident.miss_explanation == explanation
    assert "Vertretung für Urlaub regeln" in incident.description
    assert open_deviation_incidents(office.organization) == 0


def test_running_the_job_twice_opens_nothing_twice(office: Office, frozen: Any) -> None:
    publish(office, make_account(office.manager), "Ohne Plan")
    later = NOW + relativedelta(months=13)
    first = open_all_deviation_incidents(NOW)
    with time_machine.travel(later, tick=False):
        second = open_all_deviation_incidents(later)
        third = open_all_deviation_incidents(later)
    assert (first, second, third) == (1, 1, 0)
    keys = list(Incident.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == 2


def test_an_incident_opened_twice_by_racing_workers_stays_one(org: Organization) -> None:
    """The unique source key decides: the second insert finds the first incident."""
    opened = actions.open_incident_from(
        None, org, source=Source.AUDIT_FINDING, source_key="audit:7:finding:1", title="Feststellung 1"
    )
    Incident.objects.filter(pk=opened.pk).update(title="Feststellung 1")
    again = actions.open_incident_from(
        None, org, source=Source.AUDIT_FINDING, source_key="audit:7:finding:1", title="Feststellung 1 (neu)"
    )
    assert again.pk == opened.pk and Incident.objects.count() == 1
