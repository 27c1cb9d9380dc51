"""Choosing how often to get an e-mail of newly offered posts: a named, guarded, audited action."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.digests.models import DigestSubscription, Frequency
from resonanz.digests.schedule import next_due

FIELDS = ("frequency", "next_due_at")


@action(Capability.SHARE_CONTENT)
def choose_digest_frequency(member: Membership, frequency: Any) -> DigestSubscription:
    """Get a digest daily, weekly or not at all; the next one covers what is offered from now on."""
    if frequency not in Frequency.values:
        raise ActionRefused(_("Choose daily, weekly or no e-mails."), field="frequency")
    now = timezone.now()
    with transaction.atomic():
        subscription, created = DigestSubscription.objects.select_for_update().get_or_create(
            membership=member, defaults={"changed_at": now}
        )
        before = {} if created else audit.snapshot(subscription, FIELDS)
        if not created and subscription.frequency == frequency:
            return subscription
        subscription.frequency = frequency
        subscription.next_due_at = next_due(frequency, now, member.organization.zone)
        subscription.changed_at = now
        subscription.save()
        audit.record(
            member.organization,
            member,
            "digests.frequency_chosen",
            subscription,
            before=before,
            after=audit.snapshot(subscription, FIELDS),
        )
    return subscription
