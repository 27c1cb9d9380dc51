"""The quality officer's start card: plan health, open incidents, objectives at risk, expiring competences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resonanz.audits.tests.factories import plan as audit_plan
from resonanz.competence.tests.factories import LINKEDIN, certify, competence_named
from resonanz.core.models import Membership
from resonanz.core.tests.factories import make_member
from resonanz.objectives import actions as objective_actions
from resonanz.plan.models import CommunicationPlan
from resonanz.plan.reviews import local_today
from resonanz.plan.tests.page_helpers import Office, make_office
from resonanz.quality.models import IncidentAction
from resonanz.quality.start_card import quality_overview
from resonanz.quality.tests.factories import add_action, make_analysed

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(org: object) -> Office:
    from resonanz.core.models import Organization

    assert isinstance(org, Organization)
    return make_office(org, rows=1)


def _start_page(member: Membership) -> str:
    client = Client()
    client.force_login(member.user)
    response = client.get(f"/o/{member.organization.slug}/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return response.content.decode()


def _world(office: Office) -> None:
    """An overdue plan review, an incident with an overdue action, an objective at risk, certificates."""
    today = local_today(office.organization)
    CommunicationPlan.objects.filter(pk=office.plan.pk).update(next_review_due=today - dt.timedelta(days=3))
    incident = make_analysed(office.officer, title="Falsche Zahl im Beitrag")
    action = add_action(office.officer, incident)
    IncidentAction.objects.filter(pk=action.pk).update(due_date=today - dt.timedelta(days=2))
    at_risk = objective_actions.create_objective(
        office.officer,
        title="Mehr Klicks auf Stellenanzeigen",
        owner=office.officer,
        metric_key="",
        unit="Klicks",
        baseline=Decimal(0),
        target=Decimal(1000),
        direction="at_least",
        starts_on=today - dt.timedelta(days=50),
        deadline=today + dt.timedelta(days=50),
        evaluation_method="Monatliche Zählung",
        frequency="monthly",
    )
    objective_actions.record_entry(
        office.officer, at_risk, day=today - dt.timedelta(days=1), value=Decimal(10)
    )
    linkedin = competence_named(office.organization, LINKEDIN)
    certify(
        office.ambassador,
        linkedin,
        issued_on=today - dt.timedelta(days=300),
        expires_on=today + dt.timedelta(days=20),
    )
    renewed = make_member(office.organization, ["ambassador"], full_name="Rita Erneuert")
    certify(
        renewed, linkedin, issued_on=today - dt.timedelta(days=300), expires_on=today + dt.timedelta(days=10)
    )
    certify(
        renewed, linkedin, issued_on=today - dt.timedelta(days=1), expires_on=today + dt.timedelta(days=400)
    )
    audit_plan(
        office.officer,
        auditor=office.auditor,
        auditee=office.manager,
        title="Freigaben im Social Media",
        planned_on=today + dt.timedelta(days=30),
    )
    audit_plan(
        office.officer,
        auditor=office.auditor,
        auditee=office.manager,
        title="Weit in der Zukunft",
        planned_on=today + dt.timedelta(days=200),
    )


def test_the_quality_officer_sees_what_the_improvement_loop_asks_of_them(office: Office) -> None:
    _world(office)
    page = _start_page(office.officer)
    assert "Qualitätsmanagement" in page
    assert "Überprüfung überfällig" in page and "KP-01" in page
    assert "KP-01 in diesem Quartal" in page  # planned against executed dates
    assert "#1 Falsche Zahl im Beitrag" in page
    assert "Vertretungsregel für Freigaben festlegen" in page  # the overdue corrective action
    assert "Mehr Klicks auf Stellenanzeigen" in page  # behind its straight line: at risk
    assert "Anna Botschafterin" in page and "läuft am" in page
    assert "Rita Erneuert" not in page  # renewed by a certificate that lasts longer
    assert "„Freigaben im Social Media“" in page and "Weit in der Zukunft" not in page


def test_who_does_not_handle_incidents_gets_no_quality_card(office: Office) -> None:
    _world(office)
    for member in (office.manager, office.ambassador, office.auditor):
        assert quality_overview(member) is None
        assert "Falsche Zahl im Beitrag" not in _start_page(member)


def test_a_calm_organization_says_so_on_the_card(office: Office) -> None:
    page = _start_page(office.officer)
    assert "Keine Planüberprüfung ist fällig." in page
    assert "0 Vorfälle noch nicht abgeschlossen" in page
    assert "Kein Qualitätsziel ist gefährdet." in page
    assert "In den nächsten 60 Tagen läuft kein Zertifikat ab." in page
    assert "In den nächsten drei Monaten ist kein internes Audit geplant." in page


def test_the_card_reads_a_bounded_number_of_queries_however_many_records(office: Office) -> None:
    _world(office)
    with CaptureQueriesContext(connection) as few:
        quality_overview(office.officer)
    today = local_today(office.organization)
    linkedin = competence_named(office.organization, LINKEDIN)
    for number in range(12):
        incident = make_analysed(office.officer, title=f"Vorfall {number}")
        add_action(office.officer, incident)
        person = make_member(office.organization, ["ambassador"], full_name=f"Person {number}")
        certify(
            person,
            linkedin,
            issued_on=today - dt.timedelta(days=300),
            expires_on=today + dt.timedelta(days=5),
        )
    with CaptureQueriesContext(connection) as many:
        overview = quality_overview(office.officer)
    assert overview is not None and overview.incidents is not None and overview.certificates is not None
    assert overview.incidents.count == 13 and len(overview.incidents.items) == 5
    assert overview.certificates.count == 13
    assert len(many.captured_queries) <= len(few.captured_queries) + 3  # the counts beyond the first five
