"""The lock-out of addresses without an account: counted atomically, one lock per limit reached."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import close_old_connections

from resonanz.core import lockout


def nobody() -> str:
    # Unique per test: with Redis as the cache, an address's counter outlives the test.
    return f"niemand-{uuid.uuid4().hex[:10]}@example.org"


def test_every_limit_reached_locks_once(settings: object, db: None) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3  # type: ignore[attr-defined]
    address = nobody()

    locks = [lockout.count_unknown_address_failure(address) for _attempt in range(7)]

    assert [until is not None for until in locks] == [False, False, True, False, False, True, False]
    assert lockout.unknown_address_locked_until(address) == locks[5]
    assert lockout.unknown_address_locked_until(nobody()) is None


def test_the_address_is_counted_whatever_its_spelling(settings: object, db: None) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2  # type: ignore[attr-defined]
    address = nobody()

    lockout.count_unknown_address_failure(address)
    until = lockout.count_unknown_address_failure(" " + address.upper())

    assert until is not None and lockout.unknown_address_locked_until(address) == until


def test_nothing_but_a_hash_of_the_address_is_kept(settings: object, db: None) -> None:
    address = nobody()
    settings.LOGIN_FAILURE_LIMIT = 1  # type: ignore[attr-defined]

    lockout.count_unknown_address_failure(address)

    counter, lock = lockout._keys(address)
    assert address not in counter and address not in lock
    assert lockout.failures(address) == 1 and cache.get(lock) is not None


def _uses_redis(settings: object) -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_failures_sent_in_parallel_are_each_counted_and_lock_exactly_once(settings: object) -> None:
    """GIVEN 8 clients that each send 5 wrong passwords for one unknown address at the same moment
    WHEN the limit is 5 THEN all 40 failures are counted and exactly 8 of them lock the address.

    A counter that is read and written back loses failures sent in parallel (an attacker gets more
    guesses) and locks more or less often than an account would, which tells the address has none.
    """
    if not _uses_redis(settings):
        pytest.skip("needs Redis as the cache (REDIS_URL): the database cache's incr is not atomic")
    settings.LOGIN_FAILURE_LIMIT = 5  # type: ignore[attr-defined]
    address = nobody()
    start = threading.Barrier(8)
    locked: list[bool] = []
    guard = threading.Lock()

    def client() -> None:
        start.wait()
        try:
            for _attempt in range(5):
                just_locked = lockout.count_unknown_address_failure(address) is not None
                with guard:
                    locked.append(just_locked)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=client) for _client in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(locked) == 40
    assert lockout.failures(address) == 40
    assert locked.count(True) == 8
