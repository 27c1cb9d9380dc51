"""The Bluesky connector against the reference PDS (@atproto/pds 0.5.35) running on 127.0.0.1.

Where the PDS cannot be made to misbehave (a lost answer, a 503), a small proxy in front of the real
server drops or replaces the answers; everything else is the real server's behaviour.
"""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from resonanz.publishing.connectors import registry
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Image,
    Message,
    Permanent,
    Published,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.bluesky import (
    CONNECTOR,
    BlueskyConnector,
    count_graphemes,
    facets_for,
    record_key,
)
from resonanz.publishing.tests.bluesky_pds import BlueskyPds, start_or_skip

POST = "app.bsky.feed.post"
SINCE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def png(width: int = 3, height: int = 2, colour: tuple[int, int, int] = (200, 30, 60)) -> bytes:
    """A real PNG image (the PDS looks at the bytes, not at the declared type)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def key() -> str:
    return f"delivery-{time.monotonic_ns()}-{threading.get_ident()}"


@pytest.fixture
def account(bluesky_pds: BlueskyPds) -> Credentials:
    handle, app_password = bluesky_pds.create_account()
    return bluesky_pds.credentials(handle, app_password)


def did_of(bluesky_pds: BlueskyPds, credentials: Credentials) -> str:
    return BlueskyConnector().verify(credentials).identifier


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---------------------------------------------------------------- connecting


def test_the_registry_hands_out_the_bluesky_connector() -> None:
    assert registry.connector_for("bluesky") is CONNECTOR
    assert CONNECTOR.network == "bluesky" and CONNECTOR.can_find


def test_an_app_password_connects_and_names_the_account_by_its_did(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    profile = BlueskyConnector().verify(account)

    assert profile.identifier.startswith("did:plc:")
    assert profile.display_name == account.identifier
    assert profile.url == f"https://bsky.app/profile/{account.identifier}"


def test_the_profile_records_display_name_is_the_accounts_name(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    session = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.server.createSession",
        json={"identifier": account.identifier, "password": account.secret},
        timeout=10,
    ).json()
    profile = {"$type": "app.bsky.actor.profile", "displayName": "Rheinblick Consulting GmbH"}
    written = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.repo.putRecord",
        json={
            "repo": session["did"],
            "collection": "app.bsky.actor.profile",
            "rkey": "self",
            "record": profile,
        },
        headers={"authorization": f"Bearer {session['accessJwt']}"},
        timeout=10,
    )
    assert written.status_code == 200

    verified = BlueskyConnector().verify(account)

    assert verified.display_name == "Rheinblick Consulting GmbH" and verified.identifier == session["did"]


def test_a_wrong_password_is_auth_expired_for_verify_and_publish(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    wrong = Credentials(
        network="bluesky", base_url=bluesky_pds.url, identifier=account.identifier, secret="abcd-efgh"
    )

    with pytest.raises(AuthExpired) as verified:
        BlueskyConnector().verify(wrong)
    with pytest.raises(AuthExpired):
        BlueskyConnector().publish(wrong, Message(text="Hallo", idempotency_key=key()))

    assert verified.value.http_status == 401
    assert "abcd-efgh" not in str(verified.value) and "abcd-efgh" not in repr(wrong)


def test_a_revoked_app_password_is_auth_expired_on_the_next_login(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    connector = BlueskyConnector()
    connector.verify(account)
    revoked = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.server.createSession",
        json={"identifier": account.identifier, "password": bluesky_pds.account_password(account.identifier)},
        timeout=10,
    ).json()["accessJwt"]
    answer = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.server.revokeAppPassword",
        json={"name": "resonanz"},
        headers={"authorization": f"Bearer {revoked}"},
        timeout=10,
    )
    assert answer.status_code == 200

    with pytest.raises(AuthExpired):  # a worker without a kept session (the PDS honours issued tokens)
        BlueskyConnector().publish(account, Message(text="Nach dem Widerruf", idempotency_key=key()))


# ---------------------------------------------------------------- publishing


def test_a_post_with_an_image_a_link_and_a_hashtag_arrives_as_written(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    link = "https://rheinblick.example/bericht?jahr=2026"
    text = f"Grüße aus Köln 👋🏽 – unser Bericht: {link} #Qualität"
    image = png()
    message = Message(
        text=text,
        language="de",
        link=link,
        images=(Image(data=image, mime_type="image/png", alt_text="Das Team vor dem Dom, fünf Personen"),),
        idempotency_key=key(),
    )

    published = CONNECTOR.publish(account, message)

    did = did_of(bluesky_pds, account)
    rkey = record_key(message.idempotency_key)
    assert published.remote_id == f"at://{did}/{POST}/{rkey}"
    assert published.url == f"https://bsky.app/profile/{account.identifier}/post/{rkey}"
    record = bluesky_pds.record(did, POST, rkey)
    assert record is not None
    value = record["value"]
    assert value["text"] == text and value["langs"] == ["de"]
    encoded = text.encode()
    link_facet, tag_facet = value["facets"]
    assert encoded[link_facet["index"]["byteStart"] : link_facet["index"]["byteEnd"]].decode() == link
    assert link_facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": link}]
    assert encoded[tag_facet["index"]["byteStart"] : tag_facet["index"]["byteEnd"]].decode() == "#Qualität"
    assert tag_facet["features"] == [{"$type": "app.bsky.richtext.facet#tag", "tag": "Qualität"}]
    (embedded,) = value["embed"]["images"]
    assert embedded["alt"] == "Das Team vor dem Dom, fünf Personen"
    assert embedded["image"]["mimeType"] == "image/png" and embedded["image"]["size"] == len(image)
    assert bluesky_pds.blob(did, embedded["image"]["ref"]["$link"]) == image


def test_four_images_keep_their_order_and_alt_texts(bluesky_pds: BlueskyPds, account: Credentials) -> None:
    images = tuple(
        Image(data=png(colour=(i * 40, 0, 0)), mime_type="image/png", alt_text=f"Bild {i}") for i in range(4)
    )
    message = Message(text="Vier Bilder", images=images, idempotency_key=key())

    CONNECTOR.publish(account, message)

    record = bluesky_pds.record(did_of(bluesky_pds, account), POST, record_key(message.idempotency_key))
    assert record is not None
    assert [image["alt"] for image in record["value"]["embed"]["images"]] == [
        "Bild 0",
        "Bild 1",
        "Bild 2",
        "Bild 3",
    ]


def test_the_same_delivery_published_twice_is_one_post(bluesky_pds: BlueskyPds, account: Credentials) -> None:
    message = Message(text="Einmal und nur einmal", idempotency_key=key())

    first = CONNECTOR.publish(account, message)
    again = BlueskyConnector().publish(account, message)  # another worker, no kept session

    assert again.remote_id == first.remote_id and again.url == first.url
    assert len(bluesky_pds.records(did_of(bluesky_pds, account), POST)) == 1


def test_the_pds_refuses_a_second_record_with_the_same_key_and_keeps_the_first(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    """What the exactly-once design rests on, checked on the server itself (no connector involved)."""
    session = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.server.createSession",
        json={"identifier": account.identifier, "password": account.secret},
        timeout=10,
    ).json()
    rkey = record_key(key())

    def create(text: str) -> httpx.Response:
        record = {"$type": POST, "text": text, "createdAt": "2026-03-01T09:00:00.000Z"}
        return httpx.post(
            f"{bluesky_pds.url}/xrpc/com.atproto.repo.createRecord",
            json={"repo": session["did"], "collection": POST, "rkey": rkey, "record": record},
            headers={"authorization": f"Bearer {session['accessJwt']}"},
            timeout=10,
        )

    first, second = create("erster Versuch"), create("zweiter Versuch")

    assert first.status_code == 200
    assert second.status_code >= 400  # 0.5.35 answers 500 InternalServerError
    (only,) = bluesky_pds.records(session["did"], POST)
    assert only["uri"].endswith(f"/{rkey}") and only["value"]["text"] == "erster Versuch"


def test_a_worker_that_raced_another_one_gets_the_refusal_of_the_pds_as_already_published(
    bluesky_pds: BlueskyPds, account: Credentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = Message(text="Zwei Worker, ein Beitrag", idempotency_key=key())
    first = CONNECTOR.publish(account, message)
    late = BlueskyConnector()
    look = late._existing
    looks: list[str] = []

    def blind_first_look(*args: Any, **kwargs: Any) -> Published | None:
        looks.append("look")
        return None if len(looks) == 1 else look(*args, **kwargs)  # the other worker was not done yet

    monkeypatch.setattr(late, "_existing", blind_first_look)

    again = late.publish(account, message)  # createRecord is refused (500), the look after it finds the post

    assert looks == ["look", "look"]
    assert again.remote_id == first.remote_id
    assert len(bluesky_pds.records(did_of(bluesky_pds, account), POST)) == 1


def test_300_graphemes_are_published_and_301_are_refused_as_too_long(
    bluesky_pds: BlueskyPds, account: Credentials
) -> None:
    thumbs = "👍🏽" * 300  # 600 code points, 2,400 bytes, 300 graphemes
    assert count_graphemes(thumbs) == 300

    CONNECTOR.publish(account, Message(text=thumbs, idempotency_key=key()))
    with pytest.raises(Permanent) as refused:
        CONNECTOR.publish(account, Message(text="ä" * 301, idempotency_key=key()))

    assert refused.value.code == "too_long"
    assert len(bluesky_pds.records(did_of(bluesky_pds, account), POST)) == 1


def test_the_pds_own_refusal_of_an_over_long_text_is_permanent_too_long(
    bluesky_pds: BlueskyPds, account: Credentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    connector = BlueskyConnector()
    monkeypatch.setattr(connector, "_check", lambda message: None)  # let the text through to the server

    with pytest.raises(Permanent) as refused:
        connector.publish(account, Message(text="x" * 301, idempotency_key=key()))

    assert refused.value.code == "too_long" and refused.value.http_status == 400
    assert "grapheme" in refused.value.detail


@pytest.mark.parametrize(
    ("images", "code"),
    [
        (tuple(Image(data=png(), mime_type="image/png", alt_text="x") for _ in range(5)), "too_many_images"),
        ((Image(data=b"\x00" * 1_000_001, mime_type="image/jpeg", alt_text="x"),), "image_too_large"),
        ((Image(data=b"<svg/>", mime_type="image/svg+xml", alt_text="x"),), "media_type"),
    ],
)
def test_images_bluesky_would_not_take_are_refused_before_anything_is_sent(
    images: tuple[Image, ...], code: str
) -> None:
    nowhere = Credentials(
        network="bluesky", base_url=f"http://127.0.0.1:{free_port()}", identifier="a.test", secret="x"
    )

    with pytest.raises(Permanent) as refused:
        CONNECTOR.publish(nowhere, Message(text="Bilder", images=images, idempotency_key=key()))

    assert refused.value.code == code


# ---------------------------------------------------------------- after a crash, and deleting


def test_find_after_a_crash_returns_the_post_or_none(bluesky_pds: BlueskyPds, account: Credentials) -> None:
    message = Message(text="Vor dem Absturz veröffentlicht", idempotency_key=key())
    published = CONNECTOR.publish(account, message)

    found = BlueskyConnector().find(account, message, since=SINCE)  # the restarted worker
    missing = BlueskyConnector().find(
        account, Message(text="nie gesendet", idempotency_key=key()), since=SINCE
    )

    assert isinstance(found, Published)
    assert found.remote_id == published.remote_id and found.url == published.url
    assert found.published_at is not None and found.published_at.tzinfo is not None
    assert missing is None


def test_find_cannot_tell_when_the_pds_is_unreachable() -> None:
    nowhere = Credentials(
        network="bluesky", base_url=f"http://127.0.0.1:{free_port()}", identifier="a.test", secret="x"
    )

    with pytest.raises(Unknown):
        BlueskyConnector().find(nowhere, Message(text="?", idempotency_key=key()), since=SINCE)
    with pytest.raises(Transient) as publish:
        BlueskyConnector().publish(nowhere, Message(text="?", idempotency_key=key()))

    assert publish.value.code == "unreachable"


def test_a_deleted_post_is_gone_and_not_found_again(bluesky_pds: BlueskyPds, account: Credentials) -> None:
    message = Message(text="Wird korrigiert", idempotency_key=key())
    published = CONNECTOR.publish(account, message)

    CONNECTOR.delete(account, published.remote_id)

    did, _, rkey = published.remote_id.removeprefix("at://").split("/")
    assert bluesky_pds.record(did, POST, rkey) is None
    assert CONNECTOR.find(account, message, since=SINCE) is None


def test_deleting_another_accounts_post_is_refused(bluesky_pds: BlueskyPds, account: Credentials) -> None:
    other_handle, other_password = bluesky_pds.create_account()
    other = bluesky_pds.credentials(other_handle, other_password)
    published = CONNECTOR.publish(other, Message(text="Nicht Ihrer", idempotency_key=key()))

    with pytest.raises(Permanent) as refused:
        CONNECTOR.delete(account, published.remote_id)
    with pytest.raises(Permanent):
        CONNECTOR.delete(account, "at://did:plc:x/app.bsky.feed.like/abc")

    assert refused.value.code == "not_own_post"
    did, _, rkey = published.remote_id.removeprefix("at://").split("/")
    assert bluesky_pds.record(did, POST, rkey) is not None


# ---------------------------------------------------------------- answers that go wrong on the way


class Proxy:
    """An HTTP proxy in front of the PDS that can lose answers (``mode``) like a bad network does."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.mode = "pass"  # "pass", "swallow_create" (forward, then never answer), "503", "down"
        self.created = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.forward()

            def do_POST(self) -> None:
                self.forward()

            def forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if proxy.mode == "down":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if proxy.mode == "503":
                    self.send_response(503)
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error":"ServiceUnavailable","message":"busy"}')
                    return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
                }
                answer = httpx.request(self.command, proxy.target + self.path, content=body, headers=headers)
                if proxy.mode == "swallow_create" and "createRecord" in self.path:
                    proxy.created.set()
                    proxy.mode = "down"  # the network is gone until the test says otherwise
                    time.sleep(3)
                    self.close_connection = True
                    return
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in (
                        "content-length",
                        "transfer-encoding",
                        "connection",
                        "content-encoding",
                    ):
                        self.send_header(name, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(bluesky_pds: BlueskyPds) -> Iterator[Proxy]:
    server = Proxy(bluesky_pds.url)
    yield server
    server.close()


def via(proxy: Proxy, credentials: Credentials) -> Credentials:
    return Credentials(
        network="bluesky", base_url=proxy.url, identifier=credentials.identifier, secret=credentials.secret
    )


def test_an_answer_lost_after_sending_is_unknown_and_find_later_sees_the_post(
    bluesky_pds: BlueskyPds, account: Credentials, proxy: Proxy
) -> None:
    connector = BlueskyConnector(timeout=httpx.Timeout(1.5))
    message = Message(text="Die Antwort geht verloren", idempotency_key=key())
    proxy.mode = "swallow_create"

    with pytest.raises(Unknown) as lost:
        connector.publish(via(proxy, account), message)

    assert proxy.created.is_set() and lost.value.code == "timeout"
    proxy.mode = "pass"
    found = BlueskyConnector().find(via(proxy, account), message, since=SINCE)
    assert found is not None
    again = connector.publish(via(proxy, account), message)  # a careless retry still posts nothing new
    assert again.remote_id == found.remote_id
    assert len(bluesky_pds.records(did_of(bluesky_pds, account), POST)) == 1


def test_a_503_before_anything_was_written_is_transient(
    bluesky_pds: BlueskyPds, account: Credentials, proxy: Proxy
) -> None:
    proxy.mode = "503"

    with pytest.raises(Transient) as busy:
        BlueskyConnector().publish(via(proxy, account), Message(text="Später", idempotency_key=key()))

    assert busy.value.code == "server_error" and busy.value.http_status == 503


@pytest.fixture(scope="module")
def rate_limited_pds() -> Iterator[BlueskyPds]:
    server = start_or_skip(rate_limits=True)
    yield server
    server.stop()


def test_too_many_logins_are_transient_with_the_servers_reset_time(rate_limited_pds: BlueskyPds) -> None:
    """The PDS allows 30 logins per account in 5 minutes; the 31st answers 429 with ratelimit-reset."""
    handle, app_password = rate_limited_pds.create_account()
    credentials = rate_limited_pds.credentials(handle, app_password)

    with pytest.raises(Transient) as limited:
        for _ in range(40):
            BlueskyConnector().verify(credentials)  # each a new worker without a kept session

    assert limited.value.code == "rate_limited" and limited.value.http_status == 429
    assert limited.value.retry_after is not None and 0 < limited.value.retry_after <= 300


def test_a_kept_session_means_no_new_login_per_post(rate_limited_pds: BlueskyPds) -> None:
    handle, app_password = rate_limited_pds.create_account()
    credentials = rate_limited_pds.credentials(handle, app_password)
    connector = BlueskyConnector()

    for number in range(35):  # more than the 30 logins the PDS allows in 5 minutes
        connector.publish(credentials, Message(text=f"Beitrag {number}", idempotency_key=key()))

    assert len(rate_limited_pds.records(handle, POST)) == 35


# ---------------------------------------------------------------- without a server


def test_record_keys_are_stable_valid_tids_and_differ_per_delivery() -> None:
    keys = {record_key(f"delivery-{number}") for number in range(2000)}

    assert len(keys) == 2000
    assert record_key("delivery-1") == record_key("delivery-1")
    for rkey in keys:
        assert len(rkey) == 13 and rkey[0] in "234567abcdefghij"
        assert set(rkey) <= set("234567abcdefghijklmnopqrstuvwxyz")


def test_facets_count_bytes_not_characters() -> None:
    text = "Ö 🧑‍🤝‍🧑 https://a.example/x. #Köln #2026 https://b.example"

    facets = facets_for(text, "https://a.example/x")

    encoded = text.encode()
    spans = [encoded[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets]
    assert spans == ["https://a.example/x", "#Köln", "https://b.example"]


# ---------------------------------------------------------------- the fixture itself


@pytest.mark.parametrize(
    ("environment", "here", "outcome"),
    [
        ({"CI": "true"}, True, pytest.fail.Exception),
        ({"RESONANZ_REQUIRE_SERVICES": "1"}, True, pytest.fail.Exception),
        ({}, True, pytest.skip.Exception),  # no npm on this machine: skipped, saying why
        ({}, False, pytest.fail.Exception),  # built but broken: a failure everywhere
    ],
)
def test_a_server_that_cannot_start_fails_under_ci_and_is_skipped_only_for_a_missing_npm_elsewhere(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], here: bool, outcome: type[BaseException]
) -> None:
    from resonanz.publishing.tests import bluesky_pds as module

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("RESONANZ_REQUIRE_SERVICES", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    def cannot(*, rate_limits: bool = False) -> BlueskyPds:
        raise module.PdsUnavailable("npm is not installed", here=here)

    monkeypatch.setattr(module, "start", cannot)

    with pytest.raises(outcome) as stopped:
        module.start_or_skip()

    assert "npm is not installed" in str(stopped.value)


def test_the_server_stops_when_the_test_process_that_started_it_dies(bluesky_pds: BlueskyPds) -> None:
    import os
    import signal
    import subprocess
    import sys

    starter = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; from resonanz.publishing.tests.bluesky_pds import start;"
            "server = start(); print(server.process.pid, server.url, server.data_dir, flush=True);"
            "os.kill(os.getpid(), 9)",
        ],
        capture_output=True,
        text=True,
        timeout=200,
        check=False,
    )
    pid_text, url, data_dir = starter.stdout.split()
    pid = int(pid_text)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the server outlived the process that started it")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/xrpc/_health", timeout=2)
    assert not os.path.exists(data_dir)  # its data went with it
