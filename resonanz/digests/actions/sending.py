"""Sending the digests: a job step per due subscription, chosen by state (``next_due_at`` passed).

The subscription's ``next_due_at`` is the claim: a conditional UPDATE moves it to the next digest time,
so two workers or a re-run cannot send the same digest twice; when sending fails, the claim is given
back for the next run. A digest lists what was offered for sharing after the previous one (or after the
frequency was chosen) and is still in the library; with nothing new, no e-mail goes out. A member who
left, or may no longer share, gets nothing. Each run looks at no more than ``MAX_PER_RUN`` digests, and a
digest names at most ``MAX_ITEMS`` posts.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from resonanz.advocacy.library_access import library_queryset
from resonanz.core.guards import system_step
from resonanz.core.roles import Capability
from resonanz.digests.models import DigestSubscription
from resonanz.digests.schedule import next_due

logger = logging.getLogger(__name__)
MAX_PER_RUN = 1000
MAX_ITEMS = 20


def _claim(subscription: DigestSubscription, now: dt.datetime) -> dt.datetime | None:
    """Move the due time on; the new due time, or None when another worker was quicker."""
    following = next_due(subscription.frequency, now, subscription.membership.organization.zone)
    claimed = DigestSubscription.objects.filter(
        pk=subscription.pk, frequency=subscription.frequency, next_due_at=subscription.next_due_at
    ).update(next_due_at=following, last_sent_at=now)
    return following if claimed == 1 else None


@system_step
def send_digest(subscription: DigestSubscription, now: dt.datetime) -> bool:
    """Send one due digest; whether an e-mail went out."""
    member = subscription.membership
    previous_due, previous_sent = subscription.next_due_at, subscription.last_sent_at
    since = previous_sent or subscription.changed_at
    allowed = member.is_active and member.can(Capability.SHARE_CONTENT)
    items = []
    if allowed:
        offered = library_queryset(member).filter(offered_at__gt=since, offered_at__lte=now)
        items = list(offered.select_related("post").order_by("-offered_at", "-pk")[: MAX_ITEMS + 1])
    following = _claim(subscription, now)
    if following is None or not items:
        return False
    user, organization = member.user, member.organization
    library = settings.SITE_URL + reverse("advocacy:library", kwargs={"org": organization.slug})
    context = {
        "name": user.full_name or user.email,
        "organization": organization,
        "items": [
            (item, settings.SITE_URL + reverse("advocacy:item_detail", args=[organization.slug, item.pk]))
            for item in items[:MAX_ITEMS]
        ],
        "more": len(items) > MAX_ITEMS,
        "count": min(len(items), MAX_ITEMS),
        "library": library,
        "settings_link": settings.SITE_URL + reverse("digests:settings", kwargs={"org": organization.slug}),
    }
    try:
        with translation.override(user.language or organization.default_language):
            subject = render_to_string("digests/email/digest_subject.txt", context).strip()
            body = render_to_string("digests/email/digest.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("the digest of membership %s could not be sent; it will be retried", member.pk)
        DigestSubscription.objects.filter(pk=subscription.pk, next_due_at=following, last_sent_at=now).update(
            next_due_at=previous_due, last_sent_at=previous_sent
        )
        return False
    return True


@system_step
def send_due_digests(now: dt.datetime | None = None) -> int:
    """Send every due digest (up to ``MAX_PER_RUN``); how many e-mails went out."""
    now = now or timezone.now()
    due = (
        DigestSubscription.objects.filter(next_due_at__lte=now)
        .select_related("membership__user", "membership__organization")
        .order_by("next_due_at", "pk")[:MAX_PER_RUN]
    )
    return sum(send_digest(subscription, now) for subscription in due)
