"""X (API v2) with an OAuth 2 user token.

Credentials: ``secret`` the user access token (Bearer), ``refresh_secret`` the refresh token (scope
``offline.access``; X rotates it on every refresh), ``identifier`` the user id, ``base_url`` the API base
(``https://api.x.com``; a local fake in tests).

Publishing uploads each image (``POST /2/media/upload``, JSON with the base64 bytes, category
``tweet_image``), sets its alt text (``POST /2/media/metadata``), then posts ``POST /2/tweets`` with
``{"text", "media": {"media_ids"}}``; 201 carries ``data.id``, the public URL is
``https://x.com/i/web/status/<id>``.

X has no idempotency key and searching costs money, so ``can_find`` is False: an outcome that may have
published goes to a person. Hence the care in mapping answers of the post call: 429 (``x-rate-limit-reset``)
and 500/503 (X's "temporary error" and "over capacity", refused before acting) are ``Transient``; 502 and
504 come from a gateway that may have passed the request on, so they are ``Unknown``, like a timeout; 403
for duplicate content is ``Permanent("duplicate")``; 401 is ``AuthExpired``. Length is checked before any
call (280 in X's weighting, links 23; ``resonanz.content.checks.limits``).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from urllib.parse import urlencode

import httpx

from resonanz.content.checks.limits import Network, check_length
from resonanz.publishing.connectors import http
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Message,
    Permanent,
    Profile,
    Published,
    Transient,
    Unknown,
    followers,
)
from resonanz.publishing.connectors.oauth import Pkce, Token, post_form, token_from

API_BASE = "https://api.x.com"
AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT_TEXT = 1000


def status_url(tweet_id: str) -> str:
    return f"https://x.com/i/web/status/{tweet_id}"


def _base(credentials: Credentials) -> str:
    return (credentials.base_url or API_BASE).rstrip("/")


def _problem(response: httpx.Response) -> str:
    answer = http.json_object(response)
    errors = answer.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    return http.short(answer.get("detail") or first.get("message") or answer.get("title") or response.text)


def _raise_for(response: httpx.Response, *, may_have_published: bool) -> None:
    status = response.status_code
    if status < 300:
        return
    detail = _problem(response)
    if status == 401:
        raise AuthExpired("unauthorized", detail, http_status=status)
    if status == 429:
        raise Transient(
            "rate_limited", detail, http_status=status, retry_after=http.retry_after(response.headers)
        )
    if status == 403 and "duplicate" in detail.lower():
        raise Permanent("duplicate", detail, http_status=status)
    if status in (502, 504) and may_have_published:
        raise Unknown("gateway_error", detail, http_status=status)
    if status >= 500:
        raise Transient(
            "server_error", detail, http_status=status, retry_after=http.retry_after(response.headers)
        )
    if status == 403:
        raise Permanent("forbidden", detail, http_status=status)
    raise Permanent("rejected", detail, http_status=status)


def _check(message: Message) -> None:
    if not check_length(message.text, Network.X).fits:
        raise Permanent("too_long", "over 280 as X counts")
    if not message.text.strip() and not message.images:
        raise Permanent("empty", "a post needs text or an image")
    if len(message.images) > MAX_IMAGES:
        raise Permanent("too_many_images", "X takes at most 4 images")
    for image in message.images:
        if image.mime_type not in MEDIA_TYPES:
            raise Permanent("media_type", f"X does not take {image.mime_type[:50]!r}")
        if len(image.data) > MAX_IMAGE_BYTES:
            raise Permanent("media_too_large", "an image is over 5 MB")
        if len(image.alt_text) > MAX_ALT_TEXT:
            raise Permanent("alt_text_too_long", "an alt text is over 1,000 characters")


@dataclasses.dataclass
class XConnector:
    network: str = "x"
    can_find: bool = False
    timeout: httpx.Timeout = dataclasses.field(default_factory=lambda: http.DEFAULT_TIMEOUT)

    def _headers(self, credentials: Credentials) -> dict[str, str]:
        if not credentials.secret:
            raise AuthExpired("no_token", "the account has no access token")
        return {"Authorization": f"Bearer {credentials.secret}", "Content-Type": "application/json"}

    def verify(self, credentials: Credentials) -> Profile:
        response = http.send(
            "GET",
            f"{_base(credentials)}/2/users/me?user.fields=public_metrics",
            may_have_published=False,
            headers=self._headers(credentials),
        )
        _raise_for(response, may_have_published=False)
        data = http.json_object(response).get("data")
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise Transient("unreadable_answer", "no user in the answer")
        username = str(data.get("username") or "")
        metrics = data.get("public_metrics")
        return Profile(
            identifier=data["id"],
            display_name=str(data.get("name") or username),
            url=f"https://x.com/{username}" if username else "",
            followers_count=followers(metrics.get("followers_count")) if isinstance(metrics, dict) else None,
        )

    def _upload(self, credentials: Credentials, data: bytes, alt_text: str) -> str:
        base, headers = _base(credentials), self._headers(credentials)
        body = {"media": base64.b64encode(data).decode("ascii"), "media_category": "tweet_image"}
        response = http.send(
            "POST",
            f"{base}/2/media/upload",
            may_have_published=False,
            headers=headers,
            json=body,
            timeout=self.timeout,
        )
        _raise_for(response, may_have_published=False)
        media = http.json_object(response).get("data")
        if not isinstance(media, dict) or not isinstance(media.get("id"), str):
            raise Transient("unreadable_answer", "no media id in the upload answer")
        media_id: str = media["id"]
        if alt_text:
            metadata = {"id": media_id, "metadata": {"alt_text": {"text": alt_text}}}
            response = http.send(
                "POST",
                f"{base}/2/media/metadata",
                may_have_published=False,
                headers=headers,
                json=metadata,
                timeout=self.timeout,
            )
            _raise_for(response, may_have_published=False)
        return media_id

    def publish(self, credentials: Credentials, message: Message) -> Published:
        _check(message)
        media_ids = [self._upload(credentials, image.data, image.alt_text) for image in message.images]
        body: dict[str, object] = {"text": message.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        response = http.send(
            "POST",
            f"{_base(credentials)}/2/tweets",
            may_have_published=True,
            headers=self._headers(credentials),
            json=body,
            timeout=self.timeout,
        )
        _raise_for(response, may_have_published=True)
        data = http.json_object(response).get("data")
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"].isdigit():
            # X answered 2xx, so the post exists, but we cannot tell which: a person must look.
            raise Unknown("unreadable_answer", "no post id in X's answer")
        return Published(
            remote_id=data["id"], url=status_url(data["id"]), published_at=dt.datetime.now(dt.UTC)
        )

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        raise Unknown("cannot_find", "X offers no idempotency and searching is paid")

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        if not (remote_id.isascii() and remote_id.isdigit() and len(remote_id) <= 30):
            raise Permanent("invalid_id", "not an X post id")
        response = http.send(
            "DELETE",
            f"{_base(credentials)}/2/tweets/{remote_id}",
            may_have_published=False,
            headers=self._headers(credentials),
            timeout=self.timeout,
        )
        if response.status_code == 404:
            return  # already gone
        _raise_for(response, may_have_published=False)


CONNECTOR = XConnector()


# --- OAuth 2 with PKCE -------------------------------------------------------------------------------------


def authorize_url(
    client_id: str, redirect_uri: str, state: str, pkce: Pkce, *, base: str = AUTHORIZE_URL
) -> str:
    """Where to send the member to approve resonanz; keep ``pkce.verifier`` and ``state`` in the session."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(SCOPES),
            "state": state,
            "code_challenge": pkce.challenge,
            "code_challenge_method": pkce.method,
        }
    )
    return f"{base}?{query}"


def _client_auth(client_id: str, client_secret: str) -> tuple[str, str] | None:
    # Confidential clients authenticate with HTTP Basic; public clients send client_id in the form.
    return (client_id, client_secret) if client_secret else None


def exchange_code(
    client_id: str,
    redirect_uri: str,
    code: str,
    verifier: str,
    *,
    client_secret: str = "",
    api_base: str = API_BASE,
) -> Token:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
        "client_id": client_id,
    }
    answer = post_form(
        f"{api_base.rstrip('/')}/2/oauth2/token", form, auth=_client_auth(client_id, client_secret)
    )
    return token_from(answer)


def refresh(
    client_id: str, refresh_token: str, *, client_secret: str = "", api_base: str = API_BASE
) -> Token:
    """A new access token; X rotates the refresh token, the old one stops working."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
    url = f"{api_base.rstrip('/')}/2/oauth2/token"
    try:
        answer = post_form(url, form, auth=_client_auth(client_id, client_secret))
    except Permanent as refused:  # X answers 400 invalid_request for a used or revoked refresh token
        raise AuthExpired("refresh_refused", refused.detail, http_status=refused.http_status) from None
    return token_from(answer).merged_with(refresh_token)


def revoke(client_id: str, token: str, *, client_secret: str = "", api_base: str = API_BASE) -> None:
    form = {"token": token, "token_type_hint": "access_token", "client_id": client_id}
    post_form(f"{api_base.rstrip('/')}/2/oauth2/revoke", form, auth=_client_auth(client_id, client_secret))
