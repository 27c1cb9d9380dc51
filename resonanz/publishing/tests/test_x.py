"""The X connector against the strict local fake (request bodies checked with xdk's models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from xdk.schemas import CreatePostsRequest, CreatePostsResponse

from resonanz.publishing.connectors import x
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Image,
    Message,
    Permanent,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.oauth import new_pkce
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.fakes.x import XFake

FAST = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)


@pytest.fixture
def fake() -> Iterator[XFake]:
    with XFake() as server:
        yield server


def jana(fake: XFake, token: str = "x-token") -> Credentials:  # noqa: S107
    return Credentials(network="x", base_url=fake.base_url, identifier=fake.user.id, secret=token)


def test_it_is_the_registered_connector_and_cannot_find(fake: XFake) -> None:
    assert connector_for("x") is x.CONNECTOR
    assert x.CONNECTOR.can_find is False
    with pytest.raises(Unknown):
        x.CONNECTOR.find(jana(fake), Message(text="Hallo"), since=dt.datetime.now(dt.UTC))


def test_it_verifies_the_account(fake: XFake) -> None:
    profile = x.CONNECTOR.verify(jana(fake))
    assert profile.identifier == fake.user.id
    assert profile.url == "https://x.com/jana_beispiel"


def test_it_asks_for_the_follower_count_with_the_profile(fake: XFake) -> None:
    fake.user.followers = 4321
    assert x.CONNECTOR.verify(jana(fake)).followers_count == 4321


@pytest.mark.parametrize("value", [None, -1, "12", True, 1.5])
def test_an_odd_follower_count_counts_as_not_reported(value: object) -> None:
    from resonanz.publishing.connectors.base import followers

    assert followers(value) is None
    assert followers(0) == 0


def test_it_posts_text_and_an_image_with_alt_text(fake: XFake) -> None:
    message = Message(
        text="Neu im Blog: https://example.org/b", images=(Image(b"\x89PNG..", "image/png", "Ein Diagramm"),)
    )
    published = x.CONNECTOR.publish(jana(fake), message)

    [post] = fake.posts
    assert published.remote_id == post["id"]
    assert published.url == f"https://x.com/i/web/status/{post['id']}"
    assert post["text"] == message.text
    [media_id] = post["media_ids"]
    assert fake.media[media_id]["alt_text"] == "Ein Diagramm"
    assert fake.media[media_id]["size"] == 6
    # The request is a valid CreatePostsRequest and the answer a CreatePostsResponse (xdk, from the spec).
    request = next(r for r in fake.requests if r.path == "/2/tweets")
    CreatePostsRequest.model_validate(request.json())
    assert request.headers["authorization"] == "Bearer x-token"


def test_the_fakes_success_shape_is_xs(fake: XFake) -> None:
    answer = httpx.post(
        f"{fake.base_url}/2/tweets", json={"text": "Form"}, headers={"Authorization": "Bearer x-token"}
    )
    assert answer.status_code == 201
    parsed = CreatePostsResponse.model_validate(answer.json())
    assert parsed.data is not None and parsed.data.text == "Form"


def test_the_fake_refuses_an_incomplete_or_unknown_body(fake: XFake) -> None:
    headers = {"Authorization": "Bearer x-token"}
    empty = httpx.post(f"{fake.base_url}/2/tweets", json={}, headers=headers)
    unknown = httpx.post(f"{fake.base_url}/2/tweets", json={"text": "a", "status": "b"}, headers=headers)
    wrong_type = httpx.post(f"{fake.base_url}/2/tweets", json={"text": 5}, headers=headers)
    assert [empty.status_code, unknown.status_code, wrong_type.status_code] == [400, 400, 400]
    assert unknown.json()["title"] == "Invalid Request"
    assert fake.posts == []


def test_a_duplicate_is_permanent_and_not_posted_twice(fake: XFake) -> None:
    x.CONNECTOR.publish(jana(fake), Message(text="Zweimal dasselbe"))
    with pytest.raises(Permanent) as caught:
        x.CONNECTOR.publish(jana(fake), Message(text="Zweimal dasselbe"))
    assert caught.value.code == "duplicate"
    assert len(fake.posts) == 1


def test_a_dead_token_means_reconnect(fake: XFake) -> None:
    with pytest.raises(AuthExpired):
        x.CONNECTOR.publish(jana(fake, token="expired"), Message(text="Hallo"))
    assert fake.posts == []


def test_429_is_transient_with_the_reset_time(fake: XFake) -> None:
    fake.rate_limit_next(reset_in=900, path="/2/tweets")
    with pytest.raises(Transient) as caught:
        x.CONNECTOR.publish(jana(fake), Message(text="Hallo"))
    assert caught.value.retry_after is not None
    assert 890 <= caught.value.retry_after <= 900
    assert fake.posts == []


@pytest.mark.parametrize("status", [500, 503])
def test_errors_x_calls_temporary_are_transient(fake: XFake, status: int) -> None:
    fake.fail_next(status, path="/2/tweets")
    with pytest.raises(Transient):
        x.CONNECTOR.publish(jana(fake), Message(text="Hallo"))


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_on_the_post_are_unknown(fake: XFake, status: int) -> None:
    fake.fail_next(status, path="/2/tweets")
    with pytest.raises(Unknown):
        x.CONNECTOR.publish(jana(fake), Message(text="Hallo"))


def test_a_failed_upload_is_transient_and_nothing_is_posted(fake: XFake) -> None:
    fake.fail_next(504, path="/2/media/upload")
    with pytest.raises(Transient):
        x.CONNECTOR.publish(
            jana(fake), Message(text="Bild", images=(Image(b"GIF89a", "image/gif", "Animiert"),))
        )
    assert fake.posts == []


def test_a_timeout_after_sending_is_unknown_and_the_post_exists(fake: XFake) -> None:
    fake.slow_next(3.0, path="/2/tweets")
    with pytest.raises(Unknown):
        x.XConnector(timeout=FAST).publish(jana(fake), Message(text="Langsam"))
    assert len(fake.posts) == 1  # why a person must look: retrying would post it twice


def test_over_280_is_refused_before_any_call(fake: XFake) -> None:
    text = "ä" * 258 + " https://example.org/" + "b" * 100  # 258 + 1 + 23 = 282
    with pytest.raises(Permanent) as caught:
        x.CONNECTOR.publish(jana(fake), Message(text=text))
    assert caught.value.code == "too_long"
    assert fake.requests == []


def test_links_count_23_so_a_long_link_fits(fake: XFake) -> None:
    text = "a" * 250 + " https://example.org/" + "b" * 100  # 250 + 1 + 23 = 274
    x.CONNECTOR.publish(jana(fake), Message(text=text))
    assert fake.posts[0]["text"] == text


def test_delete_removes_the_post_and_a_second_delete_is_fine(fake: XFake) -> None:
    published = x.CONNECTOR.publish(jana(fake), Message(text="Weg damit"))
    x.CONNECTOR.delete(jana(fake), published.remote_id)
    assert fake.posts == []
    x.CONNECTOR.delete(jana(fake), published.remote_id)
    with pytest.raises(Permanent):
        x.CONNECTOR.delete(jana(fake), "../users/me")


def test_oauth_with_pkce_refresh_rotation_and_revoke(fake: XFake) -> None:
    pkce = new_pkce()
    url = x.authorize_url("client-1", "https://resonanz.example/cb", "st4te", pkce)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["tweet.read tweet.write users.read media.write offline.access"]
    scopes = tuple(query["scope"][0].split())

    code = fake.authorize("client-1", "https://resonanz.example/cb", query["code_challenge"][0], scopes)
    with pytest.raises(Permanent):  # a wrong verifier: the grant is refused
        x.exchange_code("client-1", "https://resonanz.example/cb", code, "wrong" * 10, api_base=fake.base_url)
    code = fake.authorize("client-1", "https://resonanz.example/cb", query["code_challenge"][0], scopes)
    token = x.exchange_code(
        "client-1", "https://resonanz.example/cb", code, pkce.verifier, api_base=fake.base_url
    )
    assert token.refresh_token
    assert token.expires_at is not None
    assert x.CONNECTOR.verify(jana(fake, token.access_token)).identifier == fake.user.id

    renewed = x.refresh("client-1", token.refresh_token, api_base=fake.base_url)
    assert renewed.refresh_token != token.refresh_token
    with pytest.raises(AuthExpired):  # the old refresh token was rotated away
        x.refresh("client-1", token.refresh_token, api_base=fake.base_url)

    x.revoke("client-1", renewed.access_token, api_base=fake.base_url)
    with pytest.raises(AuthExpired):
        x.CONNECTOR.verify(jana(fake, renewed.access_token))
