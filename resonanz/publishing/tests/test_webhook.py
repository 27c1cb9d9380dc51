"""The webhook connector against a receiver that checks signatures, and its SSRF guard."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import httpx
import pytest
from pytest_django import Settings

from resonanz.publishing.connectors import http, webhook
from resonanz.publishing.connectors.base import Credentials, Image, Message, Permanent, Transient, Unknown
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.fakes.server import Reply, Request
from resonanz.publishing.fakes.webhook import WebhookReceiver

FAST = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)
MESSAGE = Message(
    text="Unser Sommerfest am 4. Juli: https://example.org/fest",
    language="de",
    link="https://example.org/fest",
    images=(Image(b"\x89PNG....", "image/png", "Gäste im Hof"),),
    idempotency_key="delivery-1",
)


@pytest.fixture(autouse=True)
def _allow_loopback(settings: Settings) -> None:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver("s3cret") as fake:
        yield fake


def credentials(fake: WebhookReceiver, secret: str = "s3cret") -> Credentials:  # noqa: S107
    return Credentials(network="webhook", base_url=f"{fake.base_url}/hooks/resonanz", secret=secret)


def test_it_is_the_registered_connector() -> None:
    assert connector_for("webhook") is webhook.CONNECTOR
    assert webhook.CONNECTOR.can_find is False


def test_it_posts_a_signed_body_the_receiver_accepts(receiver: WebhookReceiver) -> None:
    published = webhook.CONNECTOR.publish(credentials(receiver), MESSAGE)

    assert published.remote_id == "d1"
    assert published.url == "https://intranet.example/news/1"
    [body] = receiver.deliveries
    assert body["text"] == MESSAGE.text
    assert body["language"] == "de"
    assert body["link"] == "https://example.org/fest"
    assert body["images"] == [{"alt_text": "Gäste im Hof", "mime_type": "image/png", "size": 8}]
    assert body["idempotency_key"] == "delivery-1"
    assert dt.datetime.fromisoformat(str(body["sent_at"])).tzinfo is not None
    [request] = receiver.requests
    assert request.headers["idempotency-key"] == "delivery-1"
    assert request.headers["x-resonanz-signature"].startswith("sha256=")


def test_without_an_id_in_the_answer_the_idempotency_key_is_the_remote_id() -> None:
    with WebhookReceiver("s3cret", answer_id=False) as fake:
        published = webhook.CONNECTOR.publish(credentials(fake), MESSAGE)
    assert published.remote_id == "delivery-1"
    assert published.url == ""


def test_a_wrong_secret_is_refused_permanently(receiver: WebhookReceiver) -> None:
    with pytest.raises(Permanent) as caught:
        webhook.CONNECTOR.publish(credentials(receiver, secret="other"), MESSAGE)
    assert caught.value.http_status == 401
    assert receiver.deliveries == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(receiver: WebhookReceiver, status: int) -> None:
    receiver.fail_next(status)
    with pytest.raises(Transient) as caught:
        webhook.CONNECTOR.publish(credentials(receiver), MESSAGE)
    assert caught.value.http_status == status
    assert receiver.deliveries == []


def test_429_is_transient_with_the_receivers_retry_after(receiver: WebhookReceiver) -> None:
    receiver.rate_limit_next(reset_in=120)
    with pytest.raises(Transient) as caught:
        webhook.CONNECTOR.publish(credentials(receiver), MESSAGE)
    assert caught.value.retry_after == 120


def test_a_timeout_after_sending_is_unknown_and_the_receiver_has_it(receiver: WebhookReceiver) -> None:
    receiver.slow_next(3.0, after_handling=True)
    connector = webhook.WebhookConnector(timeout=FAST)
    with pytest.raises(Unknown):
        connector.publish(credentials(receiver), MESSAGE)
    assert len(receiver.deliveries) == 1
    with pytest.raises(Unknown):
        connector.find(credentials(receiver), MESSAGE, since=dt.datetime.now(dt.UTC))


def test_a_refused_connection_is_transient() -> None:
    with WebhookReceiver() as fake:
        url = fake.base_url
    with pytest.raises(Transient) as caught:
        webhook.CONNECTOR.publish(Credentials(network="webhook", base_url=url, secret="s"), MESSAGE)
    assert caught.value.code == "unreachable"


def test_a_repeated_key_is_one_delivery_for_a_careful_receiver(receiver: WebhookReceiver) -> None:
    first = webhook.CONNECTOR.publish(credentials(receiver), MESSAGE)
    second = webhook.CONNECTOR.publish(credentials(receiver), MESSAGE)
    assert first.remote_id == second.remote_id == "d1"
    assert receiver.duplicates == 1  # the receiver saw it twice and can tell


def test_verify_signature_checks_body_secret_and_age() -> None:
    body = json.dumps({"text": "Hallo"}).encode()
    header = webhook.signature("k", "1700000000", body)
    assert webhook.verify_signature("k", "1700000000", body, header, now=1700000100)
    assert not webhook.verify_signature("k", "1700000000", body + b" ", header, now=1700000100)
    assert not webhook.verify_signature("x", "1700000000", body, header, now=1700000100)
    assert not webhook.verify_signature("k", "1700000000", body, header, now=1700000000 + 301)
    assert not webhook.verify_signature("k", "17000000ab", body, header, now=1700000100)
    assert not webhook.verify_signature("k", "1700000000", body, "sha256=00", now=1700000100)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pw@example.org/hook",
        "http://example.org:99999/hook",
        "https://" + "a" * 3000 + ".example",
        "/relative",
    ],
)
def test_it_refuses_urls_that_are_not_http_endpoints(url: str) -> None:
    with pytest.raises(Permanent) as caught:
        webhook.CONNECTOR.publish(Credentials(network="webhook", base_url=url, secret="s"), MESSAGE)
    assert caught.value.code == "invalid_url"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_in_production_private_targets_are_refused(settings: Settings, url: str) -> None:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(Permanent) as caught:
        webhook.CONNECTOR.publish(Credentials(network="webhook", base_url=url, secret="s"), MESSAGE)
    assert caught.value.code == "private_address"


def test_a_public_address_passes_the_guard() -> None:
    webhook.check_endpoint("https://93.184.215.14/hook", allow_private=False)


def test_delete_is_not_offered() -> None:
    with pytest.raises(Permanent):
        webhook.CONNECTOR.delete(Credentials(network="webhook"), "d1")


# --- what the httpx-based connectors share (connectors/http.py) -----------------------------------------


class CookieSettingReceiver(WebhookReceiver):
    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        return Reply(reply.status, reply.body, {**reply.headers, "Set-Cookie": "session=account-a; Path=/"})


def test_no_cookie_carries_over_from_one_account_to_the_next() -> None:
    with CookieSettingReceiver("s3cret") as fake:
        webhook.CONNECTOR.publish(credentials(fake), MESSAGE)
        webhook.CONNECTOR.publish(credentials(fake), Message(text="Zweiter", idempotency_key="delivery-2"))
        assert "cookie" not in fake.requests[1].headers


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("1700000900", 900.0),  # a Unix time (X, LinkedIn)
        ("2023-11-14T22:28:20Z", 900.0),  # ISO 8601 (Mastodon)
        ("2023-11-14T22:28:20.000+00:00", 900.0),
        ("Tue, 14 Nov 2023 22:28:20 GMT", 900.0),  # an HTTP date (Retry-After)
        ("1699999000", 0.0),  # in the past
        ("99999999999999", 86400.0),  # absurd: capped at a day
        ("soon", None),
        ("", None),
    ],
)
def test_rate_limit_headers_are_read_in_every_form_networks_use(value: str, seconds: float | None) -> None:
    assert http.seconds_until(value, now=1700000000.0) == seconds


def test_retry_after_prefers_retry_after_then_the_reset_headers() -> None:
    assert http.retry_after({"Retry-After": "30", "x-rate-limit-reset": "99"}) == 30
    assert http.retry_after({"X-RateLimit-Reset": "45"}) == 45
    assert http.retry_after({"Retry-After": "later"}) is None
    assert http.retry_after({}) is None


def test_transport_errors_map_to_transient_before_sending_and_unknown_after() -> None:
    refused = httpx.ConnectError("refused")
    timed_out = httpx.ReadTimeout("slow")
    assert isinstance(http.transport_outcome(refused, may_have_published=True), Transient)
    assert isinstance(http.transport_outcome(timed_out, may_have_published=True), Unknown)
    assert isinstance(http.transport_outcome(timed_out, may_have_published=False), Transient)
    assert isinstance(
        http.transport_outcome(httpx.RemoteProtocolError("dropped"), may_have_published=True), Unknown
    )
