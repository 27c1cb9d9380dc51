"""Who has consented to what: the questions every feature asks before it processes data on consent.

Ask when acting, not only when setting up: a withdrawal takes effect with the next question. A consent
counts only while its person is an active member of the organization.
"""

from __future__ import annotations

from resonanz.consent.models import Consent, ConsentPurpose
from resonanz.core.models import Membership


def has_consent(membership: Membership, purpose: ConsentPurpose | str) -> bool:
    """Whether ``membership`` has an active consent to ``purpose`` (one indexed query)."""
    return Consent.objects.filter(
        membership_id=membership.pk,
        organization_id=membership.organization_id,
        purpose=purpose,
        withdrawn_at__isnull=True,
        membership__is_active=True,
    ).exists()


def consenting(organization_id: int, purpose: ConsentPurpose | str) -> set[int]:
    """The ids of the organization's memberships with an active consent to ``purpose`` (one query)."""
    return set(
        Consent.objects.filter(
            organization_id=organization_id,
            purpose=purpose,
            withdrawn_at__isnull=True,
            membership__is_active=True,
        ).values_list("membership_id", flat=True)
    )
