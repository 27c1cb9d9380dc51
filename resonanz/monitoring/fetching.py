"""Fetching mentions of and replies to the organization's connected company accounts.

Mastodon: ``GET /api/v1/notifications?types[]=mention`` through Mastodon.py, newer than the stored
position (``min_id``), at most ``MAX_PAGES`` pages a run. A first run takes the newest page only.

Bluesky: mentions and replies are notifications (``app.bsky.notification.listNotifications``), which
the PDS answers only by proxying to an AppView; the local reference PDS runs without one, so this
network is not fetched yet (see the report of issue 17).

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
from resonanz.publishing.connectors import mastodon
from resonanz.publishing.connectors.base import Outcome
from resonanz.publishing.credentials import credentials_of
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

logger = logging.getLogger(__name__)
CLAIM = dt.timedelta(minutes=10)
PAGE_SIZE = 40  # Mastodon's largest page
MAX_PAGES = 5
MAX_ACCOUNTS_PER_RUN = 100
TIMEOUT = (5.0, 20.0)
FETCHED_NETWORKS = (PostNetwork.MASTODON,)
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
        mentions, position = mastodon_mentions(account, cursor.cursor)
    except (FetchFailed, Outcome, ValueError) as error:
        detail = str(error) if isinstance(error, FetchFailed) else type(error).__name__
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
