"""Periodic review of the plan (clause 7.5: documented information is reviewed and kept suitable).

Which plans are due or overdue, in the organization's own day; the reminders are sent by
``actions/reminders.py``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from resonanz.core.models import Organization
from resonanz.plan.models import CommunicationPlan, ReminderKind

REMIND_DAYS_BEFORE = 14


def local_today(organization: Organization, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(organization.zone).date()


def overdue_plans(organization: Organization, now: dt.datetime | None = None) -> QuerySet[CommunicationPlan]:
    """Plans of the organization whose review date has passed (for every member's start page)."""
    return (
        CommunicationPlan.objects.filter(
            organization=organization, next_review_due__lt=local_today(organization, now)
        )
        .select_related("owner__user")
        .order_by("next_review_due", "identifier")
    )


def plans_due_soon(organization: Organization, now: dt.datetime | None = None) -> QuerySet[CommunicationPlan]:
    today = local_today(organization, now)
    return CommunicationPlan.objects.filter(
        organization=organization,
        next_review_due__gte=today,
        next_review_due__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).order_by("next_review_due", "identifier")


def reminder_kind(plan: CommunicationPlan, now: dt.datetime) -> ReminderKind | None:
    """Which reminder the plan's state calls for now; the overdue one replaces a missed early one."""
    if plan.next_review_due is None:
        return None
    today = local_today(plan.organization, now)
    if plan.next_review_due < today:
        return ReminderKind.OVERDUE
    if plan.next_review_due <= today + dt.timedelta(days=REMIND_DAYS_BEFORE):
        return ReminderKind.UPCOMING
    return None
