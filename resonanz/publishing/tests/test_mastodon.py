"""The Mastodon connector against mastodon-mock, and strict tests where the mock is lax."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from mastodon_mock.testing.server import MockServer
from pytest_django import Settings

from resonanz.publishing.connectors import mastodon
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Image,
    Message,
    Permanent,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.fakes.server import FakeServer, Reply, Request

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def instance(mastodon_mock_session: MockServer) -> MockServer:
    """The session's mock instance, back to its seed (alice, bob, carol) and without faults."""
    httpx.post(f"{mastodon_mock_session.base_url}/api/v1/_mock/reset").raise_for_status()
    httpx.delete(f"{mastodon_mock_session.base_url}/api/v1/_mock/faults").raise_for_status()
    return mastodon_mock_session


@contextlib.contextmanager
def fault(server: MockServer, **effect: object) -> Iterator[None]:
    """The next POST /api/v1/statuses meets ``effect`` (mastodon-mock's fault injection)."""
    rule = {"match": {"methods": ["POST"], "path": "/api/v1/statuses"}, "effect": effect, "count": 1}
    httpx.post(f"{server.base_url}/api/v1/_mock/faults", json=rule).raise_for_status()
    yield


def alice(server: MockServer) -> Credentials:
    return Credentials(network="mastodon", base_url=server.base_url, secret="alice_token")


def statuses(server: MockServer) -> list[Any]:
    client = server.client("alice")
    return list(client.account_statuses(client.account_verify_credentials()["id"], limit=40))


def test_it_is_the_registered_connector_and_can_find() -> None:
    assert connector_for("mastodon") is mastodon.CONNECTOR
    assert mastodon.CONNECTOR.can_find is True


def test_it_verifies_the_account(instance: MockServer) -> None:
    profile = mastodon.CONNECTOR.verify(alice(instance))
    assert profile.display_name == "Alice"
    assert profile.identifier


def test_the_profile_carries_the_follower_count_the_instance_reports(instance: MockServer) -> None:
    reported = instance.client("alice").account_verify_credentials()["followers_count"]
    bob = instance.client("bob")
    bob.account_follow(bob.account_lookup("alice")["id"])

    profile = mastodon.CONNECTOR.verify(alice(instance))

    assert isinstance(reported, int)
    assert profile.followers_count == instance.client("alice").account_verify_credentials()["followers_count"]
    assert profile.followers_count is not None and profile.followers_count >= reported


def test_it_publishes_text_with_language_and_an_image_with_alt_text(instance: MockServer) -> None:
    message = Message(
        text="Heute im Programm: https://example.org/programm",
        language="de-DE",
        images=(Image(PNG, "image/png", "Ein Saal voller Menschen"),),
        idempotency_key="d-1",
    )
    published = mastodon.CONNECTOR.publish(alice(instance), message)

    [status] = statuses(instance)
    assert str(status["id"]) == published.remote_id
    assert published.url
    assert status["language"] == "de"
    assert status["visibility"] == "public"
    [attachment] = status["media_attachments"]
    assert attachment["description"] == "Ein Saal voller Menschen"
    source = instance.client("alice").status_source(status["id"])
    assert source["text"] == message.text


def test_the_same_idempotency_key_twice_makes_one_status(instance: MockServer) -> None:
    message = Message(text="Nur einmal, bitte.", idempotency_key="delivery-42")
    first = mastodon.CONNECTOR.publish(alice(instance), message)
    second = mastodon.CONNECTOR.publish(alice(instance), message)
    assert first.remote_id == second.remote_id
    assert len(statuses(instance)) == 1


def test_find_locates_the_post_by_its_exact_text(instance: MockServer) -> None:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    credentials = alice(instance)
    mastodon.CONNECTOR.publish(credentials, Message(text="Ein anderer Beitrag", idempotency_key="a"))
    published = mastodon.CONNECTOR.publish(
        credentials, Message(text="Der gesuchte Beitrag", idempotency_key="b")
    )

    found = mastodon.CONNECTOR.find(credentials, Message(text="Der gesuchte Beitrag"), since=since)
    assert found is not None
    assert found.remote_id == published.remote_id
    assert mastodon.CONNECTOR.find(credentials, Message(text="Der gesuchte"), since=since) is None


def test_find_ignores_an_identical_status_from_before_the_attempt(instance: MockServer) -> None:
    credentials = alice(instance)
    mastodon.CONNECTOR.publish(credentials, Message(text="Wochenrückblick", idempotency_key="old"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert mastodon.CONNECTOR.find(credentials, Message(text="Wochenrückblick"), since=later) is None


def test_delete_removes_the_status_and_a_second_delete_is_fine(instance: MockServer) -> None:
    credentials = alice(instance)
    published = mastodon.CONNECTOR.publish(credentials, Message(text="Wird gelöscht", idempotency_key="x"))
    mastodon.CONNECTOR.delete(credentials, published.remote_id)
    assert statuses(instance) == []
    mastodon.CONNECTOR.delete(credentials, published.remote_id)


def test_a_wrong_token_means_reconnect(instance: MockServer) -> None:
    credentials = Credentials(network="mastodon", base_url=instance.base_url, secret="revoked")
    with pytest.raises(AuthExpired):
        mastodon.CONNECTOR.publish(credentials, Message(text="Hallo", idempotency_key="k"))


def test_a_token_naming_a_file_is_never_read_as_one(instance: MockServer) -> None:
    credentials = Credentials(network="mastodon", base_url=instance.base_url, secret="/etc/hostname")
    with pytest.raises(AuthExpired):
        mastodon.CONNECTOR.verify(credentials)


def test_422_is_permanent_with_mastodons_message(instance: MockServer) -> None:
    with fault(instance, type="status", status=422), pytest.raises(Permanent) as caught:
        mastodon.CONNECTOR.publish(alice(instance), Message(text="Hallo", idempotency_key="k"))
    assert caught.value.code == "rejected"
    assert caught.value.http_status == 422


def test_429_is_transient_with_the_reset_time(instance: MockServer) -> None:
    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=240)).isoformat()
    headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    with fault(instance, type="ratelimit", status=429, headers=headers), pytest.raises(Transient) as caught:
        mastodon.CONNECTOR.publish(alice(instance), Message(text="Hallo", idempotency_key="k"))
    assert caught.value.retry_after is not None
    assert 200 < caught.value.retry_after <= 245  # the Date header has whole seconds
    assert statuses(instance) == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(instance: MockServer, status: int) -> None:
    with fault(instance, type="status", status=status), pytest.raises(Transient) as caught:
        mastodon.CONNECTOR.publish(alice(instance), Message(text="Hallo", idempotency_key="k"))
    assert caught.value.http_status == status


def test_a_timeout_after_sending_is_unknown_and_find_settles_it(instance: MockServer) -> None:
    since = dt.datetime.now(dt.UTC)
    message = Message(text="Langsam angekommen", idempotency_key="slow")
    connector = mastodon.MastodonConnector(timeout=(2.0, 0.3))
    with fault(instance, type="latency", delay_ms=1500), pytest.raises(Unknown):
        connector.publish(alice(instance), message)
    # mastodon-mock delays before reading the request, so our disconnect left it without the status:
    # find says so for sure, and the retry with the same key posts it once.
    assert mastodon.CONNECTOR.find(alice(instance), message, since=since) is None
    published = mastodon.CONNECTOR.publish(alice(instance), message)
    assert mastodon.CONNECTOR.publish(alice(instance), message) == published
    found = mastodon.CONNECTOR.find(alice(instance), message, since=since)
    assert found is not None
    assert found.remote_id == published.remote_id
    assert len(statuses(instance)) == 1


def test_an_unreachable_instance_is_transient() -> None:
    with FakeServer() as fake:
        url = fake.base_url
    with pytest.raises(Transient) as caught:
        mastodon.CONNECTOR.publish(
            Credentials(network="mastodon", base_url=url, secret="t"),
            Message(text="Hallo", idempotency_key="k"),
        )
    assert caught.value.code == "unreachable"


# --- strict where mastodon-mock is lax -----------------------------------------------------------------


class CountingFake(FakeServer):
    """Answers nothing useful: a connector that refuses locally must not call it at all."""

    def handle(self, request: Request) -> Reply:
        return Reply.json(500, {"error": "should not have been called"})


class StatusAcceptingFake(FakeServer):
    """Takes any status (mastodon-mock wrongly counts links at full length, so it cannot show this)."""

    def handle(self, request: Request) -> Reply:
        if request.method == "POST" and request.path == "/api/v1/statuses":
            text = parse_qs(request.body.decode())["status"][0]
            return Reply.json(
                200,
                {
                    "id": "7",
                    "url": "https://social.example/@a/7",
                    "created_at": "2026-12-06T06:00:00.000Z",
                    "content": text,
                },
            )
        return Reply.json(404, {"error": "Not found"})


def test_length_counts_every_link_as_23() -> None:
    long_link = "https://example.org/" + "a" * 200
    text = "x" * 470 + " " + long_link  # 691 characters, 494 as Mastodon counts
    with StatusAcceptingFake() as fake:
        published = mastodon.CONNECTOR.publish(
            Credentials(network="mastodon", base_url=fake.base_url, secret="t"), Message(text=text)
        )
        [request] = fake.requests
    assert published.remote_id == "7"
    assert parse_qs(request.body.decode())["status"] == [text]


def test_over_500_is_refused_before_any_call() -> None:
    text = "x" * 478 + " https://example.org/z"  # 478 + 1 + 23 = 502
    with CountingFake() as fake:
        with pytest.raises(Permanent) as caught:
            mastodon.CONNECTOR.publish(
                Credentials(network="mastodon", base_url=fake.base_url, secret="t"), Message(text=text)
            )
        assert fake.requests == []
    assert caught.value.code == "too_long"


@pytest.mark.parametrize(
    ("image", "code"),
    [
        (Image(b"<svg/>", "image/svg+xml", "Logo"), "media_type"),
        (Image(b"%PDF", "application/pdf", "Flyer"), "media_type"),
        (Image(b"x" * (16 * 1024 * 1024 + 1), "image/jpeg", "Groß"), "media_too_large"),
        (Image(PNG, "image/png", "a" * 1501), "alt_text_too_long"),
    ],
)
def test_media_mastodon_refuses_is_refused_before_any_call(image: Image, code: str) -> None:
    with CountingFake() as fake:
        with pytest.raises(Permanent) as caught:
            mastodon.CONNECTOR.publish(
                Credentials(network="mastodon", base_url=fake.base_url, secret="t"),
                Message(text="Bild", images=(image,)),
            )
        assert fake.requests == []
    assert caught.value.code == code


def test_five_images_are_refused() -> None:
    images = tuple(Image(PNG, "image/png", f"Bild {n}") for n in range(5))
    with pytest.raises(Permanent) as caught:
        mastodon.CONNECTOR.publish(
            Credentials(network="mastodon", base_url="https://social.example", secret="t"),
            Message(text="Bilder", images=images),
        )
    assert caught.value.code == "too_many_images"


@pytest.mark.parametrize(
    "url",
    ["http://social.example", "ftp://social.example", "https://u:p@social.example", "https://x.example/?a=1"],
)
def test_instances_must_be_https(url: str) -> None:
    with pytest.raises(Permanent) as caught:
        mastodon.CONNECTOR.publish(
            Credentials(network="mastodon", base_url=url, secret="t"), Message(text="Hallo")
        )
    assert caught.value.code == "invalid_instance"


# Mastodon's scope names (config/initializers/doorkeeper.rb, 4.3); the mock accepts any string.
_READ = "accounts blocks bookmarks favourites filters follows lists mutes notifications search statuses"
_WRITE = "accounts blocks bookmarks conversations favourites filters follows lists media mutes notifications"
_WRITE += " reports"
KNOWN_SCOPES = {
    "read",
    "write",
    "follow",
    "push",
    "profile",
    "write:statuses",
    *(f"read:{name}" for name in _READ.split()),
    *(f"write:{name}" for name in _WRITE.split()),
}


class StrictOAuthInstance(FakeServer):
    """Registers apps only with scope names Mastodon knows; grants what the member ticked."""

    def __init__(self, granted: str = "") -> None:
        super().__init__()
        self.granted = granted
        self.apps: list[dict[str, list[str]]] = []

    def handle(self, request: Request) -> Reply:
        form = parse_qs(request.body.decode())
        if request.path == "/api/v1/apps":
            scopes = form["scopes"][0].split(" ")
            if not set(scopes) <= KNOWN_SCOPES:
                return Reply.json(422, {"error": "Validation failed: Scopes are invalid"})
            self.apps.append(form)
            return Reply.json(200, {"client_id": "cid", "client_secret": "csecret", "scopes": scopes})
        if request.path == "/oauth/token":
            if form.get("code") != ["good-code"] or form.get("client_secret") != ["csecret"]:
                return Reply.json(400, {"error": "invalid_grant"})
            scope = self.granted or form["scope"][0]
            return Reply.json(
                200, {"access_token": "tok", "token_type": "Bearer", "scope": scope, "created_at": 1}
            )
        if request.path == "/oauth/revoke":
            return Reply.json(200, {})
        return Reply.json(404, {"error": "Not found"})


def test_it_registers_with_only_the_minimal_known_scopes() -> None:
    with StrictOAuthInstance() as instance:
        client_id, client_secret = mastodon.register_app(instance.base_url, "https://resonanz.example/cb")
        [app] = instance.apps
    assert (client_id, client_secret) == ("cid", "csecret")
    assert app["scopes"] == ["read:accounts read:statuses read:notifications write:statuses write:media"]
    assert app["redirect_uris"] == ["https://resonanz.example/cb"]


def test_the_authorize_url_asks_for_the_same_scopes() -> None:
    url = mastodon.authorize_url("https://social.example", "cid", "https://resonanz.example/cb", "st4te")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "social.example", "/oauth/authorize")
    assert query["scope"] == [" ".join(mastodon.SCOPES)]
    assert query["state"] == ["st4te"]
    assert query["response_type"] == ["code"]


def test_exchanging_the_code_gives_a_token_and_a_wrong_code_is_refused() -> None:
    with StrictOAuthInstance() as instance:
        token = mastodon.exchange_code(
            instance.base_url, "cid", "csecret", "https://r.example/cb", "good-code"
        )
        assert token.access_token == "tok"
        with pytest.raises(Permanent) as caught:
            mastodon.exchange_code(instance.base_url, "cid", "csecret", "https://r.example/cb", "bad-code")
    assert caught.value.code == "code_refused"
    assert "tok" not in repr(token)


def test_a_grant_with_fewer_scopes_is_refused() -> None:
    with (
        StrictOAuthInstance(granted="read:accounts write:statuses") as instance,
        pytest.raises(Permanent) as caught,
    ):
        mastodon.exchange_code(instance.base_url, "cid", "csecret", "https://r.example/cb", "good-code")
    assert caught.value.code == "scopes_missing"


def test_the_full_flow_against_the_mock_then_revoke(instance: MockServer) -> None:
    base = instance.base_url
    client_id, client_secret = mastodon.register_app(base, "https://resonanz.example/cb")
    approved = httpx.post(
        f"{base}/oauth/authorize",
        data={"username": "bob", "redirect_uri": "https://resonanz.example/cb", "client_id": client_id},
    )
    code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
    token = mastodon.exchange_code(base, client_id, client_secret, "https://resonanz.example/cb", code)
    credentials = Credentials(network="mastodon", base_url=base, secret=token.access_token)
    assert mastodon.CONNECTOR.verify(credentials).display_name == "Bob"

    mastodon.revoke(credentials, client_id, client_secret)
    with pytest.raises(AuthExpired):
        mastodon.CONNECTOR.verify(credentials)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:3000", "https://10.0.0.8", "https://[::1]", "https://localhost"]
)
def test_outside_tests_private_instances_are_refused(settings: Settings, url: str) -> None:
    settings.TESTING = False
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(Permanent) as caught:
        mastodon.CONNECTOR.publish(
            Credentials(network="mastodon", base_url=url, secret="t"), Message(text="Hallo")
        )
    assert caught.value.code == "private_address"
    with pytest.raises(Permanent):
        mastodon.register_app(url, "https://resonanz.example/cb")
