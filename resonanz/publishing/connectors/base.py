"""What every network connector offers, and the outcomes it may report.

A connector knows one network's API and nothing about resonanz's models: it takes plain values (the
decrypted credentials, the text to post, image bytes) and returns plain values. The delivery worker
(``resonanz.publishing.delivery``) decides what an outcome means for the delivery row:

- ``Published``: the network has the post; its id and public URL are stored.
- ``Transient``: nothing was published and trying again later may work (429, 5xx before the post was
  accepted, connection refused); ``retry_after`` honours the network's rate-limit headers.
- ``Permanent``: nothing was published and retrying will not help (text too long, media refused,
  duplicate content); ``code`` is a stable key the worker translates for the member.
- ``AuthExpired``: the token or password no longer works; the account's owner must reconnect.
- ``Unknown``: the call may or may not have published (timeout after sending, connection dropped while
  waiting for the answer). Never retried blindly: the worker asks ``find`` first (DESIGN.md §5, §8).

Connectors raise these as exceptions (all ``Outcome`` subclasses) except ``Published``, which is returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Protocol


@dataclasses.dataclass(frozen=True)
class Image:
    data: bytes
    mime_type: str  # image/jpeg, image/png, image/gif, image/webp
    alt_text: str


@dataclasses.dataclass(frozen=True)
class Message:
    """What to publish on one account: the variant's exact text, as approved."""

    text: str
    language: str = "de"  # BCP 47, e.g. "de", "en"
    link: str = ""  # a URL that also appears in ``text`` (Bluesky gets a link facet for it)
    images: Sequence[Image] = ()
    # A stable key per delivery: sent as Idempotency-Key (Mastodon), used as the record key (Bluesky),
    # as a header on webhooks; networks without idempotency ignore it.
    idempotency_key: str = ""


@dataclasses.dataclass(frozen=True)
class Credentials:
    """The decrypted secrets of one network account. Never logged, never put into an exception."""

    network: str  # "bluesky", "mastodon", "linkedin", "x", "webhook"
    base_url: str = ""  # PDS / instance / API base URL / webhook endpoint
    identifier: str = ""  # Bluesky handle, LinkedIn author URN, X user id, Mastodon account id
    secret: str = ""  # app password, access token or HMAC secret
    refresh_secret: str = ""  # refresh token where the network grants one
    expires_at: dt.datetime | None = None

    def __repr__(self) -> str:  # never show the secrets
        shown = f"network={self.network!r}, base_url={self.base_url!r}, identifier={self.identifier!r}"
        return f"Credentials({shown})"


@dataclasses.dataclass(frozen=True)
class Published:
    remote_id: str  # at:// URI, status id, post URN, tweet id, webhook delivery id
    url: str  # public URL of the post ("" where the network has none, e.g. a webhook)
    published_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Profile:
    """Who an account is, as the network reports it after connecting."""

    identifier: str
    display_name: str
    url: str = ""
    # Followers as the network reports them when asked for the profile; None where it does not say.
    followers_count: int | None = None


def followers(value: object) -> int | None:
    """A follower count from a network's answer: a whole number that is not negative, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


class Outcome(Exception):
    """A publication that did not produce ``Published``. ``detail`` is for logs: no secrets in it."""

    def __init__(self, code: str, detail: str = "", *, http_status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail[:500]
        self.http_status = http_status


class Transient(Outcome):
    def __init__(
        self, code: str, detail: str = "", *, http_status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(code, detail, http_status=http_status)
        self.retry_after = retry_after  # seconds, from Retry-After / x-ratelimit-reset, else None


class Permanent(Outcome):
    pass


class AuthExpired(Outcome):
    pass


class Unknown(Outcome):
    pass


class Connector(Protocol):
    network: str
    # True where ``find`` can tell for sure whether a delivery's post exists (by idempotency key, record
    # key or by listing the account's recent posts). False means a dead worker's row needs a person.
    can_find: bool

    def verify(self, credentials: Credentials) -> Profile:
        """Check the credentials work; raise AuthExpired if not, Transient if the network is down."""
        ...

    def publish(self, credentials: Credentials, message: Message) -> Published:
        """Publish once. Raise Transient, Permanent, AuthExpired or Unknown."""
        ...

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        """After a crash: the post this message produced, or None when the network surely has none.

        Raise Unknown when the network cannot tell (then a person decides).
        """
        ...

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        """Delete a published post (8.7 corrections). Raise Permanent if the network refuses."""
        ...
