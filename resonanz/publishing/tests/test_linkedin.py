"""The LinkedIn connector against the strict local fake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pytest_django import Settings

from resonanz.publishing.connectors import linkedin
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
from resonanz.publishing.fakes.linkedin import LinkedInFake, render_little_text

FAST = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)
ORGANIZATION = "urn:li:organization:2414183"


@pytest.fixture
def fake(settings: Settings) -> Iterator[LinkedInFake]:
    settings.RESONANZ_LINKEDIN_VERSION = "202611"
    with LinkedInFake(today=dt.date(2026, 12, 6)) as server:
        yield server


def jana(fake: LinkedInFake, *, author: str = "", token: str = "li-token") -> Credentials:  # noqa: S107
    return Credentials(
        network="linkedin", base_url=fake.base_url, identifier=author or fake.member.urn, secret=token
    )


def test_it_is_the_registered_connector_and_cannot_find(fake: LinkedInFake) -> None:
    assert connector_for("linkedin") is linkedin.CONNECTOR
    assert linkedin.CONNECTOR.can_find is False
    with pytest.raises(Unknown):
        linkedin.CONNECTOR.find(jana(fake), Message(text="x"), since=dt.datetime.now(dt.UTC))


def test_it_verifies_the_member(fake: LinkedInFake) -> None:
    profile = linkedin.CONNECTOR.verify(
        Credentials(network="linkedin", base_url=fake.base_url, secret="li-token")
    )
    assert profile.identifier == "urn:li:person:aB3dE5fG7h"
    assert profile.display_name == "Jana Beispiel"


def test_it_posts_a_complete_request_that_the_fake_accepts(fake: LinkedInFake) -> None:
    text = "Wir stellen ein (m/w/d) – #Karriere bei @Beispiel_GmbH: https://example.org/jobs?x=1&y=2 *neu*"
    published = linkedin.CONNECTOR.publish(jana(fake), Message(text=text))

    [post] = fake.posts
    assert published.remote_id == post["urn"]
    assert published.url == f"https://www.linkedin.com/feed/update/{post['urn']}/"
    assert post["rendered"] == text  # nothing lost to an unescaped reserved character
    assert post["visibility"] == "PUBLIC"
    assert post["lifecycleState"] == "PUBLISHED"
    assert post["isReshareDisabledByAuthor"] is False
    assert post["distribution"] == {
        "feedDistribution": "MAIN_FEED",
        "targetEntities": [],
        "thirdPartyDistributionChannels": [],
    }
    assert "{hashtag|\\#|Karriere}" in post["commentary"]


def test_without_escaping_linkedin_would_cut_the_text() -> None:
    assert render_little_text("Wir stellen ein (m/w/d)") == "Wir stellen ein "
    assert render_little_text(linkedin.escape_little_text("a\\b (c) _d_ ~e~ <f> [g] {h} |i| #j @k *l*")) == (
        "a\\b (c) _d_ ~e~ <f> [g] {h} |i| #j @k *l*"
    )


def test_an_organization_posts_with_one_and_with_several_images(fake: LinkedInFake) -> None:
    one = Message(text="Ein Bild", images=(Image(b"\xff\xd8jpeg", "image/jpeg", "Das Team"),))
    two = Message(
        text="Zwei Bilder",
        images=(Image(b"\xff\xd8a", "image/jpeg", "Bühne"), Image(b"\x89PNGb", "image/png", "Publikum")),
    )
    linkedin.CONNECTOR.publish(jana(fake, author=ORGANIZATION), one)
    linkedin.CONNECTOR.publish(jana(fake, author=ORGANIZATION), two)

    single, multiple = fake.posts
    assert single["author"] == ORGANIZATION
    assert single["content"]["media"]["altText"] == "Das Team"
    assert fake.images[single["content"]["media"]["id"]]["size"] == 6
    assert [entry["altText"] for entry in multiple["content"]["multiImage"]["images"]] == [
        "Bühne",
        "Publikum",
    ]


def test_the_fake_lists_every_missing_field(fake: LinkedInFake) -> None:
    headers = {
        "Authorization": "Bearer li-token",
        "LinkedIn-Version": "202611",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    answer = httpx.post(f"{fake.base_url}/rest/posts", json={"author": fake.member.urn}, headers=headers)
    assert answer.status_code == 422
    missing = [
        error["input"]["inputPath"]["fieldPath"] for error in answer.json()["errorDetails"]["inputErrors"]
    ]
    assert missing == ["commentary", "visibility", "distribution", "lifecycleState"]
    assert fake.posts == []


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("LinkedIn-Version", "", 400),
        ("LinkedIn-Version", "2026-11", 400),
        ("LinkedIn-Version", "202501", 426),
        ("X-Restli-Protocol-Version", "1.0.0", 400),
        ("Authorization", "Bearer nope", 401),
    ],
)
def test_the_fake_enforces_the_documented_headers(
    fake: LinkedInFake, header: str, value: str, status: int
) -> None:
    headers = {
        "Authorization": "Bearer li-token",
        "LinkedIn-Version": "202611",
        "X-Restli-Protocol-Version": "2.0.0",
        header: value,
    }
    answer = httpx.post(f"{fake.base_url}/rest/posts", json={}, headers=headers)
    assert answer.status_code == status


def test_a_retired_version_is_permanent_and_the_days_left_are_told(
    fake: LinkedInFake, settings: Settings
) -> None:
    settings.RESONANZ_LINKEDIN_VERSION = "202511"
    with pytest.raises(Permanent) as caught:
        linkedin.CONNECTOR.publish(jana(fake), Message(text="Hallo"))
    assert caught.value.code == "version_retired"
    assert linkedin.days_until_version_retires("202611", today=dt.date(2026, 12, 6)) == 330
    assert linkedin.days_until_version_retires("202511", today=dt.date(2026, 12, 6)) == -35
    assert linkedin.days_until_version_retires("202601", today=dt.date(2026, 12, 31)) == 1


def test_a_duplicate_is_permanent_and_names_the_existing_post(fake: LinkedInFake) -> None:
    first = linkedin.CONNECTOR.publish(jana(fake), Message(text="Gleicher Text"))
    with pytest.raises(Permanent) as caught:
        linkedin.CONNECTOR.publish(jana(fake), Message(text="Gleicher Text"))
    assert caught.value.code == "duplicate"
    assert first.remote_id in caught.value.detail
    assert len(fake.posts) == 1


def test_a_dead_token_means_reconnect(fake: LinkedInFake) -> None:
    with pytest.raises(AuthExpired):
        linkedin.CONNECTOR.publish(jana(fake, token="expired"), Message(text="Hallo"))


def test_an_author_the_member_may_not_post_for_means_reconnect(fake: LinkedInFake) -> None:
    with pytest.raises(AuthExpired) as caught:
        linkedin.CONNECTOR.publish(jana(fake, author="urn:li:organization:999"), Message(text="Hallo"))
    assert caught.value.code == "forbidden"
    assert fake.posts == []


def test_429_is_transient_with_retry_after(fake: LinkedInFake) -> None:
    fake.rate_limit_next(reset_in=3600, path="/rest/posts")
    with pytest.raises(Transient) as caught:
        linkedin.CONNECTOR.publish(jana(fake), Message(text="Hallo"))
    assert caught.value.retry_after == 3600


def test_500_is_transient_and_the_retry_cannot_double_post(fake: LinkedInFake) -> None:
    fake.fail_next(500, path="/rest/posts")
    with pytest.raises(Transient):
        linkedin.CONNECTOR.publish(jana(fake), Message(text="Hallo"))
    linkedin.CONNECTOR.publish(jana(fake), Message(text="Hallo"))
    assert len(fake.posts) == 1


def test_a_timeout_after_sending_is_unknown(fake: LinkedInFake) -> None:
    fake.slow_next(3.0, path="/rest/posts")
    with pytest.raises(Unknown):
        linkedin.LinkedInConnector(timeout=FAST).publish(jana(fake), Message(text="Langsam"))
    assert len(fake.posts) == 1


def test_local_checks_refuse_before_any_call(fake: LinkedInFake) -> None:
    cases = [
        (jana(fake, author="someone"), Message(text="Hallo"), "invalid_author"),
        (jana(fake), Message(text="x" * 3001), "too_long"),
        (jana(fake), Message(text="Bild", images=(Image(b"RIFF", "image/webp", "Web"),)), "media_type"),
    ]
    for credentials, message, code in cases:
        with pytest.raises(Permanent) as caught:
            linkedin.CONNECTOR.publish(credentials, message)
        assert caught.value.code == code
    assert fake.requests == []


def test_delete_removes_the_post_and_a_second_delete_is_fine(fake: LinkedInFake) -> None:
    published = linkedin.CONNECTOR.publish(jana(fake), Message(text="Wird gelöscht"))
    linkedin.CONNECTOR.delete(jana(fake), published.remote_id)
    assert fake.posts == []
    linkedin.CONNECTOR.delete(jana(fake), published.remote_id)
    assert fake.requests[-1].path == "/rest/posts/" + published.remote_id.replace(":", "%3A")
    with pytest.raises(Permanent):
        linkedin.CONNECTOR.delete(jana(fake), "../v2/userinfo")


def test_oauth_code_exchange_and_introspection(fake: LinkedInFake) -> None:
    url = linkedin.authorize_url("li-client", "https://resonanz.example/cb", "st4te", organization=True)
    query = parse_qs(urlsplit(url).query)
    assert query["scope"] == ["openid profile w_member_social w_organization_social r_organization_admin"]
    assert url.startswith("https://www.linkedin.com/oauth/v2/authorization?")

    code = fake.authorize("li-client", "https://resonanz.example/cb")
    token = linkedin.exchange_code(
        "li-client", "li-client-secret", "https://resonanz.example/cb", code, base=fake.base_url
    )
    assert token.refresh_token == ""
    assert token.expires_at is not None
    assert 59 <= (token.expires_at - dt.datetime.now(dt.UTC)).days <= 60
    assert token.merged_with("stored-refresh").refresh_token == "stored-refresh"

    status = linkedin.introspect("li-client", "li-client-secret", token.access_token, base=fake.base_url)
    assert status.active
    assert status.expires_at is not None
    assert not linkedin.introspect("li-client", "li-client-secret", "other", base=fake.base_url).active
    with pytest.raises(Permanent):  # a used code
        linkedin.exchange_code(
            "li-client", "li-client-secret", "https://resonanz.example/cb", code, base=fake.base_url
        )

    linkedin.revoke("li-client", "li-client-secret", token.access_token, base=fake.base_url)
    assert not linkedin.introspect(
        "li-client", "li-client-secret", token.access_token, base=fake.base_url
    ).active
    with pytest.raises(AuthExpired):
        linkedin.CONNECTOR.verify(
            Credentials(network="linkedin", base_url=fake.base_url, secret=token.access_token)
        )


# ---------------------------------------------------------------- organization pages


def test_the_pages_a_member_may_post_for_come_with_their_names(fake: LinkedInFake) -> None:
    fake.page_names["urn:li:organization:77"] = "Bergmann Präzisionstechnik GmbH"
    fake.page_names["urn:li:organization:88"] = "Nur Analyse GmbH"
    fake.page_names["urn:li:organization:99"] = "Beantragt GmbH"
    fake.other_roles += [
        ("urn:li:organization:77", "CONTENT_ADMINISTRATOR", "APPROVED"),
        ("urn:li:organization:88", "ANALYST", "APPROVED"),  # may read, not post
        ("urn:li:organization:99", "ADMINISTRATOR", "REQUESTED"),  # not yet granted
    ]

    pages = linkedin.CONNECTOR.pages(jana(fake))

    assert [(page.identifier, page.display_name) for page in pages] == [
        ("urn:li:organization:2414183", "Rheinblick Consulting GmbH"),
        ("urn:li:organization:77", "Bergmann Präzisionstechnik GmbH"),
    ]


def test_without_the_page_permission_the_pages_cannot_be_read(fake: LinkedInFake) -> None:
    fake.tokens["member-only"] = fake.member
    fake.scopes["member-only"] = frozenset({"openid", "profile", "w_member_social"})

    with pytest.raises(AuthExpired):
        linkedin.CONNECTOR.pages(jana(fake, token="member-only"))
    with pytest.raises(AuthExpired):  # nor may it post as the organization
        linkedin.CONNECTOR.publish(
            jana(fake, author=ORGANIZATION, token="member-only"), Message(text="Hallo")
        )
    assert fake.posts == []


@pytest.mark.parametrize(
    ("pasted", "number"),
    [
        ("2414183", "2414183"),
        (" urn:li:organization:2414183 ", "2414183"),
        ("https://www.linkedin.com/company/2414183/admin/", "2414183"),
        ("https://www.linkedin.com/company/2414183", "2414183"),
        ("https://www.linkedin.com/company/rheinblick/", ""),  # a vanity name says nothing about the number
        ("urn:li:person:aB3dE5fG7h", ""),
        ("24141831234567890123", ""),
        ("", ""),
    ],
)
def test_the_page_number_is_read_from_what_people_paste(pasted: str, number: str) -> None:
    assert linkedin.page_number(pasted) == number
