"""Fetching mentions of and replies to the organization's connected company accounts.

Mastodon: ``GET /api/v1/notifications?types[]=mention`` through Mastodon.py, newer than the stored
position (``min_id``), at most ``MAX_PAGES`` pages a run. A first run takes the newest page only.

Bluesky: mentions, replies and quotes are notifications (``app.bsky.notification.listNotifications``),
which the account's PDS answers by proxying to its AppView; the position is the newest ``indexedAt``
seen, and a run reads pages back until it reaches it (at most ``MAX_PAGES``; a first run the newest page).
The reference PDS of the tests runs without an AppView: there the fetch fails and is noted on the cursor
like any network error; the reading of the AppView's answer is tested against its documented form.

Each account has a cursor row; a run claims it with a conditional update (``claimed_until``), so several
workers never fetch the same account at once. A network error is noted on the cursor and the next run
tries again; it never stops the other accounts.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from mastodon.errors import MastodonError

from resonanz.content.models import PostNetwork
from resonanz.monitoring.models import MAX_AUTHOR_LENGTH, MAX_ID_LENGTH, MAX_TEXT_LENGTH, MentionCursor
from resonanz.monitoring.storing import Incoming, store_mentions
from resonanz.publishing.connectors import bluesky, mastodon
from resonanz.publishing.connectors.base import Outcome
from resonanz.publishing.credentials import credentials_of
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

logger = logging.getLogger(__name__)
CLAIM = dt.timedelta(minutes=10)
PAGE_SIZE = 40  # Mastodon's largest page
MAX_PAGES = 5
MAX_ACCOUNTS_PER_RUN = 100
TIMEOUT = (5.0, 20.0)
FETCHED_NETWORKS = (PostNetwork.MASTODON, PostNetwork.BLUESKY)
BLUESKY_REASONS = ["mention", "reply", "quote"]
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class FetchFailed(Exception):
    """The network did not answer as expected; the message says how (for the cursor, not for people)."""


def plain_text(content: str) -> str:
    """A Mastodon status's HTML as plain text (links and mentions keep their visible text)."""
    text = _TAG.sub("", _BREAK.sub("\n", content))
    return html.unescape(text).strip()[:MAX_TEXT_LENGTH]


def _incoming(status: dict[str, Any]) -> Incoming | None:
    account = status.get("account") or {}
    created = status.get("created_at")
    if isinstance(created, str):
        created = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    if not isinstance(created, dt.datetime) or status.get("id") is None:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return Incoming(
        external_id=str(status.get("uri") or status["id"])[:MAX_ID_LENGTH],
        network=PostNetwork.MASTODON,
        author=str(account.get("acct") or account.get("username") or "")[:MAX_AUTHOR_LENGTH] or "?",
        posted_at=created,
        lang=str(status.get("language") or "")[:16],
        text=plain_text(str(status.get("content") or "")),
    )


def mastodon_mentions(account: NetworkAccount, cursor: str) -> tuple[list[Incoming], str]:
    """The mentions newer than ``cursor`` (oldest first) and the new cursor."""
    credentials = credentials_of(account)
    api = mastodon._api(credentials.base_url, timeout=TIMEOUT, token=credentials.secret)
    found: list[Incoming] = []
    newest = cursor
    try:
        for _page in range(MAX_PAGES if cursor else 1):
            page = api.notifications(types=["mention"], min_id=newest or None, limit=PAGE_SIZE)
            if not page:
                break
            ids = [int(item["id"]) for item in page]
            for item in page:
                if item.get("type") == "mention" and item.get("status"):
                    incoming = _incoming(item["status"])
                    if incoming is not None:
                        found.append(incoming)
            newest = str(max(ids + ([int(newest)] if newest else [])))
            if len(page) < PAGE_SIZE:
                break
    except MastodonError as error:
        outcome = mastodon._outcome(error, api, may_have_published=False)
        raise FetchFailed(f"{outcome.code}: {outcome.detail}"[:300]) from None
    except (KeyError, TypeError, ValueError) as error:
        raise FetchFailed(f"unreadable answer: {type(error).__name__}") from None
    found.sort(key=lambda mention: mention.posted_at)
    return found, newest


def _bluesky_incoming(notification: Any) -> Incoming | None:
    """A Bluesky notification (``app.bsky.notification.listNotifications#notification``) as a mention."""
    record = getattr(notification, "record", None)
    text = getattr(record, "text", None)
    if not isinstance(text, str) or not getattr(notification, "uri", None):
        return None
    created = bluesky.parse_time(getattr(record, "created_at", None)) or bluesky.parse_time(
        notification.indexed_at
    )
    if created is None:
        return None
    langs = getattr(record, "langs", None) or []
    author = getattr(notification, "author", None)
    return Incoming(
        external_id=str(notification.uri)[:MAX_ID_LENGTH],
        network=PostNetwork.BLUESKY,
        author=str(getattr(author, "handle", "") or getattr(author, "did", "") or "")[:MAX_AUTHOR_LENGTH]
        or "?",
        posted_at=created,
        lang=str(langs[0] if langs else "")[:16],
        text=text.strip()[:MAX_TEXT_LENGTH],
    )


def bluesky_mentions(account: NetworkAccount, cursor: str) -> tuple[list[Incoming], str]:
    """The mentions, replies and quotes indexed after ``cursor`` (an ``indexedAt``), oldest first, and
    the new position."""
    credentials = credentials_of(account)
    seen = bluesky.parse_time(cursor)
    found: list[Incoming] = []
    newest = seen
    page_cursor: str | None = None
    try:
        for _page in range(MAX_PAGES if seen else 1):
            page, page_cursor = bluesky.CONNECTOR.notifications(credentials, BLUESKY_REASONS, page_cursor)
            reached = False
            for notification in page:
                indexed = bluesky.parse_time(getattr(notification, "indexed_at", None))
                if indexed is None:
                    continue
                if seen is not None and indexed <= seen:
                    reached = True
                    continue
                newest = indexed if newest is None or indexed > newest else newest
                incoming = _bluesky_incoming(notification)
                if incoming is not None:
                    found.append(incoming)
            if reached or not page or not page_cursor:
                break
    except (AttributeError, TypeError, ValueError) as error:
        raise FetchFailed(f"unreadable answer: {type(error).__name__}") from None
    found.sort(key=lambda mention: mention.posted_at)
    return found, newest.isoformat() if newest is not None else cursor


def mentions_since(account: NetworkAccount, cursor: str) -> tuple[list[Incoming], str]:
    """The account's new mentions on its network, and the new position."""
    if account.network == PostNetwork.BLUESKY:
        return bluesky_mentions(account, cursor)
    return mastodon_mentions(account, cursor)


def _claim(account: NetworkAccount, now: dt.datetime) -> MentionCursor | None:
    try:
        with transaction.atomic():
            MentionCursor.objects.get_or_create(account=account)
    except IntegrityError:
        pass  # another worker made it just now
    claimed = MentionCursor.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), account=account
    ).update(claimed_until=now + CLAIM)
    return MentionCursor.objects.get(account=account) if claimed else None


def fetch_account(account: NetworkAccount, now: dt.datetime | None = None) -> int | None:
    """Fetch one account's new mentions; how many were stored, or None when another worker has it or the
    network failed (noted on the cursor)."""
    now = now or timezone.now()
    cursor = _claim(account, now)
    if cursor is None:
        return None
    try:
        mentions, position = mentions_since(account, cursor.cursor)
    except (FetchFailed, Outcome, ValueError) as error:
        detail = str(error) if isinstance(error, FetchFailed) else type(error).__name__
        if isinstance(error, Outcome):
            detail = f"{detail}: {error.code}: {error.detail}"
        logger.warning("monitoring: fetching mentions of account %s failed: %s", account.pk, detail)
        MentionCursor.objects.filter(pk=cursor.pk).update(
            claimed_until=None, last_error=detail[:300], last_error_at=now, last_run_at=now
        )
        return None
    with transaction.atomic():
        stored, _known = store_mentions(
            account.organization, mentions, account=account, ignore_conflicts=True
        )
        MentionCursor.objects.filter(pk=cursor.pk).update(
            cursor=position,
            claimed_until=None,
            last_run_at=now,
            last_error="",
            last_error_at=None,
            fetched=cursor.fetched + stored,
        )
    return stored


def fetch_all(now: dt.datetime | None = None) -> int:
    """Every connected company account on a network that is fetched; how many mentions were stored."""
    now = now or timezone.now()
    accounts = (
        NetworkAccount.objects.filter(
            status=AccountStatus.CONNECTED, kind=AccountKind.COMPANY, network__in=FETCHED_NETWORKS
        )
        .select_related("organization")
        .order_by("pk")[:MAX_ACCOUNTS_PER_RUN]
    )
    stored = 0
    for account in accounts:
        stored += fetch_account(account, now) or 0
    return stored
