"""How long a post is, counted the way each network counts, and whether it fits.

* **Bluesky**: 300 grapheme clusters (what a reader sees as one character: "👨‍👩‍👧‍👦", "🇩🇪" and "é" written
  as e + combining accent are one each), and at most 3,000 bytes of UTF-8. Links count as written.
* **Mastodon**: 500 grapheme clusters (Mastodon counts ``each_grapheme_cluster``), every http(s) link
  counting 23 whatever its length, and a mention of another server's account (``@jana@social.example``)
  counting only its ``@jana`` part.
* **X**: 280 in X's weighting (twitter-text, version 3): the text is put in NFC; each link counts 23;
  each emoji (a grapheme cluster with an emoji-presentation character, a variation selector 16, a keycap
  or a flag) counts 2; every other code point counts 1 in the ranges U+0000-U+10FF, U+2000-U+200D,
  U+2010-U+201F and U+2032-U+2037 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic scripts, punctuation)
  and 2 elsewhere (CJK, Hangul, most symbols). Links are those written with http(s):// or www.; bare
  domains ("example.com"), which X also shortens, count as written (at most longer than X counts).
* **LinkedIn**: 3,000 characters (Unicode code points).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Network(TextChoices):
    BLUESKY = "bluesky", _("Bluesky")
    MASTODON = "mastodon", _("Mastodon")
    X = "x", _("X")
    LINKEDIN = "linkedin", _("LinkedIn")


LIMITS = {Network.BLUESKY: 300, Network.MASTODON: 500, Network.X: 280, Network.LINKEDIN: 3000}
BLUESKY_MAX_BYTES = 3000
URL_LENGTH = 23

GRAPHEME = regex.compile(r"\X")
MASTODON_URL = regex.compile(r"(?<![\w/])https?://[^\s<>\"'()\[\]{}]{1,4000}", regex.IGNORECASE)
MASTODON_MENTION = regex.compile(r"(?<![=/\w])@([a-z0-9_]{1,30})@[\w.-]{0,253}\w", regex.IGNORECASE)
X_URL = regex.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>\"']{1,4000}", regex.IGNORECASE)
EMOJI = regex.compile(r"\p{Emoji_Presentation}|\uFE0F|\u20E3|\p{Regional_Indicator}")
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


@dataclass(frozen=True)
class LengthCheck:
    network: Network
    length: int
    limit: int
    too_many_bytes: bool = False

    @property
    def fits(self) -> bool:
        return self.length <= self.limit and not self.too_many_bytes


def graphemes(text: str) -> int:
    return sum(1 for _ in GRAPHEME.finditer(text))


def _mastodon_length(text: str) -> int:
    text = MASTODON_URL.sub("x" * URL_LENGTH, text)
    return graphemes(MASTODON_MENTION.sub(r"@\1", text))


def _x_weight(cluster: str) -> int:
    if EMOJI.search(cluster):
        return 2
    return sum(
        1 if any(low <= ord(character) <= high for low, high in X_LIGHT_RANGES) else 2
        for character in cluster
    )


def _x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    length, position = 0, 0
    for url in X_URL.finditer(text):
        length += sum(_x_weight(cluster) for cluster in GRAPHEME.findall(text[position : url.start()]))
        length += URL_LENGTH
        position = url.end()
    return length + sum(_x_weight(cluster) for cluster in GRAPHEME.findall(text[position:]))


def counted_length(text: str, network: Network) -> int:
    if network == Network.BLUESKY:
        return graphemes(text)
    if network == Network.MASTODON:
        return _mastodon_length(text)
    if network == Network.X:
        return _x_length(text)
    return len(text)


def check_length(text: str, network: Network) -> LengthCheck:
    too_many_bytes = network == Network.BLUESKY and len(text.encode("utf-8")) > BLUESKY_MAX_BYTES
    return LengthCheck(network, counted_length(text, network), LIMITS[network], too_many_bytes)
