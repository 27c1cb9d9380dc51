"""The incident workflow: containment, cause analysis, corrective actions, the effectiveness check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any as Traveller

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.quality import actions, open_incident_from
from resonanz.quality.models import (
    DEFAULT_CHECK_WEEKS,
    CauseCategory,
    EffectivenessCheck,
    Incident,
    Result,
    Source,
    Status,
)
from resonanz.quality.tests.factories import add_action, make_analysed, make_officer

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def frozen() -> Iterator[Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_incidents_are_numbered_per_organization(org: Organization, other_org: Organization) -> None:
    officer, foreign = make_officer(org), make_officer(other_org)
    first = actions.open_incident(officer, title="Erster Vorfall")
    second = actions.open_incident(officer, title="Zweiter Vorfall")
    elsewhere = actions.open_incident(foreign, title="Anderswo")
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.status == Status.OPEN and first.owner == officer
    assert first.opened_by_name == officer.user.full_name


def test_full_round_closes_after_an_effective_check(org: Organization, frozen: Traveller) -> None:
    officer = make_officer(org)
    owner = make_member(org, ["ambassador"])
    incident = make_analysed(officer)
    assert incident.status == Status.ANALYSED and incident.cause_category == CauseCategory.MANAGEMENT
    first, second = add_action(officer, incident, owner), add_action(officer, incident)
    assert Incident.objects.get(pk=incident.pk).status == Status.ACTIONS
    actions.complete_corrective_action(owner, first, note="Regel steht im Handbuch.")
    assert not EffectivenessCheck.objects.filter(incident=incident).exists()
    frozen.shift(dt.timedelta(days=3))
    actions.complete_corrective_action(officer, second, note="Vertretung benannt.")
    check = EffectivenessCheck.objects.get(incident=incident)
    # Scheduled automatically, the default number of weeks after the last action was done.
    assert check.due_date == dt.date(2026, 3, 5) + dt.timedelta(weeks=DEFAULT_CHECK_WEEKS)
    assert Incident.objects.get(pk=incident.pk).status == Status.CHECKING
    frozen.shift(dt.timedelta(weeks=DEFAULT_CHECK_WEEKS))
    closed = actions.record_effectiveness(
        officer, incident, effective=True, note="Seitdem keine Wiederholung."
    )
    assert closed.status == Status.CLOSED and closed.closed_at is not None
    check.refresh_from_db()
    assert check.result == Result.EFFECTIVE and check.recorded_by_name == officer.user.full_name
    codes = set(AuditRecord.objects.filter(organization=org).values_list("action", flat=True))
    assert {
        "quality.incident_opened",
        "quality.effectiveness_check_scheduled",
        "quality.incident_closed",
    } <= codes


def test_not_effective_starts_a_new_round_of_analysis(org: Organization, frozen: Traveller) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    actions.complete_corrective_action(officer, add_action(officer, incident), note="Erledigt.")
    frozen.shift(dt.timedelta(weeks=DEFAULT_CHECK_WEEKS))
    reopened = actions.record_effectiveness(officer, incident, effective=False, note="Wieder passiert.")
    assert (reopened.status, reopened.round, reopened.whys) == (Status.CONTAINED, 2, [])
    assert reopened.containment  # the containment stays
    again = actions.record_cause_analysis(
        officer, reopened, whys=["Regel unbekannt"], cause_category="people"
    )
    action = add_action(officer, again)
    assert action.round == 2
    actions.complete_corrective_action(officer, action, note="Schulung gehalten.")
    assert EffectivenessCheck.objects.filter(incident=incident).count() == 2


def test_the_check_can_be_moved_to_another_number_of_weeks(org: Organization, frozen: Traveller) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    actions.complete_corrective_action(officer, add_action(officer, incident), note="Erledigt.")
    check = actions.schedule_effectiveness_check(officer, incident, weeks=10)
    assert check.due_date == NOW.date() + dt.timedelta(weeks=10)
    with pytest.raises(ActionRefused):
        actions.schedule_effectiveness_check(officer, incident, weeks=0)


def test_reopening_a_closed_incident(org: Organization, frozen: Traveller) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    actions.complete_corrective_action(officer, add_action(officer, incident), note="Erledigt.")
    frozen.shift(dt.timedelta(weeks=DEFAULT_CHECK_WEEKS))
    actions.record_effectiveness(officer, incident, effective=True)
    with pytest.raises(ActionRefused):
        actions.reopen_incident(officer, incident, reason="")
    reopened = actions.reopen_incident(officer, incident, reason="Gleicher Fehler im Mai.")
    assert (reopened.status, reopened.round, reopened.closed_at) == (Status.CONTAINED, 2, None)


def test_grading_and_the_checklist(org: Organization) -> None:
    officer = make_officer(org)
    incident = actions.open_incident(officer, title="Shitstorm", checklist=["Stellungnahme", "Presse", ""])
    assert [item["text"] for item in incident.checklist] == ["Stellungnahme", "Presse"]
    assert actions.grade_incident(officer, incident, grade="major").grade == "major"
    ticked = actions.tick_checklist_item(officer, incident, index=1, done=True)
    assert [item["done"] for item in ticked.checklist] == [False, True]
    with pytest.raises(ActionRefused):
        actions.tick_checklist_item(officer, incident, index=5, done=True)


def test_open_incident_from_is_idempotent_by_source_key(org: Organization) -> None:
    first = open_incident_from(
        org,
        source=Source.MONITORING_ALARM,
        source_key="monitoring.alarm:42",
        title="Ungewöhnlich viele negative Erwähnungen",
        checklist=["Lage bewerten", "Stellungnahme abstimmen"],
    )
    again = open_incident_from(
        org, source=Source.MONITORING_ALARM, source_key="monitoring.alarm:42", title="x"
    )
    assert first.pk == again.pk and again.title == "Ungewöhnlich viele negative Erwähnungen"
    assert Incident.objects.filter(organization=org).count() == 1
    assert first.opened_by is None and len(first.checklist) == 2


class TestRefusals:
    def test_closing_without_an_effectiveness_check_is_refused(self, org: Organization) -> None:
        officer = make_officer(org)
        incident = make_analysed(officer)
        add_action(officer, incident)
        with translation.override("en"), pytest.raises(ActionRefused, match="effectiveness check"):
            actions.record_effectiveness(officer, incident, effective=True)
        assert Incident.objects.get(pk=incident.pk).status == Status.ACTIONS

    def test_a_check_before_the_actions_are_done_is_refused(self, org: Organization) -> None:
        officer = make_officer(org)
        incident = make_analysed(officer)
        add_action(officer, incident)
        with pytest.raises(ActionRefused):
            actions.schedule_effectiveness_check(officer, incident, weeks=4)
        assert not EffectivenessCheck.objects.exists()

    def test_the_check_is_not_recorded_before_it_is_due(self, org: Organization, frozen: Traveller) -> None:
        officer = make_officer(org)
        incident = make_analysed(officer)
        actions.complete_corrective_action(officer, add_action(officer, incident), note="Erledigt.")
        with pytest.raises(ActionRefused):
            actions.record_effectiveness(officer, incident, effective=True)
        assert EffectivenessCheck.objects.get(incident=incident).result == ""

    def test_steps_out_of_order_are_refused(self, org: Organization) -> None:
        officer = make_officer(org)
        incident = actions.open_incident(officer, title="Vorfall")
        with pytest.raises(ActionRefused):
            actions.record_cause_analysis(officer, incident, whys=["a"], cause_category="people")
        actions.record_containment(officer, incident, containment="Gestoppt.")
        with pytest.raises(ActionRefused):
            add_action(officer, incident)
        with pytest.raises(ActionRefused):
            actions.record_cause_analysis(officer, incident, whys=["a", "", "c"], cause_category="people")
        with pytest.raises(ActionRefused):
            actions.record_cause_analysis(officer, incident, whys=list("abcdef"), cause_category="people")
        with pytest.raises(ActionRefused):
            actions.record_cause_analysis(officer, incident, whys=["a"], cause_category="weather")
        assert Incident.objects.get(pk=incident.pk).status == Status.CONTAINED

    def test_past_due_dates_and_empty_notes_are_refused(self, org: Organization) -> None:
        officer = make_officer(org)
        incident = make_analysed(officer)
        with pytest.raises(ActionRefused):
            add_action(officer, incident, days=-1)
        action = add_action(officer, incident)
        with pytest.raises(ActionRefused):
            actions.complete_corrective_action(officer, action, note="  ")
        with pytest.raises(ActionRefused):
            actions.add_corrective_action(
                officer, incident, title="x", owner=officer, due_date=dt.date(9999, 1, 1)
            )

    def test_only_the_owner_or_a_quality_manager_completes_an_action(self, org: Organization) -> None:
        officer = make_officer(org)
        owner, colleague = make_member(org, ["ambassador"]), make_member(org, ["ambassador"])
        action = add_action(officer, make_analysed(officer), owner)
        with pytest.raises(PermissionDenied):
            actions.complete_corrective_action(colleague, action, note="Nicht meins.")

    def test_communications_manager_opens_and_contains_but_does_not_analyse(self, org: Organization) -> None:
        manager = make_member(org, ["communications_manager"])
        incident = actions.open_incident(
            manager, title="Beschwerde auf LinkedIn", source=Source.SOCIAL_COMPLAINT
        )
        actions.record_containment(manager, incident, containment="Antwort gegeben.")
        with pytest.raises(PermissionDenied):
            actions.record_cause_analysis(manager, incident, whys=["a"], cause_category="people")

    def test_an_owner_from_another_organization_is_404(
        self, org: Organization, other_org: Organization
    ) -> None:
        officer = make_officer(org)
        stranger = make_member(other_org, ["ambassador"])
        incident = make_analysed(officer)
        with pytest.raises(Http404):
            actions.add_corrective_action(
                officer, incident, title="x", owner=stranger, due_date=dt.date.today() + dt.timedelta(days=3)
            )

    def test_a_manual_deviation_needs_its_kind(self, org: Organization) -> None:
        officer = make_officer(org)
        with pytest.raises(ActionRefused):
            actions.open_incident(officer, title="Abweichung", source=Source.PLAN_DEVIATION)
        with pytest.raises(ActionRefused):
            actions.open_incident(officer, title="Abweichung", deviation_kind="review_overdue")
        assert not Incident.objects.exists()
