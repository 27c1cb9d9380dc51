"""Length counting per network: graphemes, links counting 23, X's weights."""

from __future__ import annotations

import pytest

from resonanz.content.checks.limits import LIMITS, Network, check_length, counted_length

FAMILY = "👨‍👩‍👧‍👦"  # four people joined by zero-width joiners: 7 code points, one grapheme
FLAG = "🇩🇪"  # two regional indicators
THUMB = "👍🏽"  # emoji with a skin-tone modifier
E_ACUTE = "e\u0301"  # e + combining acute accent
LINK = "https://example.com/ein/sehr/langer/pfad?utm_source=newsletter&utm_medium=mail"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(FAMILY, 1), (FLAG * 3, 3), (THUMB, 1), (E_ACUTE * 4, 4), ("\r\n", 1), ("नमस्ते", 3), ("한국어", 3)],
)
def test_bluesky_counts_grapheme_clusters(text: str, expected: int) -> None:
    assert counted_length(text, Network.BLUESKY) == expected


def test_bluesky_allows_300_graphemes_even_of_long_emoji() -> None:
    assert check_length(FAMILY * 300, Network.BLUESKY).length == 300
    assert not check_length(FAMILY * 301, Network.BLUESKY).fits
    assert check_length("a" * 300, Network.BLUESKY).fits
    # 25 bytes of UTF-8 each (four emoji of 4, three joiners of 3): 120 make 3,000 bytes, 121 too many.
    assert check_length(FAMILY * 120, Network.BLUESKY).fits
    assert not check_length(FAMILY * 121, Network.BLUESKY).fits
    assert check_length(FAMILY * 121, Network.BLUESKY).too_many_bytes


def test_mastodon_counts_every_link_as_23_and_remote_mentions_by_their_user_name() -> None:
    assert counted_length(f"Neu: {LINK}", Network.MASTODON) == len("Neu: ") + 23
    assert counted_length("http://a.de", Network.MASTODON) == 23
    assert counted_length("@jana@social.example.org hallo", Network.MASTODON) == len("@jana hallo")
    assert counted_length(f"{FAMILY}{FLAG}", Network.MASTODON) == 2


def test_mastodon_fits_500_with_links_longer_than_the_text_allows() -> None:
    text = "x" * 477 + " " + LINK  # 478 + 23 = 501 as counted
    assert counted_length(text, Network.MASTODON) == 501
    assert not check_length(text, Network.MASTODON).fits
    assert check_length(text[1:], Network.MASTODON).fits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hallo Welt", 10),
        ("日本語", 6),  # CJK counts 2
        ("한국어", 6),
        (FAMILY, 2),  # one emoji, however many code points
        (FLAG, 2),
        (THUMB, 2),
        ("©", 1),  # text-presentation symbol in the Latin-1 range
        ("©\ufe0f", 2),  # the same as emoji
        (E_ACUTE, 1),  # normalised to é first
        ("Grüße – “Zitat”", 15),  # dashes and quotation marks are in the light ranges
        ("…", 2),  # the ellipsis (U+2026) is not
        (f"Mehr: {LINK}", 6 + 23),
        ("www.beispiel.de/seite", 23),
    ],
)
def test_x_weighs_characters_and_counts_links_as_23(text: str, expected: int) -> None:
    assert counted_length(text, Network.X) == expected


def test_x_allows_280_latin_characters_or_140_cjk() -> None:
    assert check_length("a" * 280, Network.X).fits
    assert not check_length("a" * 281, Network.X).fits
    assert check_length("語" * 140, Network.X).fits
    assert not check_length("語" * 141, Network.X).fits


def test_linkedin_counts_characters_up_to_3000() -> None:
    assert LIMITS[Network.LINKEDIN] == 3000
    assert check_length("ä" * 3000, Network.LINKEDIN).fits
    assert not check_length("ä" * 3001, Network.LINKEDIN).fits
    assert counted_length(LINK, Network.LINKEDIN) == len(LINK)
