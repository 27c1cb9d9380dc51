"""Dates of birth: a date near a word that says so ("geboren", "geb.", "born", "DOB", "Geburtsdatum").

A date alone is an appointment or a deadline; only the date nearest after such a word (or just before
"geboren"/"Geburtstag") counts, and only with a year at least ten years ago.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

Span = tuple[int, int]

_DE_MONTHS = "Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
DATE = re.compile(
    r"(?<![\d.])(?:"
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?P<y1>\d{4}|\d{2})"  # 14.03.1988, 3.7.90
    r"|(?P<y2>\d{4})-\d{2}-\d{2}"  # 1991-11-23
    r"|\d{1,2}/\d{1,2}/(?P<y3>\d{4}|\d{2})"  # 12/08/1983
    rf"|\d{{1,2}}\.?\s(?:{_DE_MONTHS})\s(?P<y4>\d{{4}})"  # 21. Mai 1992
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_EN_MONTHS})\s(?P<y5>\d{{4}})"  # 4 July 1986
    rf"|(?:{_EN_MONTHS})\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?P<y6>\d{{4}})"  # March 3, 1979
    r")(?![\d])",
)
CUE_BEFORE = re.compile(
    r"\b(?:geboren|geb\.|geb\b|geburtsdatum|geburtstag|born|dob\b|d\.o\.b\.|date of birth|birth date"
    r"|birthday|birthdate)",
    re.IGNORECASE,
)
CUE_AFTER = re.compile(r"^\W{0,3}(?:\w+\W{1,3}){0,1}(?:geboren|geburtstag|born)\b", re.IGNORECASE)
WINDOW_BEFORE = 40


def _year(match: re.Match[str]) -> int:
    value = next(group for group in match.groups() if group)
    year = int(value)
    return year + (1900 if year >= 30 else 2000) if len(value) == 2 else year


def find_birth_dates(text: str, today: datetime.date | None = None) -> Iterator[Span]:
    latest = (today or datetime.date.today()).year - 10
    previous_end = 0
    for match in DATE.finditer(text):
        if not 1900 <= _year(match) <= latest:
            previous_end = match.end()
            continue
        # Only the first date after the cue: "Geburtsdatum: 02.02.1979, Eintritt: 01.04.2015".
        before = text[max(previous_end, match.start() - WINDOW_BEFORE) : match.start()]
        after = text[match.end() : match.end() + 25]
        if CUE_BEFORE.search(before) or CUE_AFTER.search(after):
            yield match.span()
        previous_end = match.end()
