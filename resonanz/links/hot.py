"""``GET /r/<code>``: the redirect of tracked links, a bare WSGI callable in front of Django.

``resonanz.wsgi`` hands every path under ``/r/`` to ``application`` here, before Django's request
cycle (DESIGN.md §6: a bare callable serves several times the rate of a minimal Django view). The
code is looked up in a small in-process cache (``CACHE_SIZE`` entries, ``CACHE_SECONDS`` each; an
expired or changed link is noticed within that time), else with one read query through Django's
connection of the thread. The click is appended to the process's click log (``links.clicklog``)
*before* the 302 is returned, and reaches the database later through ingestion — the redirect
never waits on a database commit.

Decisions: HEAD answers like GET without a body and records nothing (link checkers and preview
fetchers send HEAD; a person's browser does not). Bots and preview fetchers are recorded with
``is_bot`` and counted apart from clicks (``links.classify``). An odd path, method or code gets a
small 404 (or 405) page, and no request does more than one query. When the database cannot be
reached (the lookup, or the day's salt once a day) the answer is a small 503 page and nothing is
recorded. The client's address is ``core.client_address.ClientAddress``: ``REMOTE_ADDR``, unless the
request comes from a trusted proxy (``settings.TRUSTED_PROXIES``), as for the request limits.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from resonanz.core.client_address import ClientAddress, trusted_proxies
from resonanz.links.classify import MAX_AGENT, MAX_REFERRER, agent_class, referrer_class
from resonanz.links.clicklog import MICROS_PER_DAY, ClickLog, encode_line, log_directory
from resonanz.links.models import TrackedLink
from resonanz.links.visitors import DailySalt, SaltedHasher

PREFIX = "/r/"
CACHE_SECONDS = 5.0
CACHE_SIZE = 10_000
MAX_ACCEPT_LANGUAGE = 200
_CODE = re.compile(r"[A-Za-z0-9_-]{7,10}")
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()

StartResponse = Callable[..., Any]
Found = tuple[int, int, str]  # link id, organization id, the address to redirect to

# The one small page of every answer but a redirect: "not found" (404, 405) or, with the 503 when
# the database cannot be reached, "try again in a minute".
_PAGE = "links/not_found.html"
_COMMON_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
]


def location(target: str, utm: Iterable[tuple[str, str]]) -> str:
    """The target with the UTM parameters added; its own query is kept as it is, and a parameter it
    sets itself wins over ours."""
    parts = urlsplit(target)
    own = {pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}
    added = urlencode([(name, value) for name, value in utm if value and name not in own])
    query = "&".join(part for part in (parts.query, added) if part)
    return parts._replace(query=query).geturl()


class LinkCache:
    """A bounded map of codes to what the redirect needs (or ``None``: unknown or expired)."""

    def __init__(self, size: int = CACHE_SIZE, seconds: float = CACHE_SECONDS) -> None:
        self.size, self.seconds = size, seconds
        self._entries: dict[str, tuple[float, Found | None]] = {}

    def get(self, code: str, now: float) -> tuple[bool, Found | None]:
        entry = self._entries.get(code)
        if entry is None or entry[0] < now:
            return False, None
        return True, entry[1]

    def put(self, code: str, found: Found | None, now: float) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()  # simplest bound: start afresh (one query per code refills it)
        self._entries[code] = (now + self.seconds, found)

    def clear(self) -> None:
        self._entries.clear()


def _lookup_sql() -> str:
    quote = connection.ops.quote_name
    link = quote(TrackedLink._meta.db_table)
    campaign = quote(TrackedLink._meta.get_field("campaign").related_model._meta.db_table)
    return (
        f"SELECT l.id, l.organization_id, l.target_url, l.utm_source, l.utm_medium, l.utm_campaign, "  # noqa: S608
        f"l.utm_content, c.name FROM {link} l LEFT OUTER JOIN {campaign} c ON c.id = l.campaign_id "
        "WHERE l.code = %s AND (l.expires_at IS NULL OR l.expires_at > %s)"
    )


def lookup(code: str) -> Found | None:
    """One read query: the link of ``code`` if it exists and has not expired."""
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    with connection.cursor() as cursor:
        cursor.execute(_lookup_sql(), [code, now])
        row = cursor.fetchone()
    if row is None:
        return None
    link_id, organization_id, target, source, medium, campaign_utm, content, campaign_name = row
    utm = [
        ("utm_source", source),
        ("utm_medium", medium),
        ("utm_campaign", campaign_name or campaign_utm),
        ("utm_content", content),
    ]
    return int(link_id), int(organization_id), location(target, utm)


def _language(environ: dict[str, Any]) -> str:
    header = str(environ.get("HTTP_ACCEPT_LANGUAGE", ""))[:MAX_ACCEPT_LANGUAGE]
    for language, _quality in parse_accept_lang_header(header):
        short = language.split("-")[0]
        if short in ("de", "en"):
            return short
    return str(settings.LANGUAGE_CODE)


class Classes:
    """The classes of user agents and referrers seen lately: the same few strings arrive again and
    again, so each is classified once (bounded like the link cache)."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._agents: dict[str, tuple[str, bool]] = {}
        self._referrers: dict[str, str] = {}

    def agent(self, user_agent: str) -> tuple[str, bool]:
        key = user_agent[:MAX_AGENT]
        found = self._agents.get(key)
        if found is None:
            found = agent_class(key)
            if len(self._agents) >= self.size:
                self._agents.clear()
            self._agents[key] = found
        return found

    def referrer(self, referrer: str) -> str:
        key = referrer[:MAX_REFERRER]
        found = self._referrers.get(key)
        if found is None:
            found = referrer_class(key)
            if len(self._referrers) >= self.size:
                self._referrers.clear()
            self._referrers[key] = found
        return found


class Redirector:
    """The WSGI callable for ``/r/<code>``."""

    def __init__(self, log: ClickLog) -> None:
        self.log = log
        self.cache = LinkCache()
        self.salt = DailySalt()
        self.classes = Classes()
        self.address = ClientAddress(trusted_proxies())
        # The UTC day of the last click: its number since the epoch, ISO date and hasher (salt).
        self._today: tuple[int, str, SaltedHasher | None] = (-1, "", None)
        self._pages: dict[tuple[bool, str], bytes] = {}
        self._pages_lock = threading.Lock()

    def _page(self, unavailable: bool, language: str) -> bytes:
        page = self._pages.get((unavailable, language))
        if page is None:
            with self._pages_lock, translation.override(language):
                page = render_to_string(_PAGE, {"language": language, "unavailable": unavailable}).encode()
            self._pages[(unavailable, language)] = page
        return page

    def not_found(self, environ: dict[str, Any], start_response: StartResponse, status: str) -> list[bytes]:
        language = _language(environ)
        body = self._page(status.startswith("503"), language)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Content-Language", language),
            ("Vary", "Accept-Language"),
            ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
            *_COMMON_HEADERS,
        ]
        if status.startswith("405"):
            headers.append(("Allow", "GET, HEAD"))
        if status.startswith("503"):
            headers.append(("Retry-After", "30"))
        start_response(status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def find(self, code: str) -> Found | None:
        now = time.monotonic()
        known, found = self.cache.get(code, now)
        if known:
            return found
        try:
            found = lookup(code)
        except DatabaseError:
            connection.close()  # a broken connection: the next request opens a new one
            found = lookup(code)
        self.cache.put(code, found, now)
        return found

    def _new_day(self, number: int) -> tuple[int, str, SaltedHasher]:
        day = dt.date.fromordinal(_EPOCH_ORDINAL + number)
        today = (number, day.isoformat(), SaltedHasher(self.salt.for_day(day)))  # may query the database
        self._today = today
        return today

    def record(self, environ: dict[str, Any], link_id: int, organization_id: int) -> None:
        """Append the click's line to the log (``DatabaseError``: the day's salt could not be read,
        ``OSError``: the line could not be written; either way nothing is recorded)."""
        micros = time.time_ns() // 1000
        number, day, hasher = self._today
        if number != micros // MICROS_PER_DAY or hasher is None:
            number, day, hasher = self._new_day(micros // MICROS_PER_DAY)
        agent, is_bot = self.classes.agent(str(environ.get("HTTP_USER_AGENT", "")))
        line = encode_line(
            link_id,
            organization_id,
            micros,
            day,
            hasher(self.address(environ), agent),
            self.classes.referrer(str(environ.get("HTTP_REFERER", ""))),
            agent,
            is_bot,
        )
        self.log.write(line, number)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = str(environ.get("PATH_INFO", ""))
        code = path[len(PREFIX) :] if len(path) <= len(PREFIX) + 11 else ""
        code = code[:-1] if code.endswith("/") else code
        if method not in ("GET", "HEAD"):
            return self.not_found(environ, start_response, "405 Method Not Allowed")
        if not _CODE.fullmatch(code):
            return self.not_found(environ, start_response, "404 Not Found")
        try:
            found = self.find(code)
            if found is not None and method == "GET":
                # In the kernel before the client hears of it: a killed process loses no answered click.
                self.record(environ, found[0], found[1])
        except (DatabaseError, OSError):
            return self.not_found(environ, start_response, "503 Service Unavailable")
        if found is None:
            return self.not_found(environ, start_response, "404 Not Found")
        target = found[2]
        start_response("302 Found", [("Location", target), ("Content-Length", "0"), *_COMMON_HEADERS])
        return []


_redirector: Redirector | None = None
_redirector_lock = threading.Lock()


def redirector() -> Redirector:
    global _redirector  # one redirector per process, made on first use
    if _redirector is None:
        with _redirector_lock:
            if _redirector is None:
                _redirector = Redirector(ClickLog(log_directory(settings.DATA_DIR)))
    return _redirector


def application(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    return redirector()(environ, start_response)


def in_front_of(django_application: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``django_application`` with every path under ``/r/`` answered here first (``resonanz.wsgi``; the
    browser tests put it in front of their live server the same way)."""

    def routed(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith(PREFIX):
            return application(environ, start_response)
        return django_application(environ, start_response)

    return routed
