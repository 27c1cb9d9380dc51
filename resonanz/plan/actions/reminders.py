"""Review reminders: a job step that e-mails each plan's owner before and after its review is due.

Reminders are chosen by state, not by date: every run looks at every plan whose review is due within
``REMIND_DAYS_BEFORE`` days or overdue, and sends what is still missing for its current due date. A run
that was missed is caught up by the next one. The unique ``ReviewReminder`` row is the claim: two
workers (or a re-run) cannot both insert it, so nobody gets the same reminder twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from resonanz.core import audit
from resonanz.core.guards import system_step
from resonanz.plan.models import CommunicationPlan, ReminderKind, ReviewReminder
from resonanz.plan.reviews import REMIND_DAYS_BEFORE, reminder_kind

logger = logging.getLogger(__name__)
MAX_REMINDERS_PER_RUN = 1000


def _candidates(now: dt.datetime) -> list[CommunicationPlan]:
    # A day of slack covers every time zone; reminder_kind decides exactly, in the plan's zone.
    horizon = now.date() + dt.timedelta(days=REMIND_DAYS_BEFORE + 1)
    overdue_sent = ReviewReminder.objects.filter(
        plan=OuterRef("pk"), kind=ReminderKind.OVERDUE, due_date=OuterRef("next_review_due")
    )
    return list(
        CommunicationPlan.objects.filter(next_review_due__lte=horizon)
        .exclude(Exists(overdue_sent))
        .select_related("organization", "owner__user")
        .order_by("next_review_due", "pk")
    )


def _already_sent(plan: CommunicationPlan, kind: str, due: dt.date) -> bool:
    return ReviewReminder.objects.filter(plan=plan, kind=kind, due_date=due).exists()


@system_step
def remind(plan: CommunicationPlan, now: dt.datetime) -> bool:
    """Send the reminder the plan's state calls for, unless it went out already. True if one was sent."""
    kind = reminder_kind(plan, now)
    due = plan.next_review_due
    if kind is None or due is None or _already_sent(plan, kind, due):
        return False
    reminder = _claim(plan, kind, due)
    if reminder is None:
        return False  # another worker was quicker
    return _deliver(plan, reminder)


@system_step
def send_one_review_reminder(now: dt.datetime | None = None) -> bool:
    """The one-row step: send the first due reminder. False when there was nothing to send."""
    now = now or timezone.now()
    return any(remind(plan, now) for plan in _candidates(now))


@system_step
def send_review_reminders(now: dt.datetime | None = None) -> int:
    """Send every reminder that is due now, in one pass; returns how many were sent.

    A reminder whose e-mail fails is given back and tried again by the next run, not by this one.
    """
    now = now or timezone.now()
    return sum(remind(plan, now) for plan in _candidates(now)[:MAX_REMINDERS_PER_RUN])


def _claim(plan: CommunicationPlan, kind: str, due: dt.date) -> ReviewReminder | None:
    try:
        with transaction.atomic():
            return ReviewReminder.objects.create(
                plan=plan, kind=kind, due_date=due, recipient=plan.owner.user.email
            )
    except IntegrityError:
        return None


def _plan_link(plan: CommunicationPlan) -> str:
    try:
        path = reverse(
            "plan:plan_detail", kwargs={"org": plan.organization.slug, "communication_plan_id": plan.pk}
        )
    except NoReverseMatch:
        path = f"/o/{plan.organization.slug}/"
    return settings.SITE_URL + path


def _deliver(plan: CommunicationPlan, reminder: ReviewReminder) -> bool:
    """Send the e-mail in the owner's language. If sending fails, give the claim back for the next run."""
    user = plan.owner.user
    context = {
        "plan": plan,
        "owner_name": user.full_name or user.email,
        "kind": reminder.kind,
        "due_date": plan.next_review_due,
        "link": _plan_link(plan),
        "organization": plan.organization,
    }
    with translation.override(user.language):
        subject = render_to_string("plan/email/review_reminder_subject.txt", context).strip()
        body = render_to_string("plan/email/review_reminder.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.recipient])
    except Exception:
        logger.exception("review reminder for plan %s could not be sent; it will be retried", plan.pk)
        ReviewReminder.objects.filter(pk=reminder.pk).delete()
        return False
    with transaction.atomic():
        ReviewReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        audit.record(
            plan.organization,
            None,
            "plan.review_reminder_sent",
            plan,
            after={"kind": reminder.kind, "due_date": reminder.due_date, "recipient": reminder.recipient},
        )
    return True
