"""What the OAuth flows of Mastodon, LinkedIn and X share: the token they hand back, PKCE, expiry.

The flows themselves live with each network (``mastodon.register_app``/``authorize_url``/``exchange_code``/
``revoke``, ``linkedin.authorize_url``/``exchange_code``/``introspect``, ``x.authorize_url``/
``exchange_code``/``refresh``/``revoke``); the account UI stores the ``state`` and PKCE verifier in the
member's session between the redirect out and the redirect back.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import secrets

import httpx

from resonanz.publishing.connectors import http
from resonanz.publishing.connectors.base import AuthExpired, Permanent, Transient

MAX_LIFETIME = 10 * 365 * 86400  # seconds; a larger expires_in is nonsense and would overflow datetimes


@dataclasses.dataclass(frozen=True)
class Token:
    access_token: str
    refresh_token: str = ""  # "" where the network grants none; a reconnect must then keep the stored one
    expires_at: dt.datetime | None = None
    scope: str = ""
    refresh_expires_at: dt.datetime | None = None

    def __repr__(self) -> str:  # never show the secrets
        return f"Token(expires_at={self.expires_at!r}, scope={self.scope!r})"

    def merged_with(self, stored_refresh_token: str) -> Token:
        """This token, keeping an earlier refresh token when the network sent no new one (DESIGN.md §8)."""
        if self.refresh_token or not stored_refresh_token:
            return self
        return dataclasses.replace(self, refresh_token=stored_refresh_token)


@dataclasses.dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str
    method: str = "S256"

    def __repr__(self) -> str:
        return "Pkce(...)"


def new_pkce() -> Pkce:
    """A PKCE pair (RFC 7636): 43-128 unreserved characters, challenge = base64url(sha256(verifier))."""
    verifier = secrets.token_urlsafe(64)[:96]
    return Pkce(verifier=verifier, challenge=pkce_challenge(verifier))


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def expiry(seconds: object, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """The moment an ``expires_in`` from a token answer runs out, or None if it gives none."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
        return None
    return (now or dt.datetime.now(dt.UTC)) + dt.timedelta(seconds=min(float(seconds), MAX_LIFETIME))


def token_from(answer: dict[str, object]) -> Token:
    """A token endpoint's JSON answer as a ``Token``; ``Permanent`` when it holds no access token."""
    access_token = answer.get("access_token")
    if not isinstance(access_token, str) or not access_token or len(access_token) > 4096:
        raise Permanent("token_missing", "the token answer holds no access token")
    refresh_token = answer.get("refresh_token")
    scope = answer.get("scope")
    return Token(
        access_token=access_token,
        refresh_token=refresh_token if isinstance(refresh_token, str) and len(refresh_token) <= 4096 else "",
        expires_at=expiry(answer.get("expires_in")),
        scope=scope[:1000] if isinstance(scope, str) else "",
        refresh_expires_at=expiry(answer.get("refresh_token_expires_in")),
    )


def post_form(
    url: str, data: dict[str, str], *, auth: tuple[str, str] | None = None, timeout: float = 10.0
) -> dict[str, object]:
    """POST a form to a token endpoint; map the answer's failures to outcomes."""
    response = http.send(
        "POST",
        url,
        may_have_published=False,
        data=data,
        auth=auth,
        headers={"Accept": "application/json"},
        timeout=httpx.Timeout(timeout),
    )
    answer = http.json_object(response)
    if response.status_code == 429 or response.status_code >= 500:
        raise Transient(
            "token_endpoint",
            http.short(answer or response.text),
            http_status=response.status_code,
            retry_after=http.retry_after(response.headers),
        )
    if response.status_code == 401 or answer.get("error") in ("invalid_grant", "invalid_token"):
        raise AuthExpired(
            "grant_refused", http.short(answer.get("error_description") or answer.get("error") or "")
        )
    if response.status_code >= 400:
        raise Permanent(
            "token_refused", http.short(answer or response.text), http_status=response.status_code
        )
    return answer
