"""The redirect ``/r/<code>``: 302 with UTM, a friendly 404, bots apart, nothing personal logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links import actions
from resonanz.links.classify import agent_class, referrer_class
from resonanz.links.clicklog import ClickLine
from resonanz.links.hot import Redirector, lookup
from resonanz.links.models import TrackedLink
from resonanz.links.tests.clicking import BROWSER, PHONE, call


def logged(folder: Path) -> list[ClickLine]:
    return [
        ClickLine.decode(line)
        for path in sorted(folder.glob("*.log"))
        for line in path.read_bytes().splitlines()
    ]


def test_it_redirects_to_the_target_with_the_campaign_utm_and_keeps_the_target_query(
    redirector: Redirector, link: TrackedLink
) -> None:
    answer = call(redirector, f"/r/{link.code}")

    assert answer.status == 302 and answer.body == b""
    target = urlsplit(answer.headers["Location"])
    assert (target.scheme, target.netloc, target.path, target.fragment) == (
        "https",
        "example.org",
        "/jobs",
        "offen",
    )
    assert parse_qsl(target.query) == [
        ("team", "vertrieb"),
        ("utm_source", "linkedin"),
        ("utm_medium", "social"),
        ("utm_campaign", "Frühjahr 2027"),
        ("utm_content", "beitrag-1"),
    ]
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_a_parameter_the_target_sets_itself_wins_and_a_plain_utm_campaign_is_used(
    manager: Membership,
) -> None:
    link = actions.create_link(
        manager, target_url="http://example.org/?utm_source=newsletter", utm_source="x", utm_campaign="herbst"
    )
    found = lookup(link.code)

    assert found is not None
    assert found[2] == "http://example.org/?utm_source=newsletter&utm_campaign=herbst"


def test_a_click_is_logged_before_the_answer_with_classes_but_no_address_or_agent(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    call(
        redirector,
        f"/r/{link.code}",
        address="198.51.100.23",
        agent=PHONE,
        referer="https://www.linkedin.com/feed/",
    )
    call(
        redirector, f"/r/{link.code}", address="198.51.100.23", agent=PHONE, referer="https://www.google.de/"
    )

    text = b"".join(path.read_bytes() for path in log_folder.glob("*.log"))
    assert b"198.51.100.23" not in text and b"iPhone" not in text and b"linkedin.com" not in text
    first, second = logged(log_folder)
    assert (first.link_id, first.organization_id) == (link.pk, link.organization_id)
    assert (first.referrer_class, second.referrer_class) == ("network", "search")
    assert first.agent_class == "mobile" and not first.is_bot
    assert first.visitor_hash == second.visitor_hash and len(first.visitor_hash) == 64


def test_another_address_is_another_visitor(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    call(redirector, f"/r/{link.code}", address="198.51.100.23")
    call(redirector, f"/r/{link.code}", address="198.51.100.24")

    first, second = logged(log_folder)
    assert first.visitor_hash != second.visitor_hash


def test_the_same_visitor_gets_another_hash_the_next_day(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2027, 3, 1, 23, 59, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}")
    with time_machine.travel(dt.datetime(2027, 3, 2, 0, 1, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}")

    first, second = logged(log_folder)
    assert (first.day, second.day) == (dt.date(2027, 3, 1), dt.date(2027, 3, 2))
    assert first.visitor_hash != second.visitor_hash


@pytest.mark.parametrize(
    "agent",
    [
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mastodon/4.3.2 (http.rb/5.2.0; +https://social.example/) Bot",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "",
    ],
)
def test_preview_fetchers_and_bots_are_recorded_as_bots(agent: str) -> None:
    assert agent_class(agent) == ("bot", True)


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (BROWSER, "desktop"),
        (PHONE, "mobile"),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8)", "mobile"),
        ("Lynx/2.9", "other"),
    ],
)
def test_people_s_browsers_are_classed_coarsely(agent: str, expected: str) -> None:
    assert agent_class(agent) == (expected, False)


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        ("", "direct"),
        ("https://www.linkedin.com/feed/", "network"),
        ("https://t.co/abc", "network"),
        ("https://www.google.com/search?q=x", "search"),
        ("https://duckduckgo.com/", "search"),
        ("https://intranet.example/", "other"),
        ("http://[::1", "other"),
        ("not a url", "other"),
    ],
)
def test_the_referrer_is_reduced_to_a_class(referrer: str, expected: str) -> None:
    assert referrer_class(referrer) == expected


def test_a_bot_hit_is_logged_as_a_bot(redirector: Redirector, link: TrackedLink, log_folder: Path) -> None:
    answer = call(redirector, f"/r/{link.code}", agent="LinkedInBot/1.0 (compatible; Mozilla/5.0)")

    assert answer.status == 302
    (line,) = logged(log_folder)
    assert line.is_bot and line.agent_class == "bot"


def test_head_answers_like_get_and_records_nothing(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    answer = call(redirector, f"/r/{link.code}", method="HEAD")

    assert answer.status == 302 and answer.headers["Location"].startswith("https://example.org/jobs?")
    assert logged(log_folder) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "Dieser Link führt nirgendwohin"),
        ("en-GB,en;q=0.9", "This link does not lead anywhere"),
        ("fr-FR", "Dieser Link führt nirgendwohin"),
    ],
)
def test_an_unknown_code_gets_a_friendly_page_in_the_reader_s_language(
    redirector: Redirector, db: None, language: str, text: str, log_folder: Path
) -> None:
    answer = call(redirector, "/r/Unbekan1", accept_language=language)

    assert answer.status == 404
    assert text in answer.body.decode()
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert logged(log_folder) == []


def test_an_expired_link_gets_the_page_too(
    redirector: Redirector, manager: Membership, link: TrackedLink, log_folder: Path
) -> None:
    actions.expire_link(manager, link)

    answer = call(redirector, f"/r/{link.code}", accept_language="en")

    assert answer.status == 404 and b"expired" in answer.body
    assert logged(log_folder) == []


def test_a_link_expiring_later_still_redirects(redirector: Redirector, manager: Membership) -> None:
    link = actions.create_link(
        manager, target_url="https://example.org/", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert call(redirector, f"/r/{link.code}").status == 302


@pytest.mark.parametrize(
    "path",
    [
        "/r/",
        "/r/abc",
        "/r/" + "a" * 5000,
        "/r/abcdefg/../x",
        "/r/abc\x00def",
        "/r/abcdéfgh",
        "/r/%00%ff%fe",
        "/r/abcdefgh/x",
    ],
)
def test_odd_paths_get_the_404_page_without_a_query(
    redirector: Redirector, db: None, path: str, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        answer = call(redirector, path)
    assert answer.status == 404


def test_other_methods_are_refused(redirector: Redirector, link: TrackedLink, log_folder: Path) -> None:
    answer = call(redirector, f"/r/{link.code}", method="POST")

    assert answer.status == 405 and answer.headers["Allow"] == "GET, HEAD"
    assert logged(log_folder) == []


def test_a_known_code_costs_one_query_and_then_none_while_cached(
    redirector: Redirector, link: TrackedLink, django_assert_num_queries: object
) -> None:
    call(redirector, f"/r/{link.code}")  # reads the day's salt as well
    redirector.cache.clear()
    with django_assert_num_queries(1):  # type: ignore[operator]
        call(redirector, f"/r/{link.code}")
    with django_assert_num_queries(0):  # type: ignore[operator]
        call(redirector, f"/r/{link.code}")


def test_another_organization_s_link_redirects_publicly(
    redirector: Redirector, other_org: Organization, log_folder: Path
) -> None:
    """A tracked link is public: anyone may follow it, whoever's organization made it."""
    other = actions.create_link(
        make_member(other_org, ["communications_manager"]), target_url="https://fremd.example/"
    )

    answer = call(redirector, f"/r/{other.code}")

    assert answer.status == 302 and answer.headers["Location"] == "https://fremd.example/"
    assert logged(log_folder)[0].organization_id == other_org.pk
