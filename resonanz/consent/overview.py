"""A person's consents, purpose by purpose: what the "My consents" page and the API show."""

from __future__ import annotations

from typing import Any

from resonanz.consent.models import Consent, ConsentPurpose
from resonanz.consent.switches import switches_for
from resonanz.consent.texts import current_text
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership

HISTORY_SHOWN = 10


def consent_rows(member: Membership) -> list[dict[str, Any]]:
    """Per purpose: its current text, the active consent if any, and the latest earlier ones."""
    switches = switches_for(member.organization_id)
    switched_on = {
        ConsentPurpose.PERSON_ANALYTICS: switches.person_analytics,
        ConsentPurpose.LEADERBOARD: switches.leaderboard,
    }
    rows = []
    for purpose in ConsentPurpose:
        history = list(
            Consent.objects.filter(membership_id=member.pk, purpose=purpose)
            .select_related("text")
            .order_by("-given_at", "-pk")[:HISTORY_SHOWN]
        )
        active = next((consent for consent in history if consent.withdrawn_at is None), None)
        try:
            text = current_text(purpose)
        except ActionRefused:
            text = None
        rows.append(
            {
                "purpose": purpose,
                "text": text,
                "active": active,
                "history": [consent for consent in history if consent is not active],
                "switched_on": switched_on.get(purpose, True),
            }
        )
    return rows
