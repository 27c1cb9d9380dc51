"""The OAuth round trip to Mastodon, LinkedIn and X: what is kept in the session between leaving and
coming back.

``state`` is a random value bound to this session and this member: the callback accepts a state only
from the same session, only once, only for the member who started it, and only for
``LIFETIME`` seconds. The PKCE verifier (X) and a Mastodon instance's client secret travel in the
session encrypted, never in a URL.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import MutableMapping
from typing import Any

from resonanz.core import crypto

SESSION_KEY = "publishing_oauth"
LIFETIME = 15 * 60  # seconds to approve resonanz at the network
MAX_PENDING = 5  # flows started in one session and not finished; the oldest is dropped
MAX_STATE = 100


@dataclasses.dataclass(frozen=True)
class Pending:
    """One started OAuth flow. Secrets inside are encrypted; never shown, never logged."""

    state: str
    network: str
    kind: str
    member_id: int
    started: float
    instance: str = ""  # Mastodon
    client_id: str = ""  # Mastodon's per-instance client
    client_secret_encrypted: str = ""
    verifier_encrypted: str = ""  # X's PKCE verifier
    page: str = ""  # LinkedIn: the number of the organization page a company account posts as
    channel_id: int | None = None

    def __repr__(self) -> str:
        return f"Pending(network={self.network!r}, kind={self.kind!r}, member_id={self.member_id!r})"

    @property
    def client_secret(self) -> str:
        return crypto.decrypt(self.client_secret_encrypted) if self.client_secret_encrypted else ""

    @property
    def verifier(self) -> str:
        return crypto.decrypt(self.verifier_encrypted) if self.verifier_encrypted else ""


def remember(session: MutableMapping[str, Any], pending: Pending) -> None:
    flows = dict(session.get(SESSION_KEY) or {})
    flows[pending.state] = dataclasses.asdict(pending)
    for state in sorted(flows, key=lambda key: flows[key].get("started", 0))[:-MAX_PENDING]:
        del flows[state]
    session[SESSION_KEY] = flows


def take(session: MutableMapping[str, Any], state: object, *, now: float | None = None) -> Pending | None:
    """The flow ``state`` names in this session, once; None when unknown, used or too old."""
    if not isinstance(state, str) or not state or len(state) > MAX_STATE:
        return None
    flows = dict(session.get(SESSION_KEY) or {})
    stored = flows.pop(state, None)
    session[SESSION_KEY] = flows
    if not isinstance(stored, dict):
        return None
    try:
        pending = Pending(**stored)
    except TypeError:
        return None
    if (now if now is not None else time.time()) - pending.started > LIFETIME:
        return None
    return pending
