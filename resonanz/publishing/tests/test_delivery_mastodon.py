"""The delivery worker against mastodon-mock: a 429 waits for the reset time, then posts once; a token the
instance refuses fails the delivery and marks the account to be reconnected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from django.utils import timezone
from mastodon_mock.testing.server import MockServer

from resonanz.content.models import Post, PostNetwork
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing import delivery as worker
from resonanz.publishing.models import AccountStatus, Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.factories import approved_post, make_account, schedule


@pytest.fixture
def instance(mastodon_mock_session: MockServer) -> MockServer:
    httpx.post(f"{mastodon_mock_session.base_url}/api/v1/_mock/reset").raise_for_status()
    httpx.delete(f"{mastodon_mock_session.base_url}/api/v1/_mock/faults").raise_for_status()
    return mastodon_mock_session


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"])


@pytest.fixture
def post(manager: Membership, org: Organization) -> Post:
    return approved_post(manager, make_member(org, ["quality_officer"]), text="Tag der offenen Tür")


def _account(manager: Membership, instance: MockServer, token: str) -> NetworkAccount:
    return make_account(
        manager, PostNetwork.MASTODON, identifier="", secret=token, base_url=instance.base_url
    )


def _statuses(instance: MockServer) -> list[Any]:
    client = instance.client("alice")
    return list(client.account_statuses(client.account_verify_credentials()["id"], limit=40))


def test_a_429_waits_for_the_reset_time_and_then_posts_once(
    manager: Membership, post: Post, instance: MockServer
) -> None:
    delivery = schedule(manager, post, _account(manager, instance, "alice_token"))
    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=240)).isoformat()
    rule = {
        "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
        "effect": {"type": "ratelimit", "status": 429, "headers": {"X-RateLimit-Reset": reset}},
        "count": 1,
    }
    httpx.post(f"{instance.base_url}/api/v1/_mock/faults", json=rule).raise_for_status()

    before = timezone.now()
    worker.send_due()
    waiting = Delivery.objects.get(pk=delivery.pk)
    assert (waiting.status, waiting.failure_code) == (DeliveryStatus.SCHEDULED, "rate_limited")
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at >= before + dt.timedelta(seconds=200)
    assert _statuses(instance) == []

    worker.send_due(waiting.next_attempt_at)
    worker.send_due(waiting.next_attempt_at + dt.timedelta(hours=1))

    published = Delivery.objects.get(pk=delivery.pk)
    (status,) = _statuses(instance)
    assert published.status == DeliveryStatus.PUBLISHED and published.remote_id == str(status["id"])


def test_a_refused_token_fails_the_delivery_and_the_account_must_be_reconnected(
    manager: Membership, post: Post, instance: MockServer
) -> None:
    account = _account(manager, instance, "no-such-token")
    delivery = schedule(manager, post, account)

    worker.send_due()

    failed = Delivery.objects.get(pk=delivery.pk)
    assert (failed.status, failed.failure_code) == (DeliveryStatus.FAILED, "auth_expired")
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.EXPIRED
    assert _statuses(instance) == []
