"""Reminders: owners of overdue corrective actions and whoever checks effectiveness, once per due date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.quality import actions
from resonanz.quality.actions.reminders import send_quality_reminders
from resonanz.quality.models import DEFAULT_CHECK_WEEKS, QualityReminder
from resonanz.quality.tests.factories import add_action, make_analysed, make_officer

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def test_an_overdue_action_is_reminded_once_in_its_owners_language(org: Organization) -> None:
    with time_machine.travel(NOW, tick=False):
        officer = make_officer(org)
        owner = make_member(org, ["ambassador"], language="en")
        action = add_action(officer, make_analysed(officer), owner, days=3)
    assert send_quality_reminders(NOW + dt.timedelta(days=3)) == 0, "not overdue on its due date"
    later = NOW + dt.timedelta(days=4)
    assert send_quality_reminders(later) == 1
    assert send_quality_reminders(later + dt.timedelta(days=1)) == 0
    (sent,) = mail.outbox
    assert sent.to == [owner.user.email]
    assert "overdue" in sent.subject and action.title in sent.body
    assert AuditRecord.objects.filter(organization=org, action="quality.reminder_sent").count() == 1


def test_a_done_action_is_not_reminded(org: Organization) -> None:
    with time_machine.travel(NOW, tick=False):
        officer = make_officer(org)
        incident = make_analysed(officer)
        actions.complete_corrective_action(officer, add_action(officer, incident, days=1), note="Erledigt.")
    assert send_quality_reminders(NOW + dt.timedelta(days=5)) == 0
    assert mail.outbox == []


def test_a_due_effectiveness_check_is_reminded_to_the_responsible(org: Organization) -> None:
    with time_machine.travel(NOW, tick=False):
        officer = make_officer(org)
        incident = make_analysed(officer)
        actions.complete_corrective_action(officer, add_action(officer, incident), note="Erledigt.")
    before = NOW + dt.timedelta(weeks=DEFAULT_CHECK_WEEKS) - dt.timedelta(days=1)
    assert send_quality_reminders(before) == 0
    due = NOW + dt.timedelta(weeks=DEFAULT_CHECK_WEEKS)
    assert send_quality_reminders(due) == 1
    assert send_quality_reminders(due) == 0
    assert [message.to for message in mail.outbox] == [[officer.user.email]]
    assert QualityReminder.objects.get().key.startswith("check:")


def test_an_automatic_incident_reminds_the_quality_officers(org: Organization) -> None:
    officer = make_officer(org)
    incident = actions.open_incident_from(
        None, org, source="audit_finding", source_key="audit:1", title="Befund"
    )
    with time_machine.travel(NOW, tick=False):
        actions.record_containment(officer, incident, containment="Geprüft.")
        actions.record_cause_analysis(officer, incident, whys=["Fehlende Regel"], cause_category="method")
        actions.complete_corrective_action(officer, add_action(officer, incident), note="Regel erstellt.")
    assert send_quality_reminders(NOW + dt.timedelta(weeks=DEFAULT_CHECK_WEEKS)) == 1
    assert mail.outbox[0].to == [officer.user.email]
