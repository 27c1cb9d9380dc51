"""Counters in the cache for limits on requests: failed sign-ins, password-reset e-mails.

A counter is counted with ``cache.add`` and ``cache.incr``, never read and written back: on Redis
``incr`` is one atomic command, so requests sent in parallel (to several web processes) are each counted
once. (Django's database cache, the fallback without Redis, runs ``incr`` as a read and a write; a
single machine without Redis accepts that.)

Keys hold digests only: an e-mail address as its SHA-256, a client's IP address as a keyed hash
(HMAC with a key derived from ``SECRET_KEY``), so the cache keeps neither.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from resonanz.core.client_address import client_address

PREFIX = "resonanz:limit:"


def address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def client_digest(request: HttpRequest) -> str:
    """The client as a keyed hash of its IP address: the same client gives the same digest, and
    nobody without the secret key can tell the address back from it. Behind a trusted reverse proxy
    the client is the one it forwarded (``core.client_address``), not the proxy all requests share."""
    key = hashlib.sha256(b"resonanz rate limit client " + settings.SECRET_KEY.encode("utf-8")).digest()
    address = client_address(request.META)
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def count(key: str, window_seconds: int, *, renew: bool = False) -> int:
    """Count one more event under ``key``; returns how many there were in the window, this one included.

    The window starts with the first event (a fixed window); with ``renew`` every event starts it
    anew, so the counter is forgotten only ``window_seconds`` after the last event.
    """
    full_key = PREFIX + key
    for _attempt in range(3):
        cache.add(full_key, 0, window_seconds)
        try:
            counted = int(cache.incr(full_key))
        except ValueError:
            continue  # the counter expired between add and incr: start it again
        if renew:
            cache.touch(full_key, window_seconds)
        return counted
    raise RuntimeError("the cache loses its counters")


def current(key: str) -> int:
    return int(cache.get(PREFIX + key) or 0)
