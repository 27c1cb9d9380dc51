"""Reading the “when” of an imported row: an RRULE, a phrase, a date, a time or a trigger.

Phrases are read back by describing a catalogue of common rules in German and English with the
same code that writes them (``recurrence.describe``), so everything resonanz exports reads back in,
plus a few words people commonly write (“14-tägig”, “quartalsweise”, “biweekly”).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import override

from resonanz.plan.models import WhenKind
from resonanz.plan.recurrence import describe
from resonanz.plan.recurrence_text import WEEKDAYS
from resonanz.plan.transfer.table import trigger_prefix

WORKING_DAYS = "MO,TU,WE,TH,FR"
SYNONYMS = {
    "taeglich": "FREQ=DAILY",
    "werktaeglich": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "arbeitstaeglich": f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "woechentlich": "FREQ=WEEKLY",
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
            text = describe(rule, language)
            if text != rule:
                table.setdefault(phrase_key(text), rule)
    for words, rule in SYNONYMS.items():
        table.setdefault(phrase_key(words), rule)
    return table


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
    rule = phrase_rules().get(key)
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
