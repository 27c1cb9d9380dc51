"""The client's address of a request: the one rule for everything that tells clients apart.

Used by the tracked-link redirect (visitor hashes, ``links.hot``) and by the request limits
(``core.rate_limit``). Behind a reverse proxy every request comes from the proxy's address; only a
proxy named in ``settings.TRUSTED_PROXIES`` (``RESONANZ_TRUSTED_PROXIES``) is believed about the client
it forwarded. Callers hash what they get here and never store it (DESIGN.md §4: no raw IP addresses).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

MAX_FORWARDED = 512  # characters of X-Forwarded-For looked at, from its right end
MAX_FORWARDED_HOPS = 8


class ClientAddress:
    """The client's address: ``REMOTE_ADDR``, unless the request comes from a trusted proxy; then the
    right-most address in X-Forwarded-For that is not a trusted proxy (the one the outermost trusted
    proxy saw). Anyone can send the header; only a trusted proxy's is believed, and what a client put in
    front of it is never reached. An entry that is not an address gives ``REMOTE_ADDR``."""

    def __init__(self, trusted: Iterable[str], size: int = 1000) -> None:
        self.trusted = tuple(trusted)
        self.networks = tuple(ipaddress.ip_network(network, strict=False) for network in self.trusted)
        self.size = size
        self._trusted: dict[str, bool] = {}

    def is_trusted(self, address: str) -> bool:
        known = self._trusted.get(address)
        if known is None:
            try:
                parsed = ipaddress.ip_address(address)
            except ValueError:
                known = False
            else:
                known = any(parsed in network for network in self.networks)
            if len(self._trusted) >= self.size:
                self._trusted.clear()
            self._trusted[address] = known
        return known

    def __call__(self, environ: Mapping[str, Any]) -> str:
        remote = str(environ.get("REMOTE_ADDR", ""))
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        if not forwarded or not self.networks or not self.is_trusted(remote):
            return remote
        for hop in reversed(str(forwarded)[-MAX_FORWARDED:].split(",")[-MAX_FORWARDED_HOPS:]):
            address = hop.strip()
            if not self.is_trusted(address):
                try:
                    return str(ipaddress.ip_address(address))
                except ValueError:
                    return remote
        return remote


def trusted_proxies() -> tuple[str, ...]:
    return tuple(getattr(settings, "TRUSTED_PROXIES", ()))


_reader = ClientAddress(())


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address of a request (its ``META`` or WSGI environ) under the configured proxies."""
    global _reader  # rebuilt only when the setting changes (as tests do)
    trusted = trusted_proxies()
    reader = _reader
    if reader.trusted != trusted:
        reader = _reader = ClientAddress(trusted)
    return reader(meta)
