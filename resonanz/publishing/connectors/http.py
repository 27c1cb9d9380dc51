"""What the httpx-based connectors (LinkedIn, X, webhook) share: one client per thread, timeouts, and the
mapping from transport errors and rate-limit headers to outcomes.

The one rule that matters here: a request that may have reached the network and been acted upon (the
publishing call, after its bytes left) never becomes ``Transient`` on a timeout or a dropped connection; it
becomes ``Unknown`` so the worker asks ``find`` or a person instead of posting twice. Calls that cannot
publish anything (uploads before the post, reads) are ``Transient`` whatever went wrong in transport.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.cookiejar
import ipaddress
import socket
import threading
from collections.abc import Mapping

import httpx

from resonanz.publishing.connectors.base import Permanent, Transient, Unknown

# Connect fast (a refused or unreachable host is surely "not published"), give the network time to answer.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
USER_AGENT = "resonanz (+https://github.com/resonanz)"
MAX_RETRY_AFTER = 24 * 3600.0

_local = threading.local()


def no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps nothing."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def client() -> httpx.Client:
    """This thread's client: connections are kept alive between deliveries (the bench posts thousands)."""
    existing: httpx.Client | None = getattr(_local, "client", None)
    if existing is None or existing.is_closed:
        existing = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,  # a redirect to somewhere else must not carry our token along
            trust_env=False,
            cookies=no_cookies(),  # one client serves many accounts: nothing may carry over between them
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )
        _local.client = existing
    return existing


def seconds_until(value: str, *, now: float | None = None) -> float | None:
    """Seconds from now named by a rate-limit header.

    Accepts what the networks send: a delay in seconds (``Retry-After: 120``), a Unix time
    (``x-rate-limit-reset: 1765000000``, X and LinkedIn), an HTTP date (``Retry-After``) or an ISO 8601
    time (Mastodon's ``X-RateLimit-Reset``). None when unreadable; clamped to [0, 24 h].
    """
    value = value.strip()[:64]
    if not value:
        return None
    current = dt.datetime.now(dt.UTC).timestamp() if now is None else now
    seconds: float | None = None
    if value.isascii() and value.isdigit():
        number = float(value)
        # Unix times are large; deltas are small. 10^9 s is 2001, far beyond any sensible delay.
        seconds = number - current if number > 1e9 else number
    else:
        when: dt.datetime | None = None
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = when.timestamp() - current
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait a 429 or 503 asks for, from ``Retry-After`` or the networks' reset headers."""
    lowered = {key.lower(): value for key, value in headers.items()}
    for name in ("retry-after", "x-rate-limit-reset", "x-ratelimit-reset"):
        if name in lowered:
            seconds = seconds_until(lowered[name])
            if seconds is not None:
                return seconds
    return None


def transport_outcome(error: httpx.TransportError, *, may_have_published: bool) -> Transient | Unknown:
    """The outcome of a request that got no HTTP answer."""
    detail = type(error).__name__
    # These fail before a single byte of the request is sent: nothing can have been published.
    if isinstance(
        error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.UnsupportedProtocol
    ):
        return Transient("unreachable", detail)
    if not may_have_published:
        return Transient("network_error", detail)
    return Unknown("no_answer", detail)


def send(
    method: str,
    url: str,
    *,
    may_have_published: bool,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    headers: Mapping[str, str] | None = None,
    json: object = None,
    content: bytes | None = None,
    data: Mapping[str, str] | None = None,
    auth: tuple[str, str] | None = None,
) -> httpx.Response:
    """One request on this thread's client; transport errors become ``Transient`` or ``Unknown``."""
    try:
        return client().request(
            method,
            url,
            headers=headers,
            json=json,
            content=content,
            data=data,
            auth=auth,
            timeout=timeout,
        )
    except httpx.TransportError as error:
        raise transport_outcome(error, may_have_published=may_have_published) from None


def json_object(response: httpx.Response) -> dict[str, object]:
    """The response body as a JSON object, or {} when it is not one (error pages, empty bodies)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def short(value: object, limit: int = 200) -> str:
    """Part of an answer for a log line: bounded, one line."""
    return " ".join(str(value).split())[:limit]


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def refuse_private_host(hostname: str, port: int) -> None:
    """SSRF guard for addresses members type in (webhooks, Mastodon instances): ``Permanent`` when the host
    resolves to a private, loopback, link-local, multicast or reserved address; ``Transient`` when it does
    not resolve. Resolving again at connect time can differ (DNS rebinding): an egress proxy closes that."""
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Transient("unreachable", "the host name does not resolve") from None
    if not infos or any(_private(str(info[4][0])) for info in infos):
        raise Permanent("private_address", "the address is private or local")
