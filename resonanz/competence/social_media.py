"""Who counts as trained for social media: the rule the share library's figures ask.

A person is trained for social media on a day when they hold, on that day, a valid certificate
(``competence.validity``) of every active competence that the organization's social-network channels
require (``ChannelRequirement``): the requirements the plan's competence gating checks a row's senders
against (``competence.gating``). An organization whose social-network channels require nothing has no
rule to measure by.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from resonanz.competence.models import Certificate, ChannelRequirement
from resonanz.competence.validity import is_valid
from resonanz.plan.models import ChannelKind


def required_for_social_media(organization_id: int) -> set[int]:
    """The ids of the active competences that any social-network channel of the organization requires."""
    return set(
        ChannelRequirement.objects.filter(
            organization_id=organization_id,
            channel__kind=ChannelKind.SOCIAL_NETWORK,
            competence__is_active=True,
        ).values_list("competence_id", flat=True)
    )


def trained_for_social_media(organization_id: int, days: dict[int, dt.date]) -> set[int] | None:
    """Of the people given (membership id → the day to check), those trained for social media on their
    day; ``None`` when the organization requires no competence for its social-network channels."""
    required = required_for_social_media(organization_id)
    if not required:
        return None
    if not days:
        return set()
    held: dict[int, set[int]] = defaultdict(set)
    for membership_id, competence_id, issued_on, expires_on in Certificate.objects.filter(
        organization_id=organization_id, membership_id__in=list(days), competence_id__in=required
    ).values_list("membership_id", "competence_id", "issued_on", "expires_on"):
        if is_valid(issued_on, expires_on, days[membership_id]):
            held[membership_id].add(competence_id)
    return {membership_id for membership_id in days if held[membership_id] >= required}
