"""The start page card: the member's next event and the policies waiting for their acknowledgement."""

from __future__ import annotations

from django.utils import timezone

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.start_cards import StartCard
from resonanz.events.access import pending_policies
from resonanz.events.models import ACTIVE_STATUSES, Registration

PENDING_SHOWN = 5


def events_card(member: Membership) -> StartCard | None:
    if not member.can(Capability.TAKE_PART):
        return None
    upcoming = (
        Registration.objects.filter(
            membership=member,
            status__in=ACTIVE_STATUSES,
            event__cancelled_at__isnull=True,
            event__ends_at__gt=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")
        .first()
    )
    pending = list(pending_policies(member).order_by("kind", "title")[:PENDING_SHOWN])
    context = {"next": upcoming, "pending": pending, "slug": member.organization.slug}
    return StartCard("events/_start_card.html", context)
