"""Review reminders: before and after the due date, caught up after missed runs, never twice."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.plan import actions
from resonanz.plan.actions.reminders import send_one_review_reminder, send_review_reminders
from resonanz.plan.models import CommunicationPlan, ReviewReminder
from resonanz.plan.reviews import overdue_plans
from resonanz.plan.tests.factories import make_plan_people, make_published_plan

PUBLISHED = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)


def publish_plan(org: Organization, interval: int = 12) -> tuple[CommunicationPlan, Membership]:
    editor, officer = make_plan_people(org)
    with time_machine.travel(PUBLISHED, tick=False):
        plan, _version = make_published_plan(org, editor, officer)
        if interval != 12:
            actions.update_plan(editor, plan, review_interval_months=interval)
    plan.refresh_from_db()
    return plan, editor


def test_the_next_review_is_one_interval_after_publication(org: Organization) -> None:
    plan, _editor = publish_plan(org, interval=6)
    assert plan.next_review_due == dt.date(2026, 7, 15)


def test_it_reminds_the_owner_two_weeks_ahead_in_their_language(org: Organization) -> None:
    _plan, editor = publish_plan(org)
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        assert send_review_reminders() == 0
    with time_machine.travel(dt.datetime(2027, 1, 2, 12, tzinfo=dt.UTC), tick=False):
        assert send_review_reminders() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.user.email]
    assert "KP-01" in message.subject
    assert "15.01.2027" in message.body  # German date: the owner's language is German
    assert f"/o/{org.slug}/" in message.body


def test_it_never_sends_the_same_reminder_twice(org: Organization) -> None:
    publish_plan(org)
    with time_machine.travel(dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        assert send_one_review_reminder() is True
        # A second worker, or the next hourly run, finds nothing left to do.
        assert send_one_review_reminder() is False
        assert send_review_reminders() == 0
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.count() == 1


def test_a_claim_taken_by_another_worker_is_skipped(org: Organization) -> None:
    plan, _editor = publish_plan(org)
    ReviewReminder.objects.create(
        plan=plan, kind="upcoming", due_date=dt.date(2027, 1, 15), recipient="x@y.z"
    )
    with time_machine.travel(dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        assert send_review_reminders() == 0
    assert mail.outbox == []


def test_missed_runs_are_caught_up_with_the_overdue_reminder(org: Organization) -> None:
    plan, _editor = publish_plan(org)
    # No worker ran for the whole fortnight before the due date; the first run afterwards still reminds.
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC), tick=False):
        assert send_review_reminders() == 1
        assert send_review_reminders() == 0
        assert list(overdue_plans(org)) == [plan]
    assert "overdue" in mail.outbox[0].subject or "überfällig" in mail.outbox[0].subject
    assert AuditRecord.objects.filter(organization=org, action="plan.review_reminder_sent").count() == 1


def test_both_reminders_go_out_once_each_around_the_due_date(org: Organization) -> None:
    publish_plan(org)
    for day in (dt.date(2027, 1, 3), dt.date(2027, 1, 10), dt.date(2027, 1, 16), dt.date(2027, 1, 30)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False):
            send_review_reminders()
    assert sorted(ReviewReminder.objects.values_list("kind", flat=True)) == ["overdue", "upcoming"]
    assert len(mail.outbox) == 2


def test_recording_a_review_moves_the_due_date_and_clears_overdue(org: Organization) -> None:
    plan, editor = publish_plan(org)
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC), tick=False):
        assert list(overdue_plans(org)) == [plan]
        actions.mark_plan_reviewed(editor, plan, "Passt weiterhin.")
        assert list(overdue_plans(org)) == []
    plan.refresh_from_db()
    assert plan.next_review_due == dt.date(2028, 2, 1)


def test_a_failed_send_is_retried_by_the_next_run(org: Organization, settings: object) -> None:
    publish_plan(org)
    settings.EMAIL_BACKEND = "resonanz.plan.tests.test_reviews.BrokenBackend"  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        assert send_review_reminders() == 0
        assert ReviewReminder.objects.count() == 0
        assert not AuditRecord.objects.filter(action="plan.review_reminder_sent").exists()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
        assert send_review_reminders() == 1
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("mail server down")
