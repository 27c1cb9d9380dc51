"""The lock-out of sign-in addresses that have no account.

An address without an account is locked out exactly like an account would be: otherwise the lock-out
message itself would tell an attacker which addresses have accounts. Nothing is stored for such an
address but a counter and a lock under its hash in the cache.

The counter is counted with ``cache.add`` and ``cache.incr``, never read and written back: on Redis
``incr`` is one atomic command, so failures sent in parallel (by several web processes) are each
counted once and exactly one of them sets the lock. (Django's database cache, the fallback without
Redis, runs ``incr`` as a read and a write; a single machine without Redis accepts that.)
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KEY_PREFIX = "resonanz:login-unknown:"
# How long failures of an address are remembered after the last one.
MEMORY_SECONDS = 24 * 60 * 60


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    return KEY_PREFIX + digest + ":failures", KEY_PREFIX + digest + ":locked-until"


def unknown_address_locked_until(email: str) -> dt.datetime | None:
    """The end of the address's lock-out, or None when it is not locked."""
    until = cache.get(_keys(email)[1])
    return until if isinstance(until, dt.datetime) and until > timezone.now() else None


def _increment(key: str) -> int:
    for _attempt in range(3):
        cache.add(key, 0, MEMORY_SECONDS)
        try:
            return int(cache.incr(key))
        except ValueError:
            continue  # the counter expired between add and incr: start it again
    raise RuntimeError("the cache loses the sign-in failure counter")


def count_unknown_address_failure(email: str) -> dt.datetime | None:
    """Count a failed sign-in for an address without an account; the end of the lock when it locked now.

    Every ``LOGIN_FAILURE_LIMIT``-th failure locks, as an account locks at the limit and counts afresh.
    """
    counter, lock = _keys(email)
    count = _increment(counter)
    cache.touch(counter, MEMORY_SECONDS)
    if count % settings.LOGIN_FAILURE_LIMIT:
        return None
    until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    cache.set(lock, until, settings.LOGIN_LOCKOUT_MINUTES * 60)
    return until
