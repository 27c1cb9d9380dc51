"""IBANs, payment card numbers and German tax identification numbers: found only when the checksum holds.

Every pattern repeats single characters a bounded number of times, so a search is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban, luhn
from stdnum.de import idnr

Span = tuple[int, int]

# Country code, check digits, then 11-30 letters or digits, optionally in groups separated by single spaces.
IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
# 13-19 digits in groups of any size separated by single spaces or hyphens.
CARD_CANDIDATE = re.compile(r"(?<![\d+/.,-])(?<!\d )\d(?:[ -]?\d){12,18}(?![\d])(?![.,/-]\d)")
# 11 digits, grouped "12 345 678 901" or written together.
TAX_ID_CANDIDATE = re.compile(r"(?<![\d+/.,-])(?<!\d )\d{2}(?: ?\d{3}){3}(?![\d])(?! \d)(?![.,/-]\d)")

# Issuer prefixes and lengths: a Luhn-valid number outside them is an order or tracking number.
CARD_ISSUERS: list[tuple[tuple[int, int], int, frozenset[int]]] = [
    ((4, 4), 1, frozenset({13, 16, 19})),  # Visa
    ((51, 55), 2, frozenset({16})),  # Mastercard
    ((2221, 2720), 4, frozenset({16})),  # Mastercard 2-series
    ((34, 34), 2, frozenset({15})),  # American Express
    ((37, 37), 2, frozenset({15})),
    ((6011, 6011), 4, frozenset({16, 19})),  # Discover
    ((644, 649), 3, frozenset({16, 19})),
    ((65, 65), 2, frozenset({16, 19})),
    ((3528, 3589), 4, frozenset({16, 17, 18, 19})),  # JCB
    ((300, 305), 3, frozenset({14, 16, 19})),  # Diners Club
    ((36, 36), 2, frozenset({14, 16, 19})),
    ((38, 39), 2, frozenset({16, 19})),
    ((62, 62), 2, frozenset({16, 17, 18, 19})),  # UnionPay
    ((50, 50), 2, frozenset({12, 13, 14, 15, 16, 17, 18, 19})),  # Maestro
    ((56, 58), 2, frozenset({12, 13, 14, 15, 16, 17, 18, 19})),
    ((67, 67), 2, frozenset({12, 13, 14, 15, 16, 17, 18, 19})),
]


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def find_ibans(text: str) -> Iterator[Span]:
    for match in IBAN_CANDIDATE.finditer(text):
        candidate = match.group()
        # A candidate may run into the next word ("DE89 3704 … 00 BIC"): try the whole, then shorter
        # prefixes ending at a group boundary.
        ends = [len(candidate)] + [i for i in range(len(candidate) - 1, 14, -1) if candidate[i] == " "]
        for end in ends:
            if iban.is_valid(candidate[:end]):
                yield match.start(), match.start() + end
                break


def is_card_number(digits: str) -> bool:
    if not 12 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    for (low, high), width, lengths in CARD_ISSUERS:
        if low <= int(digits[:width]) <= high and len(digits) in lengths:
            return True
    return False


def find_cards(text: str) -> Iterator[Span]:
    for match in CARD_CANDIDATE.finditer(text):
        if is_card_number(_digits(match.group())):
            yield match.span()


def find_tax_ids(text: str) -> Iterator[Span]:
    """German Steuer-IDs: 11 digits, the check digit (ISO 7064) and the rule on repeated digits."""
    for match in TAX_ID_CANDIDATE.finditer(text):
        if idnr.is_valid(_digits(match.group())):
            yield match.span()
