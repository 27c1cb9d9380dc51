"""Names of people, found offline: a known given name before a capitalised family name, or a form of
address or title before a name ("Frau Dr. Brandt", "Mr Patel"); not the people on the allow-list.

German capitalises every noun, so a capitalised word alone says nothing: a name needs a given name from
the list (or a form of address) and a family name that is not an ordinary or institutional word. Given
names that are also words or brands ("Mark", "Hugo", "Otto") need a known family name after them. A single
given name ("Danke, Anna!") is not reported. Names inside @handles and #hashtags are not names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from resonanz.content.checks.addresses import STREET_SUFFIXES
from resonanz.content.checks.name_lists import (
    ADDRESS_WORDS,
    AMBIGUOUS_GIVEN_NAMES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INSTITUTION_WORDS,
    NAME_PARTICLES,
    NOT_FAMILY_NAMES,
    TITLE_WORDS,
)
from resonanz.content.checks.normalise import fold_variants as fold_variants
from resonanz.content.checks.normalise import folded_set

Span = tuple[int, int]

KNOWN_GIVEN_NAMES = folded_set(GIVEN_NAMES | AMBIGUOUS_GIVEN_NAMES)
KNOWN_FAMILY_NAMES = folded_set(FAMILY_NAMES)
_AMBIGUOUS = folded_set(AMBIGUOUS_GIVEN_NAMES)
_NOT_FAMILY = folded_set(NOT_FAMILY_NAMES)
_INSTITUTIONS = folded_set(INSTITUTION_WORDS)
# Endings of German abstract nouns: "Beratung", "Gesundheit", "Gemeinschaft", "Kommunikation".
ABSTRACT_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "ität", "ismus", "nis", "tum", "ment", "ik")
TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_])){0,60}")
ADJACENT = re.compile(r"[ \u00a0]{1,2}")
ADJACENT_AFTER_ABBREVIATION = re.compile(r"\.?[ \u00a0]{1,2}")
MAX_NAME_TOKENS = 4
_ADDRESS_OR_TITLE = ADDRESS_WORDS | TITLE_WORDS


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold_variants(self.text)[0]

    def known(self, names: frozenset[str]) -> bool:
        return any(variant in names for variant in fold_variants(self.text))


def _tokens(text: str) -> list[Token]:
    tokens = []
    for match in TOKEN.finditer(text):
        word = match.group()
        for ending in ("'s", "’s"):
            if word.endswith(ending) and len(word) > 3:
                word = word[: -len(ending)]
        tokens.append(Token(match.start(), match.start() + len(word), word))
    return tokens


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word.isupper()


def _is_given(token: Token) -> bool:
    if not _capitalised(token.text):
        return False
    return token.known(KNOWN_GIVEN_NAMES) or all(
        any(variant in KNOWN_GIVEN_NAMES for variant in fold_variants(part)) for part in token.text.split("-")
    )


def _is_family(token: Token) -> bool:
    word = token.text
    if not _capitalised(word) or token.known(_NOT_FAMILY) or token.known(_INSTITUTIONS):
        return False
    if token.known(KNOWN_FAMILY_NAMES):
        return True
    lowered = word.casefold()
    return not lowered.endswith(ABSTRACT_ENDINGS) and not lowered.endswith(STREET_SUFFIXES)


class _Reader:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text, self.tokens = text, tokens

    def adjacent(self, index: int) -> bool:
        """Whether token ``index`` follows token ``index - 1`` with only a space (or ". ") between."""
        if index <= 0 or index >= len(self.tokens):
            return False
        before, token = self.tokens[index - 1], self.tokens[index]
        gap = self.text[before.end : token.start]
        if before.text.casefold() + "." in _ADDRESS_OR_TITLE:
            return ADJACENT_AFTER_ABBREVIATION.fullmatch(gap) is not None
        return ADJACENT.fullmatch(gap) is not None

    def is_address_word(self, index: int) -> bool:
        token = self.tokens[index]
        word = token.text.casefold()
        if not token.text[0].isupper():
            return False
        return word in ADDRESS_WORDS or (
            word + "." in ADDRESS_WORDS and self.text[token.end : token.end + 1] == "."
        )

    def hidden(self, index: int) -> bool:
        start = self.tokens[index].start
        return start > 0 and self.text[start - 1] in "@#/_"


def _name_run(reader: _Reader, first: int, after_address: bool) -> list[int]:
    """Indexes of the name's tokens from ``first``: given names and particles, then one family name."""
    tokens, run = reader.tokens, list[int]()
    index = first
    while index < len(tokens) and len(run) < MAX_NAME_TOKENS and (index == first or reader.adjacent(index)):
        token = tokens[index]
        previous_is_given = not run or _is_given(tokens[run[-1]]) or tokens[run[-1]].folded in NAME_PARTICLES
        if (
            token.folded in NAME_PARTICLES
            and (after_address or run)
            and previous_is_given
            and reader.adjacent(index + 1)
            and (_capitalised(tokens[index + 1].text) or tokens[index + 1].folded in NAME_PARTICLES)
        ) or (_is_given(token) and previous_is_given):
            run.append(index)
        elif _is_family(token) and previous_is_given and (run or after_address):
            run.append(index)
            break
        else:
            break
        index += 1
    while run and tokens[run[-1]].folded in NAME_PARTICLES:
        run.pop()
    return run


def _institution_follows(reader: _Reader, last: int) -> bool:
    following = last + 1
    return reader.adjacent(following) and reader.tokens[following].known(_INSTITUTIONS)


def _candidates(text: str) -> Iterator[tuple[int, int, list[Token]]]:
    tokens = _tokens(text)
    reader = _Reader(text, tokens)
    index = 0
    while index < len(tokens):
        if reader.hidden(index):
            index += 1
            continue
        address = index
        while (
            address < len(tokens)
            and reader.is_address_word(address)
            and (address == index or reader.adjacent(address))
        ):
            address += 1
        addressed = address > index
        if addressed and not reader.adjacent(address):
            index = address
            continue
        run = _name_run(reader, address, addressed)
        names = [tokens[i] for i in run if tokens[i].folded not in NAME_PARTICLES]
        accepted = False
        if run and not _institution_follows(reader, run[-1]):
            if addressed:
                accepted = True
            elif len(names) >= 2 and _is_given(names[0]):
                family = names[-1]
                accepted = not names[0].known(_AMBIGUOUS) or family.known(KNOWN_FAMILY_NAMES)
        if accepted:
            yield tokens[index].start, tokens[run[-1]].end, names
            index = run[-1] + 1
        else:
            index += 1


def _name_keys(words: Iterable[str]) -> list[tuple[str, ...]]:
    parts = [part for word in words for part in re.split(r"[\s-]+", word) if part]
    parts = [part for part in parts if part.casefold() not in _ADDRESS_OR_TITLE]
    parts = [part.rstrip(".") for part in parts if part.rstrip(".").casefold() + "." not in TITLE_WORDS]
    return [tuple(fold_variants(part)[variant] for part in parts) for variant in (0, 1)]


class AllowList:
    """The allow-list's names, looked up by family name in any of the spellings ``fold_variants`` gives."""

    def __init__(self, names: Iterable[str]) -> None:
        # family name -> given names written with it ("" where an entry has a family name only)
        self.given_by_family: dict[str, set[str]] = {}
        for name in names:
            for key in _name_keys([name]):
                if key:
                    self.given_by_family.setdefault(key[-1], set()).add(key[0] if len(key) > 1 else "")

    def allows(self, names: list[Token]) -> bool:
        for key in _name_keys(token.text for token in names):
            given = self.given_by_family.get(key[-1]) if key else None
            # The family name agrees, and the given name too where both are written.
            if given is not None and (len(key) == 1 or "" in given or key[0] in given):
                return True
        return False


def find_person_names(text: str, allow_list: Iterable[str]) -> Iterator[Span]:
    allowed = AllowList(allow_list)
    for start, end, names in _candidates(text):
        if not allowed.allows(names):
            yield start, end
