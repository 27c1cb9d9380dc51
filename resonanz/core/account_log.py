"""A person's own account log: append an event, check the chain (``core.hashchain`` primitives).

Account-level events (signing in, failed sign-ins, lock-outs, password and two-factor changes, a new
name) belong to the person, not to the organizations they are a member of: an organization's audit
trail records only what the person did in that organization.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from resonanz.core.audit import request_id_var, to_json
from resonanz.core.hashchain import GENESIS, chain_hash
from resonanz.core.models import AccountEvent, User

SHOWN = 30


def _payload(event: AccountEvent) -> dict[str, Any]:
    return {
        "user": event.user_id,
        "seq": event.seq,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "action": event.action,
        "data": event.data,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }


def record(user: User, action: str, **data: Any) -> AccountEvent:
    """Append an event to the person's log (in its own transaction, or the caller's)."""
    with transaction.atomic():
        # Locking the user row serializes writers of one person's log.
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        last = AccountEvent.objects.filter(user_id=user.pk).order_by("-seq").only("seq", "hash").first()
        event = AccountEvent(
            user_id=user.pk,
            seq=(last.seq if last else 0) + 1,
            created_at=timezone.now(),
            action=action,
            data=json.loads(json.dumps(to_json(data))) if data else None,
            request_id=request_id_var.get(),
            prev_hash=last.hash if last else GENESIS,
        )
        event.hash = chain_hash(_payload(event))
        event.save()
    return event


def first_break(user: User) -> int | None:
    """The number of the first event that was altered, inserted or follows a removed one; None if intact."""
    expected_seq, expected_prev = 1, GENESIS
    for event in AccountEvent.objects.filter(user_id=user.pk).order_by("seq").iterator():
        if (
            event.seq != expected_seq
            or event.prev_hash != expected_prev
            or chain_hash(_payload(event)) != event.hash
        ):
            return event.seq
        expected_seq, expected_prev = expected_seq + 1, event.hash
    return None


def recent(user: User) -> list[AccountEvent]:
    return list(AccountEvent.objects.filter(user_id=user.pk).order_by("-seq")[:SHOWN])
