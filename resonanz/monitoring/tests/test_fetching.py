"""Mentions from connected Mastodon accounts, against mastodon-mock: stored once, a network error noted on
the account and retried, one worker per account."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from django.utils import timezone
from mastodon_mock.testing.server import MockServer

from resonanz.content.models import PostNetwork
from resonanz.core.models import Membership
from resonanz.monitoring.fetching import fetch_account, fetch_all, plain_text
from resonanz.monitoring.models import Mention, MentionCursor, Tone
from resonanz.publishing.models import NetworkAccount
from resonanz.publishing.tests.factories import make_account


@pytest.fixture
def instance(mastodon_mock_session: MockServer) -> MockServer:
    httpx.post(f"{mastodon_mock_session.base_url}/api/v1/_mock/reset").raise_for_status()
    httpx.delete(f"{mastodon_mock_session.base_url}/api/v1/_mock/faults").raise_for_status()
    return mastodon_mock_session


@pytest.fixture
def account(manager: Membership, instance: MockServer) -> NetworkAccount:
    return make_account(
        manager, PostNetwork.MASTODON, identifier="", secret="alice_token", base_url=instance.base_url
    )


def mention_alice(instance: MockServer, text: str, who: str = "bob") -> None:
    instance.client(who).status_post(f"@alice {text}", language="de")


def test_mentions_are_fetched_with_their_tone_and_stored_once(
    account: NetworkAccount, instance: MockServer, manager: Membership
) -> None:
    mention_alice(instance, "Nie wieder, der Service ist eine Katastrophe")
    mention_alice(instance, "Super Service bei euch, alles schnell erledigt", who="carol")
    instance.client("bob").status_post("kein Bezug zu Alice")

    assert fetch_all() == 2
    assert fetch_all() == 0  # fetched again: nothing new, nothing twice

    stored = {mention.author: mention for mention in Mention.objects.all()}
    assert set(stored) == {"bob", "carol"}
    assert stored["bob"].tone == Tone.NEGATIVE and stored["carol"].tone == Tone.POSITIVE
    assert stored["bob"].text.startswith("@alice Nie wieder")
    assert stored["bob"].account_id == account.pk and stored["bob"].network == "mastodon"

    mention_alice(instance, "Und noch etwas")
    assert fetch_all() == 1
    assert Mention.objects.count() == 3
    # Forgetting the position fetches the newest page again: the constraint keeps one of each.
    MentionCursor.objects.update(cursor="")
    assert fetch_all() == 0
    assert Mention.objects.count() == 3


def test_a_network_error_is_noted_on_the_account_and_retried_next_run(
    account: NetworkAccount, instance: MockServer
) -> None:
    mention_alice(instance, "Hallo")
    rule = {
        "match": {"path": "/api/v1/notifications"},
        "effect": {"type": "status", "status": 503},
        "count": 1,
    }
    httpx.post(f"{instance.base_url}/api/v1/_mock/faults", json=rule).raise_for_status()

    assert fetch_all() == 0
    cursor = MentionCursor.objects.get(account=account)
    assert cursor.last_error and cursor.last_error_at is not None and cursor.claimed_until is None

    assert fetch_all() == 1
    cursor.refresh_from_db()
    assert cursor.last_error == "" and cursor.fetched == 1


def test_an_account_claimed_by_another_worker_is_left_alone(
    account: NetworkAccount, instance: MockServer
) -> None:
    mention_alice(instance, "Hallo")
    now = timezone.now()
    MentionCursor.objects.create(account=account, claimed_until=now + dt.timedelta(minutes=5))

    assert fetch_account(account, now) is None
    assert Mention.objects.count() == 0
    # A claim that ran out (a worker that died) is taken over.
    assert fetch_account(account, now + dt.timedelta(minutes=6)) == 1


def test_personal_accounts_are_not_monitored(manager: Membership, instance: MockServer) -> None:
    make_account(
        manager,
        PostNetwork.MASTODON,
        identifier="",
        secret="alice_token",
        base_url=instance.base_url,
        personal=True,
    )
    mention_alice(instance, "Hallo")

    assert fetch_all() == 0
    assert Mention.objects.count() == 0


def test_status_html_becomes_plain_text() -> None:
    assert plain_text('<p>Hallo <a href="x">@<span>alice</span></a> &amp; Co</p><p>zwei</p>') == (
        "Hallo @alice & Co\nzwei"
    )
