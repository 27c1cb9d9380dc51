"""A generic webhook: an HTTP POST of the message as JSON, signed with HMAC-SHA256 (intranet, Teams, Slack).

The request::

    POST <credentials.base_url>
    Content-Type: application/json
    Idempotency-Key: <message.idempotency_key>
    X-Resonanz-Timestamp: <Unix seconds>
    X-Resonanz-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>

    {"text", "language", "link", "images": [{"alt_text", "mime_type", "size"}], "idempotency_key", "sent_at"}

A receiver checks the signature with :func:`verify_signature` (or the same three lines in its own language)
over the raw body bytes, rejects timestamps older than a few minutes (replays), and should treat a second
request with the same ``Idempotency-Key`` as the first: after a timeout resonanz does not know whether the
receiver got the post, and a person may send it again.

Answers: 2xx is published (``remote_id`` from a JSON ``id`` if the receiver gives one, else the idempotency
key; ``url`` from a JSON ``url``); 429 and 5xx are transient (``Retry-After`` honoured); other 4xx are
permanent; a timeout after sending is unknown. There is no way to ask a webhook what it received, so
``can_find`` is False and an unknown outcome goes to a person.

SSRF: the endpoint must be http(s) without credentials in the URL, and its host must not resolve to a
private, loopback, link-local, multicast or reserved address unless ``RESONANZ_WEBHOOK_ALLOW_PRIVATE`` is on
(tests, the delivery bench, an intranet installation that means it). The check resolves the name before the
request; a DNS server that answers differently a moment later (rebinding) is not caught — run resonanz
behind an egress proxy where that matters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from resonanz.publishing.connectors import http
from resonanz.publishing.connectors.base import (
    Credentials,
    Message,
    Permanent,
    Profile,
    Published,
    Transient,
    Unknown,
)

SIGNATURE_HEADER = "X-Resonanz-Signature"
TIMESTAMP_HEADER = "X-Resonanz-Timestamp"
DEFAULT_TOLERANCE = 300  # seconds a receiver accepts between our timestamp and its clock
MAX_URL_LENGTH = 2000
MAX_REMOTE_ID_LENGTH = 255


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The value of ``X-Resonanz-Signature`` for this body sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> bool:
    """For receivers: whether ``header`` signs ``body`` with ``secret`` and ``timestamp`` is recent.

    ``timestamp`` and ``header`` are the raw values of ``X-Resonanz-Timestamp`` and ``X-Resonanz-Signature``;
    ``body`` the raw request bytes (not re-serialised JSON). A timestamp more than ``tolerance`` seconds from
    ``now`` fails, so a recorded request cannot be replayed later.
    """
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header.strip())


def check_endpoint(url: str, *, allow_private: bool | None = None) -> None:
    """Refuse endpoints resonanz must not call; raise ``Permanent`` (or ``Transient`` if DNS fails)."""
    if allow_private is None:
        allow_private = bool(settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE)
    if len(url) > MAX_URL_LENGTH:
        raise Permanent("invalid_url", "the endpoint URL is too long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Permanent("invalid_url", "the endpoint URL cannot be read") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Permanent("invalid_url", "the endpoint must be an http(s) URL with a host")
    if parts.username is not None or parts.password is not None:
        raise Permanent("invalid_url", "the endpoint URL must not contain credentials")
    if allow_private:
        return
    http.refuse_private_host(parts.hostname, port or 443)


def payload(message: Message, *, sent_at: dt.datetime) -> bytes:
    body = {
        "text": message.text,
        "language": message.language,
        "link": message.link,
        "images": [
            {"alt_text": image.alt_text, "mime_type": image.mime_type, "size": len(image.data)}
            for image in message.images
        ],
        "idempotency_key": message.idempotency_key,
        "sent_at": sent_at.isoformat(timespec="seconds"),
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _published(response: httpx.Response, message: Message) -> Published:
    answer = http.json_object(response)
    remote_id = answer.get("id")
    url = answer.get("url")
    if isinstance(remote_id, int) and not isinstance(remote_id, bool):
        remote_id = str(remote_id)
    if not isinstance(remote_id, str) or not remote_id.strip():
        remote_id = message.idempotency_key
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or len(url) > MAX_URL_LENGTH:
        url = ""
    return Published(
        remote_id=remote_id[:MAX_REMOTE_ID_LENGTH], url=url, published_at=dt.datetime.now(dt.UTC)
    )


@dataclasses.dataclass
class WebhookConnector:
    network: str = "webhook"
    can_find: bool = False
    timeout: httpx.Timeout = dataclasses.field(default_factory=lambda: http.DEFAULT_TIMEOUT)

    def verify(self, credentials: Credentials) -> Profile:
        """Check the endpoint is acceptable; a webhook has no profile to read."""
        check_endpoint(credentials.base_url)
        if not credentials.secret:
            raise Permanent("missing_secret", "a webhook needs a secret to sign with")
        host = urlsplit(credentials.base_url).hostname or ""
        return Profile(identifier=credentials.base_url, display_name=host, url="")

    def publish(self, credentials: Credentials, message: Message) -> Published:
        check_endpoint(credentials.base_url)
        if not credentials.secret:
            raise Permanent("missing_secret", "a webhook needs a secret to sign with")
        now = dt.datetime.now(dt.UTC)
        body = payload(message, sent_at=now)
        timestamp = str(int(now.timestamp()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(credentials.secret, timestamp, body),
        }
        if message.idempotency_key:
            headers["Idempotency-Key"] = message.idempotency_key
        response = http.send(
            "POST",
            credentials.base_url,
            may_have_published=True,
            timeout=self.timeout,
            headers=headers,
            content=body,
        )
        status = response.status_code
        if 200 <= status < 300:
            return _published(response, message)
        detail = http.short(response.text)
        if status == 429 or status >= 500:
            raise Transient(
                "rejected", detail, http_status=status, retry_after=http.retry_after(response.headers)
            )
        if status == 408:  # the receiver gave up reading our request: it did not act on it
            raise Transient("rejected", detail, http_status=status)
        raise Permanent("rejected", detail, http_status=status)

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        raise Unknown("cannot_find", "a webhook cannot be asked what it received")

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        raise Permanent("delete_unsupported", "a webhook post cannot be deleted from resonanz")


CONNECTOR = WebhookConnector()
