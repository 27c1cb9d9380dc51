"""A person's private calendar feed: create one, revoke it.

The token is shown once; only its hash is kept.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from resonanz.core import audit
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events.feed_tokens import token_hash
from resonanz.events.models import CalendarFeed


def _revoke_active(member: Membership) -> int:
    return CalendarFeed.objects.filter(membership=member, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@action(Capability.TAKE_PART)
def create_calendar_feed(member: Membership) -> tuple[CalendarFeed, str]:
    """A new feed for the member (a previous one stops working); returns the feed and its secret token."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Membership.objects.select_for_update().filter(pk=member.pk).first()
        revoked = _revoke_active(member)
        feed = CalendarFeed.objects.create(membership=member, token_hash=token_hash(token))
        audit.record(
            member.organization, member, "events.calendar_feed_created", feed, after={"replaced": revoked}
        )
    return feed, token


@action(Capability.TAKE_PART)
def revoke_calendar_feed(member: Membership) -> int:
    """Stop the member's feed; its URL answers 404 from now on."""
    with transaction.atomic():
        revoked = _revoke_active(member)
        if revoked:
            audit.record(
                member.organization,
                member,
                "events.calendar_feed_revoked",
                member,
                after={"revoked": revoked},
            )
    return revoked
