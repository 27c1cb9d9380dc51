"""API of the digests app under /api/v1/digests: the caller's digest setting, read and changed through
``digests.actions``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Router, Schema

from resonanz.api_auth import member_of
from resonanz.api_input import InputSchema
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.digests.actions import choose_digest_frequency
from resonanz.digests.models import DigestSubscription, Frequency

router = Router(tags=["digests"])


class DigestOut(Schema):
    frequency: str
    next_due_at: dt.datetime | None
    last_sent_at: dt.datetime | None


class DigestIn(InputSchema):
    frequency: Literal["off", "daily", "weekly"]


def _digest(member: Membership) -> dict[str, Any]:
    subscription = DigestSubscription.objects.filter(membership=member).first()
    if subscription is None:
        return {"frequency": Frequency.OFF.value, "next_due_at": None, "last_sent_at": None}
    return {
        "frequency": subscription.frequency,
        "next_due_at": subscription.next_due_at,
        "last_sent_at": subscription.last_sent_at,
    }


@router.get("/me", response=DigestOut, summary="My e-mail digest of newly offered posts")
def get_digest(request: ApiRequest) -> dict[str, Any]:
    return _digest(member_of(request, Capability.SHARE_CONTENT))


@router.put("/me", response=DigestOut, summary="Choose daily, weekly or no digest")
def put_digest(request: ApiRequest, payload: DigestIn) -> dict[str, Any]:
    member = member_of(request, Capability.SHARE_CONTENT)
    choose_digest_frequency(member, payload.frequency)
    return _digest(member)
