"""Reminders when approval is overdue: a job step that e-mails those who may decide on a post.

Reminders are chosen by state, not by date: every run looks at every post in review whose wait is
longer than its policy's ``overdue_after_hours`` and whose approvers were not reminded in the last
``REMIND_EVERY``. The post's ``reminded_at`` is the claim: a conditional UPDATE sets it, so two
workers (or a re-run) cannot both remind about the same post on the same day. When sending fails the
claim is given back for the next run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from resonanz.content.approval import MIN_OVERDUE_HOURS, is_overdue, policy_for, refusal_reason
from resonanz.content.models import Post, PostStatus
from resonanz.core import audit
from resonanz.core.guards import system_step
from resonanz.core.models import Membership
from resonanz.core.roles import CAPABILITIES, Capability

logger = logging.getLogger(__name__)
REMIND_EVERY = dt.timedelta(days=1)
MAX_POSTS_PER_RUN = 500
MAX_RECIPIENTS = 200

_APPROVING_ROLES = [
    role.value for role, granted in CAPABILITIES.items() if Capability.APPROVE_POSTS in granted
]


def _candidates(now: dt.datetime) -> list[Post]:
    # Only posts that waited at least the shortest possible policy; is_overdue decides exactly.
    return list(
        Post.objects.filter(
            status=PostStatus.IN_REVIEW, updated_at__lte=now - dt.timedelta(hours=MIN_OVERDUE_HOURS)
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))
        .select_related("organization")
        .order_by("updated_at", "pk")[:MAX_POSTS_PER_RUN]
    )


def _approvers_to_remind(post: Post) -> list[Membership]:
    """Active members who may decide on ``post`` now (never its author, nobody who approved it)."""
    members = (
        Membership.objects.filter(
            organization_id=post.organization_id, is_active=True, role_assignments__role__in=_APPROVING_ROLES
        )
        .exclude(pk=post.author_id)
        .select_related("user", "organization")
        .distinct()
        .order_by("pk")[:MAX_RECIPIENTS]
    )
    return [member for member in members if refusal_reason(member, post) is None]


def _claim(post: Post, now: dt.datetime) -> bool:
    claimed = Post.objects.filter(pk=post.pk, status=PostStatus.IN_REVIEW, reminded_at=post.reminded_at)
    return claimed.update(reminded_at=now) == 1


def _link(post: Post) -> str:
    try:
        path = reverse("approval:approval_awaiting", kwargs={"org": post.organization.slug})
    except NoReverseMatch:
        path = f"/o/{post.organization.slug}/"
    return settings.SITE_URL + path


def _send(post: Post, member: Membership, hours: int) -> None:
    user = member.user
    context = {
        "post": post,
        "name": user.full_name or user.email,
        "hours": hours,
        "link": _link(post),
        "organization": post.organization,
    }
    with translation.override(user.language or post.organization.default_language):
        subject = render_to_string("content/email/approval_reminder_subject.txt", context).strip()
        body = render_to_string("content/email/approval_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@system_step
def remind_approvers(post: Post, now: dt.datetime) -> int:
    """Remind the approvers of one overdue post, unless that happened in the last day; how many were
    e-mailed."""
    policy = policy_for(post)
    if not is_overdue(post, now, policy):
        return 0
    recipients = _approvers_to_remind(post)
    if not recipients:
        return 0
    previous = post.reminded_at
    with transaction.atomic():
        if not _claim(post, now):
            return 0  # another worker was quicker, or the post left review
        audit.record(
            post.organization,
            None,
            "content.approval_reminder_sent",
            post,
            after={
                "revision": post.revision,
                "recipients": len(recipients),
                "overdue_after_hours": policy.overdue_after_hours,
            },
        )
    try:
        for member in recipients:
            _send(post, member, policy.overdue_after_hours)
    except Exception:
        logger.exception("approval reminder for post %s could not be sent; it will be retried", post.pk)
        Post.objects.filter(pk=post.pk, reminded_at=now).update(reminded_at=previous)
        return 0
    post.reminded_at = now
    return len(recipients)


@system_step
def send_approval_reminders(now: dt.datetime | None = None) -> int:
    """Remind about every overdue post in one pass; returns how many e-mails went out."""
    now = now or timezone.now()
    return sum(remind_approvers(post, now) for post in _candidates(now))
