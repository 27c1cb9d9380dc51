"""The lock-out of sign-in addresses that have no account.

An address without an account is locked out exactly like an account would be: otherwise the lock-out
message itself would tell an attacker which addresses have accounts. Nothing is stored for such an
address but a counter and a lock under its hash in the cache. The counter is atomic on Redis
(``rate_limit.count``): failures sent in parallel are each counted once, and exactly one of them
sets the lock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from resonanz.core import rate_limit

# How long failures of an address are remembered after the last one.
MEMORY_SECONDS = 24 * 60 * 60


def _keys(email: str) -> tuple[str, str]:
    digest = rate_limit.address_digest(email)
    return f"login-unknown:{digest}:failures", f"{rate_limit.PREFIX}login-unknown:{digest}:locked-until"


def unknown_address_locked_until(email: str) -> dt.datetime | None:
    """The end of the address's lock-out, or None when it is not locked."""
    until = cache.get(_keys(email)[1])
    return until if isinstance(until, dt.datetime) and until > timezone.now() else None


def failures(email: str) -> int:
    return rate_limit.current(_keys(email)[0])


def count_unknown_address_failure(email: str) -> dt.datetime | None:
    """Count a failed sign-in for an address without an account; the end of the lock when it locked now.

    Every ``LOGIN_FAILURE_LIMIT``-th failure locks, as an account locks at the limit and counts afresh.
    """
    counter, lock = _keys(email)
    counted = rate_limit.count(counter, MEMORY_SECONDS, renew=True)
    if counted % settings.LOGIN_FAILURE_LIMIT:
        return None
    until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    cache.set(lock, until, settings.LOGIN_LOCKOUT_MINUTES * 60)
    return until
