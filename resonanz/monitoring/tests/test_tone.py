"""Offline tone scoring: the rules one by one, then precision and recall on the labelled samples.

The samples are mentions of organizations as people write them, labelled by hand. ``tone_sample.jsonl``
is the tuning part: the lexicon was tuned against it. ``tone_heldout.jsonl`` was written and committed
before the scorer existed and was never tuned against; its figures are the honest ones.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from resonanz.monitoring.tone import Tone, lexicon, tone

DATA = Path(__file__).parent / "data"
TONES: tuple[Tone, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class ClassFigures:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def evaluate(name: str, lang: str) -> dict[Tone, ClassFigures]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    pairs = [(row["tone"], tone(row["text"], lang)) for row in rows if row["lang"] == lang]
    figures = {}
    for label in TONES:
        hits = sum(1 for truth, guess in pairs if truth == guess == label)
        guessed = sum(1 for _, guess in pairs if guess == label)
        actual = sum(1 for truth, _ in pairs if truth == label)
        figures[label] = ClassFigures(hits / guessed if guessed else 0.0, hits / actual)
    return figures


def macro_f1(figures: dict[Tone, ClassFigures]) -> float:
    return sum(figure.f1 for figure in figures.values()) / len(figures)


@pytest.mark.parametrize("name", ["tone_sample.jsonl", "tone_heldout.jsonl"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_samples_are_large_and_balanced_over_the_three_tones(name: str, lang: str) -> None:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    counts = Counter(row["tone"] for row in rows if row["lang"] == lang)

    assert set(counts) == set(TONES)
    assert min(counts.values()) >= 25 and max(counts.values()) - min(counts.values()) <= 2
    assert len({row["id"] for row in rows}) == len(rows)


# Thresholds a little under the figures measured (tuning 1.00 both; held-out de 0.95, en 0.94), so a
# change that loses a few mentions fails here and has to say why.
@pytest.mark.parametrize(
    ("name", "lang", "threshold"),
    [
        ("tone_sample.jsonl", "de", 0.95),
        ("tone_sample.jsonl", "en", 0.95),
        ("tone_heldout.jsonl", "de", 0.90),
        ("tone_heldout.jsonl", "en", 0.90),
    ],
)
def test_macro_f1_on_the_samples(name: str, lang: str, threshold: float) -> None:
    figures = evaluate(name, lang)

    assert macro_f1(figures) >= threshold, figures
    for label, figure in figures.items():
        assert figure.precision >= 0.8 and figure.recall >= 0.8, (label, figure)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Das Netz ist gut.", "de", "positive"),
        ("Das Netz ist nicht gut.", "de", "negative"),
        ("Das neue Update gefällt mir, aber die Hotline funktioniert heute nicht.", "de", "negative"),
        ("Gar nicht schlecht, der neue Tarif.", "de", "positive"),
        ("The network is good.", "en", "positive"),
        ("The network is not good.", "en", "negative"),
        ("I wouldn't recommend them to anyone.", "en", "negative"),
        ("Not bad at all, the new plan.", "en", "positive"),
    ],
)
def test_negation_turns_the_word_it_reaches(text: str, lang: str, expected: Tone) -> None:
    assert tone(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Danke für nichts, @Stadtwerke.", "de"),
        ("Na toll, die App ist schon wieder weg.", "de"),
        ("Wow, super Service – 3 Stunden Warteschleife", "de"),
        ("Toller Service: seit 5 Wochen keine Antwort. Danke auch.", "de"),
        ("Great job @Telvana... not", "en"),
        ("Thanks a lot @Telvana, day 12 without internet 🙄", "en"),
        ("Oh great, they cancelled my order again.", "en"),
        ("Wow, amazing service, 2 hours on hold.", "en"),
    ],
)
def test_praise_beside_a_complaint_is_sarcasm(text: str, lang: str) -> None:
    assert tone(text, lang) == "negative"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Boykott @Telvana!", "de"),
        ("Nie wieder diese Bank.", "de"),
        ("Was für ein Skandal bei den Stadtwerken.", "de"),
        ("#Telvana #fail", "de"),
        ("#fail, never again", "en"),
        ("Boycott them. Share!", "en"),
    ],
)
def test_shitstorm_phrases_are_negative(text: str, lang: str) -> None:
    assert tone(text, lang) == "negative"


def test_emoji_and_emoticons_carry_tone() -> None:
    assert tone("Neue Filiale eröffnet 😍", "de") == "positive"
    assert tone("New store opened today 😡", "en") == "negative"
    assert tone("New store opened today :)", "en") == "positive"
    assert tone("New store opened today", "en") == "neutral"
    # An emoticon's characters inside a link are no emoticon.
    assert tone("Store hours: https://example.org/hours", "en") == "neutral"


def test_shouting_and_exclamation_strengthen_a_complaint() -> None:
    quiet = "die hotline ist schlecht"
    assert tone(quiet, "de") == "negative"
    from resonanz.monitoring.tone import score

    assert score("DIE HOTLINE IST SCHLECHT!!!", "de").total < score(quiet, "de").total


def test_names_in_mentions_and_questions_are_not_tone() -> None:
    # "@GoodBank" is a name, not praise; a plain question stays neutral.
    assert tone("@GoodBank opens a branch in Lindenau", "en") == "neutral"
    assert tone("@SuperMarkt hat sonntags geöffnet?", "de") == "neutral"
    assert tone("Is the outage in the north known?", "en") == "neutral"


def test_a_third_party_in_the_news_beside_the_organization_is_news() -> None:
    assert tone("Voxa muss 2 Mio. Strafe zahlen, Telvana ist nicht betroffen.", "de") == "neutral"
    assert tone("Voxa fined €2m, Telvana says it is not involved.", "en") == "neutral"


def test_mixed_language_posts_are_scored() -> None:
    assert tone("Customer Service ist ein Witz, so annoying", "de") == "negative"
    assert tone("Danke @SkyNorth, best crew ever!", "en") == "positive"


def test_only_german_and_english_have_a_lexicon() -> None:
    assert lexicon("de").words.get("enttäuschend") is not None  # by its start, "enttäusch*"
    assert lexicon("de").words.get("totalausfall") is not None
    with pytest.raises(ValueError):
        lexicon("fr")
