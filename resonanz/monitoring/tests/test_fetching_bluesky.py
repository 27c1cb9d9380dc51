"""Mentions, replies and quotes of a connected Bluesky account: read from the AppView's notifications.

The reference PDS of the tests runs without an AppView, so it cannot answer ``listNotifications``: that
test shows the run notes the failure and carries on. How an answer is read (position, pages, fields) is
tested with notifications in the form the atproto SDK's own models give them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from atproto_client import models

from resonanz.content.models import PostNetwork
from resonanz.core.models import Membership
from resonanz.monitoring import fetching
from resonanz.monitoring.fetching import fetch_all
from resonanz.monitoring.models import Mention, MentionCursor, Tone
from resonanz.publishing.connectors import bluesky
from resonanz.publishing.models import NetworkAccount
from resonanz.publishing.tests.bluesky_pds import BlueskyPds
from resonanz.publishing.tests.conftest import bluesky_pds  # noqa: F401  (the fixture)
from resonanz.publishing.tests.factories import make_account

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def notification(number: int, text: str, *, reason: str = "mention", author: str = "kundin.test") -> Any:
    at = (T0 + dt.timedelta(minutes=number)).isoformat().replace("+00:00", "Z")
    return models.AppBskyNotificationListNotifications.Notification(
        uri=f"at://did:plc:{author[:6]}/app.bsky.feed.post/{number:05d}",
        cid="bafyreid",
        author=models.AppBskyActorDefs.ProfileView(did=f"did:plc:{author[:6]}", handle=author),
        reason=reason,
        record={"$type": "app.bsky.feed.post", "text": text, "createdAt": at, "langs": ["de"]},
        is_read=False,
        indexed_at=at,
    )


class Stream:
    """The AppView's notifications, newest first, served in pages like ``listNotifications``."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.calls: list[str | None] = []

    def add(self, item: Any) -> None:
        self.items.insert(0, item)

    def __call__(
        self, credentials: Any, reasons: list[str], cursor: str | None = None, limit: int = 50
    ) -> tuple[list[Any], str | None]:
        assert reasons == ["mention", "reply", "quote"]
        self.calls.append(cursor)
        start = int(cursor or 0)
        page = self.items[start : start + 2]
        more = start + 2 < len(self.items)
        return page, str(start + 2) if more else None


@pytest.fixture
def stream(monkeypatch: pytest.MonkeyPatch) -> Stream:
    served = Stream()
    monkeypatch.setattr(bluesky.CONNECTOR, "notifications", served)
    return served


@pytest.fixture
def account(manager: Membership) -> NetworkAccount:
    return make_account(manager, PostNetwork.BLUESKY, identifier="firma.test")


def test_a_first_run_takes_the_newest_page_and_later_runs_read_back_to_the_position(
    account: NetworkAccount, stream: Stream
) -> None:
    for number, text in enumerate(["Alt eins", "Alt zwei", "Alt drei"], start=1):
        stream.add(notification(number, text))
    assert fetch_all() == 2  # the newest page only
    assert stream.calls == [None]
    cursor = MentionCursor.objects.get(account=account)
    assert dt.datetime.fromisoformat(cursor.cursor) == T0 + dt.timedelta(minutes=3)

    stream.add(notification(4, "Der Service ist eine Katastrophe, nie wieder", reason="reply"))
    stream.add(notification(5, "Danke, super schnell geholfen!", reason="quote", author="fan.test"))
    stream.add(notification(6, "Noch eine Frage zum Versand"))
    stream.calls.clear()

    assert fetch_all() == 3  # pages back until the stored position, nothing older
    assert stream.calls == [None, "2"]
    stored = {mention.text: mention for mention in Mention.objects.filter(network=PostNetwork.BLUESKY)}
    assert set(stored) == {
        "Alt zwei",
        "Alt drei",
        "Der Service ist eine Katastrophe, nie wieder",
        "Danke, super schnell geholfen!",
        "Noch eine Frage zum Versand",
    }
    angry = stored["Der Service ist eine Katastrophe, nie wieder"]
    assert angry.tone == Tone.NEGATIVE and angry.author == "kundin.test" and angry.lang == "de"
    assert angry.posted_at == T0 + dt.timedelta(minutes=4) and angry.account_id == account.pk
    assert stored["Danke, super schnell geholfen!"].tone == Tone.POSITIVE

    stream.calls.clear()
    assert fetch_all() == 0  # nothing new, nothing twice
    MentionCursor.objects.update(cursor="")
    assert fetch_all() == 0  # position forgotten: the newest page again, kept once by the constraint
    assert Mention.objects.count() == 5


def test_notifications_without_a_post_are_left_out(account: NetworkAccount, stream: Stream) -> None:
    broken = notification(1, "x")
    broken.record = {"$type": "app.bsky.feed.like"}
    stream.add(broken)
    stream.add(notification(2, "Gute Arbeit"))
    assert fetch_all() == 1
    assert list(Mention.objects.values_list("text", flat=True)) == ["Gute Arbeit"]


def test_against_the_reference_pds_without_an_appview_the_failure_is_noted_and_nothing_stops(
    manager: Membership,
    bluesky_pds: BlueskyPds,  # noqa: F811
) -> None:
    handle, app_password = bluesky_pds.create_account()
    account = make_account(
        manager, PostNetwork.BLUESKY, identifier=handle, secret=app_password, base_url=bluesky_pds.url
    )

    assert fetching.fetch_account(account) is None

    cursor = MentionCursor.objects.get(account=account)
    assert cursor.last_error_at is not None and cursor.claimed_until is None
    # The PDS could not reach an AppView (502 UpstreamFailure): noted as such, not as a failed login.
    assert cursor.last_error.startswith("Transient: server_error: 502")
    assert Mention.objects.count() == 0
