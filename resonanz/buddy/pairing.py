"""Starting and ending pairs: the steps the matching run and the manual overrides share.

These run inside the calling action's transaction, which writes the audit record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from resonanz.buddy.models import CoachingOptIn, CoachingPlan, Pair
from resonanz.core.models import Membership, Organization


def active_pairs_of_buddy(buddy: Membership) -> int:
    return Pair.objects.filter(buddy=buddy, ended_at__isnull=True).count()


def start_pair(
    organization: Organization,
    buddy: Membership,
    opt_in: CoachingOptIn,
    at: dt.datetime,
    *,
    goals: str = "",
    **values: Any,
) -> Pair:
    pair = Pair.objects.create(
        organization=organization,
        buddy=buddy,
        coachee_id=opt_in.membership_id,
        opt_in=opt_in,
        started_at=at,
        **values,
    )
    CoachingPlan.objects.create(pair=pair, goals=goals)
    return pair


def end_pair(pair: Pair, at: dt.datetime, reason: str) -> None:
    pair.ended_at = at
    pair.end_reason = reason
    pair.save(update_fields=["ended_at", "end_reason"])


def pair_summary(pair: Pair) -> dict[str, Any]:
    return {
        "buddy": pair.buddy_id,
        "coachee": pair.coachee_id,
        "is_manual": pair.is_manual,
        "over_capacity": pair.over_capacity,
        "ended_at": pair.ended_at.isoformat() if pair.ended_at else None,
    }
