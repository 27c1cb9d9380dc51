"""Mastodon, through Mastodon.py: one instance per account, OAuth per instance.

Credentials: ``base_url`` the instance (``https://social.example``), ``secret`` the user's access token,
``identifier`` the account id (looked up with ``verify_credentials`` when empty).

Publishing uploads each image (``POST /api/v2/media`` with the alt text as ``description``), then posts the
status with its ``language`` and ``Idempotency-Key: <message.idempotency_key>``. Mastodon remembers the key
for about an hour per account: a second post with the same key in that hour returns the first status
instead of a new one, so a retry after a 5xx or a timeout, within the hour, cannot post twice. It does not
protect two requests in flight at once (the first is not finished when the second checks), which the
delivery worker never sends.

``find`` lists the account's latest 40 statuses and compares the exact source text (``GET
/api/v1/statuses/:id/source``) of those created since the attempt began. Limits: it sees only the last 40
statuses (an account that posted more since then gets ``Unknown``, and a person decides), a status deleted
by its author in the meantime is "not found", and a second identical post written by hand in the same
minutes would be taken for ours.

Length is checked before any call: 500 characters with every link counting 23
(``resonanz.content.checks.limits``). Instances may allow more; resonanz keeps to the default. resonanz
does not use Mastodon's own scheduling (``scheduled_at``): the delivery worker posts when due.

Errors: 401 and 403 mean the token no longer works (``AuthExpired``); 422 is ``Permanent`` with Mastodon's
message; 429 is ``Transient`` with the time from ``X-RateLimit-Reset``; 5xx and refused connections are
``Transient``; a timeout or dropped connection after the status was sent is ``Unknown``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.cookiejar
import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
import urllib3.exceptions
from django.conf import settings
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from resonanz.content.checks.limits import Network, check_length
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Message,
    Outcome,
    Permanent,
    Profile,
    Published,
    Transient,
    Unknown,
    followers,
)
from resonanz.publishing.connectors.http import refuse_private_host
from resonanz.publishing.connectors.oauth import Token

# The API as of Mastodon 4.3; pinning it keeps Mastodon.py from probing the server's version on every client.
MASTODON_VERSION = "4.3.0"
# The least resonanz needs: post statuses and media, read the account (verify) and its statuses and their
# source text (``find``; with a token, Mastodon demands read:statuses even for public statuses), and the
# notifications, where mentions of a company account arrive for the shitstorm early warning (monitoring).
SCOPES = ("read:accounts", "read:statuses", "read:notifications", "write:statuses", "write:media")
CLIENT_NAME = "resonanz"
MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 16 * 1024 * 1024
MAX_ALT_TEXT = 1500
FIND_WINDOW = 40  # statuses listed by ``find``; Mastodon's maximum page size
CLOCK_SLACK = dt.timedelta(minutes=5)  # our clock against the instance's, for created_at ≥ since
MEDIA_POLLS = 10  # seconds to wait for an image Mastodon processes asynchronously
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

_local = threading.local()


def instance_url(value: str) -> str:
    """The instance's base URL: https, or http on the loopback interface (tests, local fakes); private and
    loopback addresses only in tests or with ``RESONANZ_WEBHOOK_ALLOW_PRIVATE`` (SSRF)."""
    value = value.strip().rstrip("/")
    if "://" not in value:
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        raise Permanent("invalid_instance", "the instance URL cannot be read") from None
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS)
    if (
        not secure
        or not parts.hostname
        or parts.username
        or parts.query
        or parts.fragment
        or len(value) > 300
    ):
        raise Permanent("invalid_instance", "the instance must be an https URL")
    # Members type the instance in: no private or loopback targets outside tests and the bench.
    if not (settings.TESTING or settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE):
        refuse_private_host(parts.hostname, parts.port or 443)
    return value


def _allow_http(base_url: str) -> bool:
    return urlsplit(base_url).scheme == "http"


def _session() -> requests.Session:
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.trust_env = False  # no proxies or .netrc from the environment for user tokens
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))  # many accounts
        _local.session = session
    return session


def _api(
    base_url: str, *, timeout: tuple[float, float], token: str = "", client: tuple[str, str] = ("", "")
) -> Any:
    api = Mastodon(
        api_base_url=instance_url(base_url),
        mastodon_version=MASTODON_VERSION,
        version_check_mode="none",
        ratelimit_method="throw",  # never sleep inside the worker; the worker reschedules
        request_timeout=timeout,  # type: ignore[arg-type]  # requests takes (connect, read)
        session=_session(),
        user_agent=CLIENT_NAME,
    )
    # Set after construction: Mastodon.py reads a token or client id that names an existing file from disk.
    api.access_token = token or None
    api.client_id, api.client_secret = client[0] or None, client[1] or None
    return api


def _status_of(error: MastodonAPIError) -> int | None:
    status = error.args[1] if len(error.args) > 1 else None
    return status if isinstance(status, int) else None


def _message_of(error: MastodonError) -> str:
    text = error.args[3] if len(error.args) > 3 else error.args[0] if error.args else ""
    return " ".join(str(text).split())[:300]


def _connection_never_made(error: BaseException | None) -> bool:
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(error, requests.exceptions.ConnectionError) and error.args:
        reason = getattr(error.args[0], "reason", error.args[0])
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def _outcome(error: MastodonError, api: Any, *, may_have_published: bool) -> Outcome:
    """What a Mastodon.py exception means for the delivery."""
    if isinstance(error, MastodonRatelimitError):
        reset = api.ratelimit_reset
        wait = max(0.0, float(reset) - time.time()) if reset else None
        return Transient("rate_limited", "429 from the instance", http_status=429, retry_after=wait)
    if isinstance(error, MastodonNetworkError):
        if _connection_never_made(error.__context__) or not may_have_published:
            return Transient("unreachable", type(error.__context__).__name__)
        return Unknown("no_answer", type(error.__context__).__name__)
    if isinstance(error, MastodonUnauthorizedError):
        return AuthExpired("unauthorized", _message_of(error), http_status=401)
    if isinstance(error, MastodonServerError):
        # Safe to retry: the idempotency key returns the status if the instance did create it.
        return Transient("server_error", _message_of(error), http_status=_status_of(error))
    if isinstance(error, MastodonAPIError):
        status = _status_of(error)
        if status == 403:
            return AuthExpired("forbidden", _message_of(error), http_status=403)
        if status is not None and 400 <= status < 500:
            return Permanent("rejected", _message_of(error), http_status=status)
        # An answer Mastodon.py could not read (an HTML error page from a proxy, say).
        if may_have_published:
            return Unknown("unreadable_answer", _message_of(error))
        return Transient("unreadable_answer", _message_of(error))
    if isinstance(error, MastodonIllegalArgumentError):
        return Permanent("invalid", _message_of(error))
    return (
        Unknown("error", type(error).__name__)
        if may_have_published
        else Transient("error", type(error).__name__)
    )


def _check(message: Message) -> None:
    if not check_length(message.text, Network.MASTODON).fits:
        raise Permanent("too_long", "over 500 characters as Mastodon counts them")
    if len(message.images) > MAX_IMAGES:
        raise Permanent("too_many_images", "Mastodon takes at most 4 images")
    for image in message.images:
        if image.mime_type not in MEDIA_TYPES:
            raise Permanent("media_type", f"Mastodon does not take {image.mime_type[:50]!r}")
        if len(image.data) > MAX_IMAGE_BYTES:
            raise Permanent("media_too_large", "an image is over 16 MB")
        if len(image.alt_text) > MAX_ALT_TEXT:
            raise Permanent("alt_text_too_long", "an alt text is over 1,500 characters")


def _language(tag: str) -> str | None:
    primary = tag.split("-", 1)[0].lower()
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else None


def _published(status: Any) -> Published:
    created = status.get("created_at")
    return Published(
        remote_id=str(status["id"]),
        url=str(status.get("url") or status.get("uri") or ""),
        published_at=created if isinstance(created, dt.datetime) else None,
    )


@dataclasses.dataclass
class MastodonConnector:
    network: str = "mastodon"
    can_find: bool = True
    timeout: tuple[float, float] = (5.0, 30.0)  # connect, read

    def _client(self, credentials: Credentials) -> Any:
        if not credentials.secret:
            raise AuthExpired("no_token", "the account has no access token")
        return _api(credentials.base_url, timeout=self.timeout, token=credentials.secret)

    def verify(self, credentials: Credentials) -> Profile:
        api = self._client(credentials)
        try:
            account = api.account_verify_credentials()
        except MastodonError as error:
            raise _outcome(error, api, may_have_published=False) from None
        return Profile(
            identifier=str(account["id"]),
            display_name=str(account.get("display_name") or account.get("username") or ""),
            url=str(account.get("url") or ""),
            followers_count=followers(account.get("followers_count")),
        )

    def publish(self, credentials: Credentials, message: Message) -> Published:
        _check(message)
        api = self._client(credentials)
        try:
            media_ids = [
                self._upload(api, image.data, image.mime_type, image.alt_text) for image in message.images
            ]
        except MastodonError as error:
            raise _outcome(error, api, may_have_published=False) from None
        try:
            status = api.status_post(
                message.text,
                media_ids=media_ids or None,
                visibility="public",
                language=_language(message.language),
                idempotency_key=message.idempotency_key or None,
            )
        except MastodonError as error:
            raise _outcome(error, api, may_have_published=True) from None
        return _published(status)

    def _upload(self, api: Any, data: bytes, mime_type: str, alt_text: str) -> str:
        extension = mime_type.split("/", 1)[1]
        media = api.media_post(
            data, mime_type=mime_type, description=alt_text, file_name=f"image.{extension}"
        )
        # Large images are processed asynchronously (202, url null); a status cannot attach them until done.
        for _ in range(MEDIA_POLLS):
            if media.get("url"):
                return str(media["id"])
            time.sleep(1.0)
            media = api.media(media["id"])
        if media.get("url"):
            return str(media["id"])
        raise Transient("media_processing", "the instance has not finished processing an image")

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        api = self._client(credentials)
        try:
            account_id = credentials.identifier or api.account_verify_credentials()["id"]
            statuses = api.account_statuses(account_id, limit=FIND_WINDOW, exclude_reblogs=True)
            wanted = message.text.strip()
            for status in statuses:
                created = status.get("created_at")
                if isinstance(created, dt.datetime) and created < since - CLOCK_SLACK:
                    continue
                if len(status.get("media_attachments") or ()) != len(message.images):
                    continue
                if str(api.status_source(status["id"]).get("text") or "").strip() == wanted:
                    return _published(status)
        except MastodonError as error:
            raise _outcome(error, api, may_have_published=False) from None
        oldest = statuses[-1].get("created_at") if statuses else None
        if len(statuses) >= FIND_WINDOW and isinstance(oldest, dt.datetime) and oldest >= since - CLOCK_SLACK:
            raise Unknown("history_too_long", "the account posted more since then than find can list")
        return None

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        api = self._client(credentials)
        try:
            api.status_delete(remote_id)
        except MastodonNotFoundError:
            return  # already gone
        except MastodonError as error:
            raise _outcome(error, api, may_have_published=False) from None


CONNECTOR = MastodonConnector()


# --- OAuth: one app registration per instance, then the authorization-code flow ---------------------------


def register_app(
    instance: str, redirect_uri: str, *, website: str = "", timeout: float = 10.0
) -> tuple[str, str]:
    """Register resonanz with an instance; returns (client_id, client_secret) to keep per instance."""
    base = instance_url(instance)
    try:
        client_id, client_secret = Mastodon.create_app(
            CLIENT_NAME,
            scopes=list(SCOPES),
            redirect_uris=redirect_uri,
            website=website or None,
            api_base_url=base,
            request_timeout=timeout,
            session=_session(),
            user_agent=CLIENT_NAME,
        )
    except MastodonError as error:
        raise Transient("unreachable", type(error).__name__) from None
    except (KeyError, TypeError, ValueError):  # an error answer instead of an app
        raise Permanent("registration_refused", "the instance did not register the app") from None
    return str(client_id), str(client_secret)


def authorize_url(instance: str, client_id: str, redirect_uri: str, state: str) -> str:
    """Where to send the member to approve resonanz (no network call)."""
    query = urlencode(
        {
            "client_id": client_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "scope": " ".join(SCOPES),
            "state": state,
        }
    )
    return f"{instance_url(instance)}/oauth/authorize?{query}"


def exchange_code(
    instance: str, client_id: str, client_secret: str, redirect_uri: str, code: str, *, timeout: float = 10.0
) -> Token:
    """Trade the code from the redirect for an access token; refuses a grant with fewer scopes than asked."""
    api = _api(instance, timeout=(timeout, timeout), client=(client_id, client_secret))
    try:
        access_token = api.log_in(
            code=code,
            redirect_uri=redirect_uri,
            scopes=list(SCOPES),
            allow_http=_allow_http(api.api_base_url),
        )
    except MastodonIllegalArgumentError as error:
        if isinstance(error.__context__, MastodonNetworkError):
            raise Transient("unreachable", "the instance did not answer") from None
        raise Permanent("code_refused", "the instance refused the authorization code") from None
    except MastodonAPIError:
        raise Permanent(
            "scopes_missing", "the member did not grant all the permissions resonanz asks for"
        ) from None
    except MastodonError as error:
        raise _outcome(error, api, may_have_published=False) from None
    return Token(access_token=str(access_token), scope=" ".join(SCOPES))


def revoke(credentials: Credentials, client_id: str, client_secret: str, *, timeout: float = 10.0) -> None:
    """Revoke the access token on disconnect (Mastodon answers 200 also for a token already gone)."""
    api = _api(
        credentials.base_url,
        timeout=(timeout, timeout),
        token=credentials.secret,
        client=(client_id, client_secret),
    )
    try:
        api.revoke_access_token(allow_http=_allow_http(api.api_base_url))
    except MastodonError as error:
        raise _outcome(error, api, may_have_published=False) from None
