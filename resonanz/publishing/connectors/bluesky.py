"""Bluesky: a handle and an app password on the account's PDS, posts written with ``atproto``.

Only ``com.atproto.*`` calls are made (login, blobs, records): they are served by the account's own PDS,
while ``app.bsky.*`` reads need an AppView, which a self-hosted PDS (and the local one of the tests) does
not have.

Exactly once: the post's record key (``rkey``) is derived from ``Message.idempotency_key``, so every
attempt of one delivery writes the same ``at://<did>/app.bsky.feed.post/<rkey>``. The PDS refuses a
second ``createRecord`` with a record key that exists (verified against @atproto/pds 0.5.35, where the
refusal is a 500 and the first record stays untouched, see tests/test_bluesky.py), so ``publish`` first
reads the record back: a post that is already there is "already published" and returned as such, and
after an answer that is no success it looks again before it calls the attempt failed.

The public address is ``https://bsky.app/profile/<handle>/post/<rkey>``: a PDS has no web pages of its
own; the Bluesky app shows the post once the network's relay has picked it up from the PDS.

Limits (app.bsky.feed.post and app.bsky.embed.images): 300 graphemes of text, at most 4 images of at most
1,000,000 bytes each (the limit the Bluesky app enforces), JPEG, PNG, GIF or WebP. Every call has a
timeout; a session is kept per account for a while, so a busy account does not log in for each post
(bsky.social allows 30 logins per account in 5 minutes).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
import regex
from atproto import Client, models
from atproto_client import exceptions as at_errors

from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Image,
    Message,
    Outcome,
    Permanent,
    Profile,
    Published,
    Transient,
    Unknown,
)

POST = "app.bsky.feed.post"
MAX_GRAPHEMES = 300
MAX_TEXT_BYTES = 3000
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
MAX_KEY_LENGTH = 500
APP_URL = "https://bsky.app"
TIMEOUT = httpx.Timeout(20.0, connect=5.0, pool=5.0)
SESSIONS_KEPT = 256

T = TypeVar("T")

# Errors (the XRPC ``error`` name) that mean the password or the session no longer works.
_AUTH_ERRORS = frozenset(
    {"AuthenticationRequired", "ExpiredToken", "InvalidToken", "AccountTakedown", "AccountDeactivated"}
)
_SESSION_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
# httpx errors raised before the request could have reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID_EPOCH_US = 946_684_800_000_000  # 2000-01-01T00:00:00Z in microseconds
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\"»“”’"
_HASHTAG = re.compile(r"(?<![\w#&/])#(\w[\w-]*)", re.UNICODE)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$")


def record_key(idempotency_key: str) -> str:
    """The post's record key for a delivery: a valid TID (13 characters) derived from the key alone.

    A TID normally encodes its creation time; one derived from a hash cannot, so its timestamp part
    lies between 2000 and 2017, always in the past (the post's real time is its ``createdAt``).
    """
    digest = hashlib.sha256(b"resonanz-bluesky-rkey\0" + idempotency_key.encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    micros = _TID_EPOCH_US + (number >> 10) % (1 << 49)
    clock_id = number & 0x3FF
    value = (micros << 10) | clock_id  # < 2**63: the first character is one of 2-7, a-j
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def post_url(handle: str, rkey: str) -> str:
    return f"{APP_URL}/profile/{handle}/post/{rkey}"


def count_graphemes(text: str) -> int:
    """Extended grapheme clusters, as the PDS counts them (emoji sequences and combined letters are one)."""
    return len(regex.findall(r"\X", text))


# ---------------------------------------------------------------- rich text


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def facets_for(text: str, link: str = "") -> list[dict[str, Any]]:
    """Link facets for every http(s) URL in the text and tag facets for hashtags, in UTF-8 byte offsets."""
    facets: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    spans: list[tuple[int, int, str]] = []
    if link and link in text:
        start = text.index(link)
        spans.append((start, start + len(link), link))
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        start = match.start()
        if not any(start < end and begin < start + len(url) for begin, end, _ in spans):
            spans.append((start, start + len(url), url))
    for start, end, url in sorted(spans):
        taken.append((start, end))
        facets.append(
            {
                "index": {"byteStart": _byte_offset(text, start), "byteEnd": _byte_offset(text, end)},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
    for match in _HASHTAG.finditer(text):
        tag = match.group(1).rstrip("-_")
        start, end = match.start(), match.start(1) + len(tag)
        if not tag or tag.isdigit() or len(tag) > 64 or any(b < end and start < e for b, e in taken):
            continue
        facets.append(
            {
                "index": {"byteStart": _byte_offset(text, start), "byteEnd": _byte_offset(text, end)},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    facets.sort(key=lambda facet: int(facet["index"]["byteStart"]))
    return facets


# ---------------------------------------------------------------- errors


def _xrpc_error(exc: at_errors.RequestErrorBase) -> tuple[int | None, str, str]:
    response = exc.response
    if response is None:
        return None, "", ""
    content = response.content
    name = str(getattr(content, "error", "") or "")
    message = str(getattr(content, "message", "") or "")
    return int(response.status_code), name, message


def _retry_after(exc: at_errors.RequestErrorBase) -> float | None:
    if isinstance(exc, at_errors.RateLimitExceededError):
        if exc.retry_after is not None:
            return float(min(exc.retry_after, 86_400.0))
        if exc.reset_at is not None:
            seconds = (exc.reset_at - dt.datetime.now(dt.UTC)).total_seconds()
            return float(min(max(seconds, 0.0), 86_400.0))
    return None


def _outcome(exc: Exception, *, sent: bool) -> Outcome:
    """The connector outcome for an error of ``atproto``/``httpx``. ``sent``: the call may have written."""
    transport = exc.__cause__ if isinstance(exc, at_errors.RequestErrorBase) else exc
    if isinstance(exc, at_errors.RequestErrorBase) and exc.response is not None:
        status, name, message = _xrpc_error(exc)
        detail = f"{status} {name}: {message}".strip()
        if status == 429:
            return Transient("rate_limited", detail, http_status=status, retry_after=_retry_after(exc))
        if status in (401, 403) or name in _AUTH_ERRORS:
            return AuthExpired("auth_expired", detail, http_status=status)
        if status == 413 or name == "BlobTooLarge":
            return Permanent("image_too_large", detail, http_status=status)
        if status is not None and status >= 500:
            return Transient("server_error", detail, http_status=status)
        lowered = message.lower()
        if "too long" in lowered or "too big" in lowered or "grapheme" in lowered:
            return Permanent("too_long", detail, http_status=status)
        if name == "InvalidMimeType" or "mime" in lowered:
            return Permanent("media_type", detail, http_status=status)
        return Permanent("invalid", detail, http_status=status)
    if isinstance(transport, _NOT_SENT) or not sent:
        return Transient("unreachable", type(transport).__name__, http_status=None)
    if isinstance(transport, httpx.TimeoutException) or isinstance(exc, at_errors.InvokeTimeoutError):
        return Unknown("timeout", type(transport).__name__)
    return Unknown("connection_lost", type(transport).__name__)


_ERRORS: tuple[type[Exception], ...] = (at_errors.AtProtocolError, httpx.HTTPError)


# ---------------------------------------------------------------- sessions


@dataclasses.dataclass
class _Session:
    client: Any
    did: str
    handle: str
    fresh: bool  # logged in just now (a refusal then really is about the password)


class _SessionCache:
    """Logged-in sessions per (PDS, identifier, password), kept so each post needs no new login."""

    def __init__(self, size: int = SESSIONS_KEPT) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._strings: OrderedDict[tuple[str, str, str], str] = OrderedDict()

    @staticmethod
    def key(credentials: Credentials) -> tuple[str, str, str]:
        secret = hashlib.sha256(credentials.secret.encode()).hexdigest()
        return (_base_url(credentials), credentials.identifier.lower(), secret)

    def get(self, credentials: Credentials) -> str | None:
        with self._lock:
            key = self.key(credentials)
            value = self._strings.get(key)
            if value is not None:
                self._strings.move_to_end(key)
            return value

    def put(self, credentials: Credentials, session_string: str) -> None:
        with self._lock:
            self._strings[self.key(credentials)] = session_string
            self._strings.move_to_end(self.key(credentials))
            while len(self._strings) > self._size:
                self._strings.popitem(last=False)

    def forget(self, credentials: Credentials) -> None:
        with self._lock:
            self._strings.pop(self.key(credentials), None)


def _base_url(credentials: Credentials) -> str:
    return (credentials.base_url or "https://bsky.social").rstrip("/")


# ---------------------------------------------------------------- the connector


class BlueskyConnector:
    network = "bluesky"
    can_find = True

    def __init__(self, *, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.timeout = timeout
        self.sessions = _SessionCache()

    # -- sessions

    def _client(self, credentials: Credentials) -> Any:
        from atproto_client.request import Request

        return Client(base_url=_base_url(credentials), request=Request(timeout=self.timeout))

    def _login(self, credentials: Credentials) -> _Session:
        if not credentials.identifier or not credentials.secret:
            raise AuthExpired("auth_expired", "no handle or app password")
        if len(credentials.identifier) > 253 or len(credentials.secret) > 256:
            raise AuthExpired("auth_expired", "handle or app password too long")
        cached = self.sessions.get(credentials)
        if cached is not None:
            client = self._client(credentials)
            try:
                client.login(session_string=cached, fetch_bsky_profile=False)
                session = client._session
                return _Session(client, str(session.did), str(session.handle), fresh=False)
            except _ERRORS:
                client.request.close()
                self.sessions.forget(credentials)
        client = self._client(credentials)
        try:
            client.login(credentials.identifier, credentials.secret, fetch_bsky_profile=False)
        except _ERRORS as exc:
            client.request.close()
            raise _outcome(exc, sent=False) from None
        self.sessions.put(credentials, client.export_session_string())
        session = client._session
        return _Session(client, str(session.did), str(session.handle), fresh=True)

    @contextmanager
    def _session(self, credentials: Credentials) -> Iterator[_Session]:
        session = self._login(credentials)
        try:
            yield session
            # Keep the session as it is now (atproto refreshes it when it nears expiry).
            with contextlib.suppress(*_ERRORS):  # exporting reads local state only
                self.sessions.put(credentials, session.client.export_session_string())
        finally:
            session.client.request.close()

    def _call(self, credentials: Credentials, session: _Session, call: Callable[[Any], T]) -> T:
        """Run ``call(client)``; a kept session the PDS no longer accepts is replaced by a new login once."""
        try:
            return call(session.client)
        except at_errors.RequestErrorBase as exc:
            status, name, _ = _xrpc_error(exc)
            if session.fresh or not (status == 401 or name in _SESSION_ERRORS):
                raise
        self.sessions.forget(credentials)
        session.client.request.close()
        renewed = self._login(credentials)
        session.client, session.did, session.handle, session.fresh = (
            renewed.client,
            renewed.did,
            renewed.handle,
            True,
        )
        return call(session.client)

    # -- the protocol

    def verify(self, credentials: Credentials) -> Profile:
        with self._session(credentials) as session:
            display_name = session.handle
            try:
                profile = self._call(
                    credentials,
                    session,
                    lambda client: client.com.atproto.repo.get_record(
                        models.ComAtprotoRepoGetRecord.Params(
                            repo=session.did, collection="app.bsky.actor.profile", rkey="self"
                        )
                    ),
                )
                name = getattr(profile.value, "display_name", None)
                if isinstance(name, str) and name.strip():
                    display_name = name.strip()[:200]
            except _ERRORS as exc:
                outcome = _outcome(exc, sent=False)
                if not isinstance(outcome, Permanent):  # no profile record: the handle is the name
                    raise outcome from None
            return Profile(
                identifier=session.did, display_name=display_name, url=f"{APP_URL}/profile/{session.handle}"
            )

    def notifications(
        self, credentials: Credentials, reasons: list[str], cursor: str | None = None, limit: int = 50
    ) -> tuple[list[Any], str | None]:
        """One page of the account's notifications of ``reasons``, newest first, and the cursor of the
        next (older) page. The PDS answers by proxying to its AppView (``app.bsky.notification``)."""
        params = models.AppBskyNotificationListNotifications.Params(
            limit=max(1, min(limit, 100)), reasons=reasons, cursor=cursor or None
        )
        with self._session(credentials) as session:
            try:
                page = self._call(
                    credentials,
                    session,
                    lambda client: client.app.bsky.notification.list_notifications(params),
                )
            except _ERRORS as exc:
                raise _outcome(exc, sent=False) from None
        return list(page.notifications), page.cursor

    def publish(self, credentials: Credentials, message: Message) -> Published:
        self._check(message)
        rkey = record_key(message.idempotency_key) if message.idempotency_key else None
        with self._session(credentials) as session:
            if rkey is not None:
                existing = self._existing(credentials, session, rkey, failing=Transient)
                if existing is not None:
                    return existing  # already published by an earlier attempt
            embed = self._upload_images(credentials, session, message.images)
            record: dict[str, Any] = {
                "$type": POST,
                "text": message.text,
                "createdAt": _now_iso(),
            }
            facets = facets_for(message.text, message.link)
            if facets:
                record["facets"] = facets
            if message.language:
                record["langs"] = [message.language]
            if embed is not None:
                record["embed"] = embed
            data: dict[str, Any] = {"repo": session.did, "collection": POST, "record": record}
            if rkey is not None:
                data["rkey"] = rkey
            try:
                created = self._call(
                    credentials,
                    session,
                    lambda client: client.com.atproto.repo.create_record(
                        models.ComAtprotoRepoCreateRecord.Data(**data)
                    ),
                )
            except _ERRORS as exc:
                outcome = _outcome(exc, sent=True)
                ambiguous = isinstance(outcome, Unknown) or outcome.code == "server_error"
                if rkey is not None and ambiguous:
                    # A refused duplicate (the PDS answers 500) or an answer lost on the way: look.
                    # If the PDS cannot be asked either, the original outcome stands; a later attempt
                    # with the same record key cannot post twice.
                    try:
                        existing = self._existing(credentials, session, rkey, failing=Unknown)
                    except Unknown:
                        raise outcome from None
                    if existing is not None:
                        return existing
                raise outcome from None
            uri = str(created.uri)
            return Published(
                remote_id=uri,
                url=post_url(session.handle, uri.rsplit("/", 1)[-1]),
                published_at=dt.datetime.now(dt.UTC),
            )

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        """The delivery's post by its record key. AuthExpired if the password no longer works."""
        if not message.idempotency_key:
            raise Unknown("no_key", "a post without idempotency key cannot be found")
        rkey = record_key(message.idempotency_key)
        try:
            with self._session(credentials) as session:
                return self._existing(credentials, session, rkey, failing=Unknown)
        except Transient as exc:
            raise Unknown("unreachable", exc.detail, http_status=exc.http_status) from None

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        parts = remote_id.removeprefix("at://").split("/") if remote_id.startswith("at://") else []
        if len(parts) != 3 or parts[1] != POST or len(remote_id) > 300:
            raise Permanent("invalid", "not the at:// address of a Bluesky post")
        repo, _, rkey = parts
        with self._session(credentials) as session:
            if repo not in (session.did, session.handle):
                raise Permanent("not_own_post", "the post belongs to another account")
            try:
                self._call(
                    credentials,
                    session,
                    lambda client: client.com.atproto.repo.delete_record(
                        models.ComAtprotoRepoDeleteRecord.Data(repo=session.did, collection=POST, rkey=rkey)
                    ),
                )
            except _ERRORS as exc:
                raise _outcome(exc, sent=False) from None

    # -- helpers

    def _check(self, message: Message) -> None:
        if len(message.text.encode()) > MAX_TEXT_BYTES or count_graphemes(message.text) > MAX_GRAPHEMES:
            raise Permanent("too_long", f"more than {MAX_GRAPHEMES} graphemes")
        if not message.text.strip() and not message.images:
            raise Permanent("invalid", "empty post")
        if len(message.images) > MAX_IMAGES:
            raise Permanent("too_many_images", f"more than {MAX_IMAGES} images")
        for image in message.images:
            if image.mime_type not in IMAGE_TYPES:
                raise Permanent("media_type", f"{image.mime_type[:50]} is not an image type Bluesky takes")
            if len(image.data) > MAX_IMAGE_BYTES:
                raise Permanent("image_too_large", f"an image has more than {MAX_IMAGE_BYTES} bytes")
        if message.language and not _LANGUAGE.match(message.language):
            raise Permanent("invalid", "not a language tag")
        if len(message.idempotency_key) > MAX_KEY_LENGTH or len(message.link) > 2000:
            raise Permanent("invalid", "idempotency key or link too long")

    def _existing(
        self,
        credentials: Credentials,
        session: _Session,
        rkey: str,
        *,
        failing: type[Transient] | type[Unknown],
    ) -> Published | None:
        try:
            found = self._call(
                credentials,
                session,
                lambda client: client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(repo=session.did, collection=POST, rkey=rkey)
                ),
            )
        except _ERRORS as exc:
            if isinstance(exc, at_errors.RequestErrorBase):
                status, name, _ = _xrpc_error(exc)
                if status == 400 and name == "RecordNotFound":
                    return None
            outcome = _outcome(exc, sent=False)
            if isinstance(outcome, AuthExpired):
                raise outcome from None
            raise failing(
                "unreachable", f"{outcome.code}: {outcome.detail}", http_status=outcome.http_status
            ) from None
        created_at = parse_time(getattr(found.value, "created_at", None))
        return Published(
            remote_id=str(found.uri), url=post_url(session.handle, rkey), published_at=created_at
        )

    def _upload_images(
        self, credentials: Credentials, session: _Session, images: tuple[Image, ...] | Any
    ) -> dict[str, Any] | None:
        if not images:
            return None
        embedded = []
        for image in images:

            def upload(client: Any, image: Image = image) -> Any:
                return client.com.atproto.repo.upload_blob(
                    image.data, headers={"Content-Type": image.mime_type}
                )

            try:
                uploaded = self._call(credentials, session, upload)
            except _ERRORS as exc:
                raise _outcome(exc, sent=False) from None  # a blob alone is no post
            blob = uploaded.blob
            embedded.append(
                {
                    "$type": "app.bsky.embed.images#image",
                    "alt": image.alt_text,
                    "image": {
                        "$type": "blob",
                        "ref": {"$link": str(blob.cid)},
                        "mimeType": str(blob.mime_type),
                        "size": int(blob.size),
                    },
                }
            )
        return {"$type": "app.bsky.embed.images", "images": embedded}


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(value: object) -> dt.datetime | None:
    """An atproto datetime string as an aware datetime (naive ones are UTC); None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


CONNECTOR = BlueskyConnector()
