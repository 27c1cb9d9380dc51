"""Expiry reminders: 30 days before, to the holder in their language and to the quality officers, once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from resonanz.competence.actions import reminders
from resonanz.competence.models import CertificateReminder
from resonanz.competence.tests.factories import PRIVACY, certify, competence_named, quality_officer
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member

TODAY = dt.date(2026, 12, 1)


@pytest.mark.django_db
def test_the_holder_and_the_quality_officer_are_reminded_once_in_their_languages(org: Organization) -> None:
    officer = quality_officer(org)
    holder = make_member(org, language="en")
    certify(holder, competence_named(org, PRIVACY), dt.date(2025, 1, 1), TODAY + dt.timedelta(days=30))
    mail.outbox.clear()
    assert reminders.send_expiry_reminders(TODAY) == 1
    assert reminders.send_expiry_reminders(TODAY) == 0
    assert reminders.send_expiry_reminders(TODAY + dt.timedelta(days=5)) == 0
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {holder.user.email, officer.user.email}
    assert "expires on" in by_recipient[holder.user.email].subject
    assert "your certificate" in by_recipient[holder.user.email].body
    assert "läuft am" in by_recipient[officer.user.email].subject
    assert holder.user.full_name in by_recipient[officer.user.email].body
    assert f"/competence/people/{holder.pk}/" in by_recipient[officer.user.email].body
    assert "/competence/" not in by_recipient[holder.user.email].body
    assert AuditRecord.objects.filter(organization=org, action="competence.expiry_reminder_sent").count() == 1


@pytest.mark.django_db
def test_only_certificates_within_30_days_and_not_renewed_are_reminded(org: Organization) -> None:
    privacy = competence_named(org, PRIVACY)
    later, expired, renewed = make_member(org), make_member(org), make_member(org)
    certify(later, privacy, dt.date(2025, 1, 1), TODAY + dt.timedelta(days=31))
    certify(expired, privacy, dt.date(2025, 1, 1), TODAY - dt.timedelta(days=1))
    certify(renewed, privacy, dt.date(2025, 1, 1), TODAY + dt.timedelta(days=10))
    certify(renewed, privacy, TODAY, TODAY + dt.timedelta(days=730))
    assert reminders.send_expiry_reminders(TODAY) == 0
    # A run missed for days is caught up: the first run after the 30-day mark sends it.
    assert reminders.send_expiry_reminders(TODAY + dt.timedelta(days=3)) == 1


@pytest.mark.django_db
def test_two_workers_that_both_found_the_certificate_send_it_once(org: Organization) -> None:
    """GIVEN two runs that both selected the same unreminded certificate
    WHEN both try to send
    THEN the unique claim lets only the first one through."""
    holder = make_member(org)
    certify(holder, competence_named(org, PRIVACY), dt.date(2025, 1, 1), TODAY + dt.timedelta(days=20))
    first_run, second_run = reminders._candidates(TODAY), reminders._candidates(TODAY)
    mail.outbox.clear()
    assert [reminders.remind_of_expiry(c) for c in first_run] == [True]
    assert [reminders.remind_of_expiry(c) for c in second_run] == [False]
    assert CertificateReminder.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == [holder.user.email]]) == 1


@pytest.mark.django_db
def test_a_failed_mail_gives_the_claim_back(org: Organization, monkeypatch: pytest.MonkeyPatch) -> None:
    holder = make_member(org)
    certify(holder, competence_named(org, PRIVACY), dt.date(2025, 1, 1), TODAY + dt.timedelta(days=20))

    def broken(*args: object, **kwargs: object) -> int:
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_expiry_reminders(TODAY) == 0
    assert not CertificateReminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_expiry_reminders(TODAY) == 1


def test_concurrent_runs_on_postgresql_send_once(committing_db: None, org: Organization) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    holder = make_member(org)
    certify(holder, competence_named(org, PRIVACY), dt.date(2025, 1, 1), TODAY + dt.timedelta(days=20))
    mail.outbox.clear()
    start = threading.Barrier(2, timeout=20)
    sent: list[int] = []

    def run() -> None:
        try:
            start.wait()
            sent.append(reminders.send_expiry_reminders(TODAY))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(sent) == [0, 1]
    assert CertificateReminder.objects.filter(certificate__membership=holder).count() == 1
    assert len([m for m in mail.outbox if m.to == [holder.user.email]]) == 1
