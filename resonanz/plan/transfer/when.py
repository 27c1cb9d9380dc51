"""Reading the “when” of an imported row: an RRULE, a phrase, a date, a time or a trigger.

Phrases are read back by describing a catalogue of common rules in German and English with the
same code that writes them (``recurrence.rule_words``), so everything resonanz exports reads back in,
plus a few words people commonly write (“14-tägig”, “quartalsweise”, “biweekly”, “am 2. Donnerstag
im Monat”). The row form reads a rule typed in words with the same function (``rule_from_words``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import override

from resonanz.plan.models import WhenKind
from resonanz.plan.recurrence import rule_words
from resonanz.plan.recurrence_text import WEEKDAYS
from resonanz.plan.transfer.table import trigger_prefix

WORKING_DAYS = "MO,TU,WE,TH,FR"
SYNONYMS = {
    "taeglich": "FREQ=DAILY",
    "werktaeglich": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "arbeitstaeglich": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "woechentlich": "FREQ=WEEKLY",
    "jeden werktag": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "werktags": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "14 taegig": "FREQ=WEEKLY;INTERVAL=2",
    "vierzehntaegig": "FREQ=WEEKLY;INTERVAL=2",
    "zweiwoechentlich": "FREQ=WEEKLY;INTERVAL=2",
    "alle zwei wochen": "FREQ=WEEKLY;INTERVAL=2",
    "monatlich": "FREQ=MONTHLY",
    "zweimonatlich": "FREQ=MONTHLY;INTERVAL=2",
    "alle zwei monate": "FREQ=MONTHLY;INTERVAL=2",
    "quartalsweise": "FREQ=MONTHLY;INTERVAL=3",
    "vierteljaehrlich": "FREQ=MONTHLY;INTERVAL=3",
    "einmal im quartal": "FREQ=MONTHLY;INTERVAL=3",
    "halbjaehrlich": "FREQ=MONTHLY;INTERVAL=6",
    "jaehrlich": "FREQ=YEARLY",
    "einmal im jahr": "FREQ=YEARLY",
    "daily": "FREQ=DAILY",
    "every working day": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "weekly": "FREQ=WEEKLY",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "every two weeks": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "every two months": "FREQ=MONTHLY;INTERVAL=2",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "half yearly": "FREQ=MONTHLY;INTERVAL=6",
    "semi annually": "FREQ=MONTHLY;INTERVAL=6",
    "twice a year": "FREQ=MONTHLY;INTERVAL=6",
    "yearly": "FREQ=YEARLY",
    "annually": "FREQ=YEARLY",
}
ONCE_WORDS = {"einmalig", "einmal", "once", "one off", "one time", "termin", "fixed date"}
TRIGGER_WORDS = {
    "ausloeser",
    "anlassbezogen",
    "bei bedarf",
    "nach bedarf",
    "ereignisgesteuert",
    "trigger",
    "triggered",
    "on demand",
    "as needed",
    "when needed",
}

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::00)?\s*(?:uhr|h)?$")


def phrase_key(text: str) -> str:
    """Lower case, umlauts spelt out, everything but letters and digits as single spaces."""
    lowered = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return _NOT_WORD.sub(" ", lowered).strip()


def _candidate_rules() -> list[str]:
    """Common rules, simplest first (when two rules read alike, the simpler one is kept)."""
    days = list(WEEKDAYS)
    rules = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}"]
    rules += [
        f"FREQ={freq};INTERVAL={n}" for freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") for n in range(2, 7)
    ]
    for interval in range(1, 6):
        prefix = "FREQ=WEEKLY" + (f";INTERVAL={interval}" if interval > 1 else "")
        rules += [f"{prefix};BYDAY={day}" for day in days]
        rules += [f"{prefix};BYDAY={a},{b}" for a, b in itertools.combinations(days, 2)]
    for interval in (1, 2, 3, 6):
        prefix = "FREQ=MONTHLY" + (f";INTERVAL={interval}" if interval > 1 else "")
        rules += [f"{prefix};BYMONTHDAY={day}" for day in [*range(1, 32), -1]]
        rules += [f"{prefix};BYDAY={n}{day}" for n in (1, 2, 3, 4, -1) for day in days]
        rules += [f"{prefix};BYDAY={WORKING_DAYS};BYSETPOS={n}" for n in (1, 2, 3, -1)]
    quarters = "FREQ=MONTHLY;BYMONTH=1,4,7,10"
    rules += [f"{quarters};BYDAY={WORKING_DAYS};BYSETPOS={n}" for n in (1, 2, 3, -1)]
    rules += [f"{quarters};BYDAY={day};BYSETPOS={n}" for n in (1, 2, 3, -1) for day in days]
    for month in range(1, 13):
        rules.append(f"FREQ=YEARLY;BYMONTH={month}")
        rules += [f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}" for day in range(1, 32)]
        rules += [f"FREQ=YEARLY;BYMONTH={month};BYDAY={n}{day}" for n in (1, 2, 3, 4, -1) for day in days]
    return rules


@lru_cache(maxsize=1)
def phrase_rules() -> dict[str, str]:
    """``{phrase key: rule}`` for the catalogue in German and English, plus the synonyms."""
    table: dict[str, str] = {}
    for rule in _candidate_rules():
        for language in ("de", "en"):
            text = rule_words(rule, language)
            if text is not None:
                table.setdefault(phrase_key(text), rule)
    for words, rule in SYNONYMS.items():
        table.setdefault(phrase_key(words), rule)
    return table


# Ways of saying the catalogue's phrases differently, applied to a phrase key (see ``phrase_key``).
_DAY_WORDS = (
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|werktag|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|working day"
)
_NUMBERED_DAY = re.compile(rf"\b([1-5])(?:st|nd|rd|th)? (?=(?:{_DAY_WORDS})\b)")
_ORDINALS = (
    ("ersten", "zweiten", "dritten", "vierten", "fuenften"),
    ("first", "second", "third", "fourth", "fifth"),
)
_GERMAN_WEEKDAY = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # German: “im Monat”, “jeden Monats”, “eines Quartals” for the catalogue's “des Monats”
    (re.compile(r"\b(?:im|jeden|eines|jedes) monats?\b"), "des monats"),
    (re.compile(r"\b(?:im|jeden|eines|jedes) quartals?\b"), "des quartals"),
    # “monatlich am letzten Mittwoch” → “am letzten Mittwoch des Monats”
    (re.compile(r"^monatlich am (.+?)(?: des monats)?$"), r"am \1 des monats"),
    (
        re.compile(r"^jede[nr] (ersten|zweiten|dritten|vierten|fuenften|letzten) (\w+) des monats$"),
        r"am \1 \2 des monats",
    ),
    # “montags”, “immer montags”, “wöchentlich am Montag” → “jeden Montag”
    (re.compile(rf"^(?:woechentlich (?:am )?|immer |jeden )?({_GERMAN_WEEKDAY})s?$"), r"jeden \1"),
    # English: “every month on the last Wednesday”, “the last Wednesday of every month”
    (re.compile(r"^(?:every month|monthly) on the (.+?)(?: of the month)?$"), r"on the \1 of the month"),
    (re.compile(r"\bof (?:each|every) month$"), "of the month"),
    (
        re.compile(r"^(?:the|every) (first|second|third|fourth|fifth|last) (\w+) of the month$"),
        r"on the \1 \2 of the month",
    ),
)


def _variants(key: str) -> list[str]:
    """``key`` and the same phrase in the catalogue's wording (numbers as words, “im Monat”, …)."""
    found = [key]
    for ordinals in _ORDINALS:

        def spelt(match: re.Match[str], words: tuple[str, ...] = ordinals) -> str:
            return words[int(match.group(1)) - 1] + " "

        found.append(_NUMBERED_DAY.sub(spelt, key))
    for text in list(found):
        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
            found.append(text)
    return list(dict.fromkeys(found))


def rule_from_words(text: str) -> str | None:
    """The rule a phrase stands for (“jeden zweiten Dienstag” → FREQ=WEEKLY;INTERVAL=2;BYDAY=TU), or None."""
    table = phrase_rules()
    for key in _variants(phrase_key(text[:200])):
        if key in table:
            return table[key]
    return None


@dataclass(frozen=True)
class When:
    kind: str
    rrule: str = ""
    start_date: dt.date | None = None
    start_time: dt.time | None = None
    trigger: str = ""


def parse_date(value: object) -> dt.date | None:
    """A date from a spreadsheet cell; None when it is not one. Accepts 06.01.2026, 6.1.26, 2026-01-06."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        german = _GERMAN_DATE.match(text)
        if german:
            day, month, year = (int(part) for part in german.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        iso = _ISO_DATE.match(text)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def parse_time(value: object) -> dt.time | None:
    """A time of day from a cell; None when it is not one. Accepts 09:00, 9.30, 9 Uhr, 14h."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        return None
    match = _TIME.match(value.strip().lower())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _trigger_prefixes() -> tuple[str, ...]:
    prefixes = {"ausloeser", "trigger", "anlass"}
    for language in ("de", "en"):
        with override(language):
            prefixes.add(phrase_key(trigger_prefix()))
    return tuple(prefixes)


def read_when(text: str) -> When | None:
    """What a “When” cell says, or None when it is neither a rule, a phrase, a date nor a trigger.

    An RRULE comes back unchecked (the caller checks it, to report its exact problem).
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    upper = cleaned.upper()
    if upper.startswith("RRULE:") or "FREQ=" in upper:
        return When(WhenKind.RECURRENCE, rrule=upper.removeprefix("RRULE:"))
    head, colon, rest = cleaned.partition(":")
    if colon and rest.strip() and phrase_key(head) in _trigger_prefixes():
        return When(WhenKind.TRIGGER, trigger=rest.strip())
    key = phrase_key(cleaned)
    if key in TRIGGER_WORDS:
        return When(WhenKind.TRIGGER)
    if key in ONCE_WORDS:
        return When(WhenKind.FIXED)
    rule = rule_from_words(cleaned)
    if rule is not None:
        return When(WhenKind.RECURRENCE, rrule=rule)
    date_part, _space, time_part = cleaned.partition(" ")
    day = parse_date(date_part.rstrip(","))
    if day is not None:
        time = parse_time(time_part) if time_part.strip() else None
        if time_part.strip() and time is None:
            return None
        return When(WhenKind.FIXED, start_date=day, start_time=time)
    return None
