"""Offline tone of a social-media mention, German or English: negative, neutral or positive.

A lexicon with rules, not a model: the words and phrases live in ``lexicon/<lang>.txt`` and
``lexicon/emoji.txt`` inside the package, read once. The rules handle what mentions of an organization
do most: negation ("nicht gut", "can't recommend"), intensifiers ("echt mies"), shouting in capitals and
exclamation marks, emoji, complaint facts ("3 Stunden Warteschleife", "day 40") and sarcasm, where praise
words stand next to a complaint ("Danke für nichts", "Wow, super Service – 3 Stunden Warteschleife").
Why not a model: no German model is shipped inside a PyPI package (they download weights from a hub),
and the English lexicon packages catch almost no sarcasm; one engine for both languages keeps the two
alike and every decision explainable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

Tone = Literal["negative", "neutral", "positive"]
LANGUAGES = ("de", "en")

# A post whose score reaches this is positive (or at most its negative, negative).
THRESHOLD = 1.0
# How many words back (or, in German, forward before the end of the clause) a negator reaches.
NEGATION_REACH = 3
# A negated positive word becomes about as negative; a negated negative one only mildly positive
# ("nicht schlecht" is faint praise).
NEGATED_POSITIVE = -0.9
NEGATED_NEGATIVE = -0.6
CAPS_FACTOR = 1.5
# After "aber"/"but" the rest of a post says what the writer means: it counts more, the start less.
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
# Words (with apostrophes, as in "can't"), numbers, and clause ends, which stop a negation's reach.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[.!?;:,–—]+| - ")
_BOUNDARY = re.compile(r"[.!?;:,–—]+| - ")


@dataclass(frozen=True)
class Terms:
    """Words matched exactly, by their start (``enttäusch*``) or by their end (``*ausfall``)."""

    exact: dict[str, float] = field(default_factory=dict)
    prefixes: dict[str, float] = field(default_factory=dict)
    suffixes: dict[str, float] = field(default_factory=dict)

    def add(self, term: str, weight: float) -> None:
        if term.startswith("*") and len(term) > 1:
            self.suffixes[term[1:]] = weight
        elif term.endswith("*") and len(term) > 1:
            self.prefixes[term[:-1]] = weight
        else:
            self.exact[term] = weight

    def get(self, word: str) -> float | None:
        if word in self.exact:
            return self.exact[word]
        # The longest matching start or end wins: "schlechteste*" before "schlecht*".
        for end in range(len(word), 2, -1):
            if word[:end] in self.prefixes:
                return self.prefixes[word[:end]]
        for start in range(1, len(word) - 3):
            if word[start:] in self.suffixes:
                return self.suffixes[word[start:]]
        return None

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None


@dataclass(frozen=True)
class Lexicon:
    words: Terms
    phrases: list[tuple[tuple[str, ...], float, bool]]  # words, weight, marks sarcasm
    negators: frozenset[str]
    intensifiers: dict[str, float]
    ironic: Terms
    negated: dict[str, float]
    contrast: frozenset[str]
    patterns: list[tuple[re.Pattern[str], float, bool]]  # pattern, weight, marks sarcasm
    emoji: list[tuple[str, float, bool, bool]]  # symbol, weight, ironic, marks sarcasm


def _sections(name: str) -> dict[str, list[list[str]]]:
    text = resources.files("resonanz.monitoring").joinpath("lexicon", name).read_text(encoding="utf-8")
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line.split("\t"))
    return sections


@cache
def lexicon(lang: str) -> Lexicon:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    sections = _sections(f"{lang}.txt")
    words, ironic = Terms(), Terms()
    for term, weight in sections.get("words", []):
        words.add(term, float(weight))
    for (term,) in sections.get("ironic", []):
        ironic.add(term, 1.0)
    phrases = [(tuple(term.split()), float(weight), False) for term, weight in sections.get("phrases", [])]
    phrases += [(tuple(term.split()), float(weight), True) for term, weight in sections.get("sarcasm", [])]
    # Longest phrases first, so "so geht kundenservice" is matched before its parts.
    phrases.sort(key=lambda phrase: -len(phrase[0]))
    patterns = [(re.compile(text), float(weight), False) for text, weight in sections.get("patterns", [])]
    patterns += [
        (re.compile(text), float(weight), True) for text, weight in sections.get("sarcasm_patterns", [])
    ]
    emoji_sections = _sections("emoji.txt")
    ironic_emoji = {symbol for (symbol,) in emoji_sections.get("ironic", [])}
    sarcastic_emoji = {symbol for (symbol,) in emoji_sections.get("sarcasm", [])}
    emoji = [
        (symbol, float(weight), symbol in ironic_emoji, symbol in sarcastic_emoji)
        for symbol, weight in emoji_sections.get("words", [])
    ]
    # Longest symbols first, so "🤦‍♂️" is not also counted as "🤦".
    emoji.sort(key=lambda entry: -len(entry[0]))
    return Lexicon(
        words=words,
        phrases=phrases,
        negators=frozenset(term for (term,) in sections.get("negators", [])),
        intensifiers={term: float(factor) for term, factor in sections.get("intensifiers", [])},
        ironic=ironic,
        negated={term: float(weight) for term, weight in sections.get("negated", [])},
        contrast=frozenset(term for (term,) in sections.get("contrast", [])),
        patterns=patterns,
        emoji=emoji,
    )


@dataclass
class Score:
    """The evidence found in one post; ``tone`` decides from it."""

    total: float = 0.0
    ironic_praise: float = 0.0  # positive weight from words that sarcasm turns negative
    negative: float = 0.0  # the sum of the negative evidence
    sarcasm: bool = False
    complaint: bool = False

    def add(self, weight: float, *, ironic: bool = False) -> None:
        self.total += weight
        if weight > 0 and ironic:
            self.ironic_praise += weight
        if weight < 0:
            self.negative += weight


def _words_and_phrases(tokens: list[str], original: list[str], lang: str, score: Score) -> None:
    lex = lexicon(lang)
    used = [_BOUNDARY.fullmatch(token) is not None for token in tokens]
    words = set(tokens)
    for phrase, weight, sarcastic in lex.phrases:
        if phrase[0] not in words and not phrase[0].endswith("*"):
            continue  # most phrases cannot match: their first word is not in the post
        size = len(phrase)
        for start in range(len(tokens) - size + 1):
            if any(used[start : start + size]):
                continue
            if all(_same(pattern, tokens[start + at]) for at, pattern in enumerate(phrase)):
                score.add(weight)
                score.sarcasm |= sarcastic
                score.complaint |= weight < 0
                for at in range(start, start + size):
                    used[at] = True
    contrast = next((index for index, token in enumerate(tokens) if token in lex.contrast), None)
    for index, token in enumerate(tokens):
        if used[index]:
            continue
        if token in lex.intensifiers and _next_weight(tokens, used, index, lex) is not None:
            continue  # "super freundlich": super strengthens freundlich, it is not praise itself
        word_weight, negated = _word_weight(tokens, index, lex, lang)
        if not word_weight:
            continue
        factor = _intensity(tokens, index, lex)
        if contrast is not None and index != contrast:
            factor *= AFTER_CONTRAST if index > contrast else BEFORE_CONTRAST
        word = original[index]
        if len(word) >= 3 and word.isupper():
            factor *= CAPS_FACTOR
        weight = word_weight * factor
        if negated:
            weight *= NEGATED_POSITIVE if weight > 0 else NEGATED_NEGATIVE
            score.add(weight)
        else:
            score.add(weight, ironic=token in lex.ironic)


def _word_weight(tokens: list[str], index: int, lex: Lexicon, lang: str) -> tuple[float | None, bool]:
    """The weight of one word, and whether a negation still has to turn it."""
    token = tokens[index]
    negated = _negated(tokens, index, lex, lang)
    if negated and token in lex.negated:
        return lex.negated[token], False  # the weight already is that of the negation: "geht nicht"
    return lex.words.get(token), negated


def _same(pattern: str, token: str) -> bool:
    if pattern.endswith("*") and len(pattern) > 1:
        return token.startswith(pattern[:-1])
    return token == pattern


def _next_weight(tokens: list[str], used: list[bool], index: int, lex: Lexicon) -> float | None:
    following = index + 1
    if following >= len(tokens) or used[following]:
        return None
    return lex.words.get(tokens[following])


def _intensity(tokens: list[str], index: int, lex: Lexicon) -> float:
    factor = 1.0
    for before in range(index - 1, max(-1, index - 3), -1):
        token = tokens[before]
        if token not in lex.intensifiers:
            break
        factor *= lex.intensifiers[token]
    return factor


def _negated(tokens: list[str], index: int, lex: Lexicon, lang: str) -> bool:
    for before in range(index - 1, max(-1, index - 1 - NEGATION_REACH), -1):
        if _BOUNDARY.fullmatch(tokens[before]):
            break
        if tokens[before] in lex.negators:
            return True
    if lang == "de":
        # German puts "nicht" after the verb at the end of a clause: "das funktioniert heute nicht".
        for after in range(index + 1, min(len(tokens), index + 1 + NEGATION_REACH)):
            if _BOUNDARY.fullmatch(tokens[after]):
                break
            if tokens[after] in lex.negators:
                return after + 1 == len(tokens) or _BOUNDARY.fullmatch(tokens[after + 1]) is not None
    return False


def _emoji(text: str, lang: str, score: Score) -> str:
    """Score the emoji and emoticons; return the text without them."""
    for symbol, weight, ironic, sarcastic in lexicon(lang).emoji:
        if symbol not in text:
            continue
        if symbol[0].isascii() and not re.search(rf"(?:^|\s){re.escape(symbol)}(?:\s|$)", text):
            continue  # ":/" inside "https://" is no emoticon
        count = text.count(symbol)
        text = text.replace(symbol, " ")
        # Several of the same add a little, not their full weight each.
        score.add(weight * (1 + 0.25 * min(count - 1, 4)), ironic=ironic)
        score.sarcasm |= sarcastic
    return text


def score(text: str, lang: str) -> Score:
    """The evidence for the tone of ``text`` in ``lang`` (``de`` or ``en``)."""
    lex = lexicon(lang)
    result = Score()
    text = _MENTION.sub(" ", _URL.sub(" ", text))
    text = _emoji(text, lang, result)
    lowered = text.lower()
    for pattern, weight, sarcastic in lex.patterns:
        if pattern.search(lowered):
            result.add(weight)
            result.sarcasm |= sarcastic
            result.complaint |= weight < 0
    original = _TOKEN.findall(text.replace("#", " "))
    tokens = [token.lower().replace("’", "'") for token in original]
    _words_and_phrases(tokens, original, lang, result)
    # Praise beside a complaint is sarcasm: "Toller Service, 2 Stunden in der Warteschleife".
    if result.ironic_praise and (result.sarcasm or result.complaint or result.negative <= -2):
        result.sarcasm = True
        result.total -= 2 * result.ironic_praise
    letters = [token for token in original if token.isalpha() and len(token) >= 2]
    shouting = len(letters) >= 3 and sum(token.isupper() for token in letters) / len(letters) > 0.6
    exclamations = min(text.count("!"), 3)
    if result.total < 0 and (shouting or exclamations):
        result.total *= 1 + 0.15 * exclamations + (0.3 if shouting else 0)
    elif result.total > 0 and exclamations:
        result.total *= 1 + 0.1 * exclamations
    if "?" in text and not exclamations and not (result.sarcasm or result.complaint):
        result.total *= 0.6  # a question is mostly a question, even with a charged word in it
    return result


def tone(text: str, lang: str) -> Tone:
    """The tone of a mention: ``negative``, ``neutral`` or ``positive``. ``lang`` is ``de`` or ``en``."""
    total = score(text, lang).total
    if total >= THRESHOLD:
        return "positive"
    if total <= -THRESHOLD:
        return "negative"
    return "neutral"
