"""Recurrences of plan rows: RFC 5545 RRULE text, checked, described and expanded in local time.

A row stores its rule without DTSTART plus a local start date and time. Expansion runs on the
*naive local wall time* in the organization's zone and attaches the zone to each occurrence only at
the end, so a meeting at 09:00 stays at 09:00 when daylight saving time begins or ends. A local
time that does not exist (02:30 on the day clocks go forward) moves forward by the gap.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil import rrule as dateutil_rrule
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from resonanz.core.dates import LATEST
from resonanz.plan.recurrence_text import describe_generic, describe_parts

ALLOWED_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
# BYHOUR/BYMINUTE/BYSECOND are left out on purpose: the time of day comes from the row's start time,
# and a rule may not fire several times a day.
ALLOWED_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
MAX_INTERVAL = 999
MAX_COUNT = 10_000
_UNTIL = re.compile(r"^(\d{8})(T\d{6}Z?)?$")
_WEEKDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_NUMBER_LIST = re.compile(r"^[+-]?\d{1,3}(,[+-]?\d{1,3})*$")


class RecurrenceError(ValidationError):
    """A rule that cannot be used; the message is translated and names the problem."""


@dataclass(frozen=True)
class Occurrence:
    """One planned occurrence: an aware datetime in the organization's zone."""

    start: dt.datetime
    all_day: bool

    @property
    def local_date(self) -> dt.date:
        return self.start.date()


def parse_parts(text: str) -> dict[str, str]:
    """Split ``FREQ=WEEKLY;BYDAY=TU`` into parts, refusing what resonanz does not accept."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        raise RecurrenceError(_("Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU."))
    if "\n" in rule or "DTSTART" in rule.upper():
        raise RecurrenceError(
            _("Give the rule without DTSTART: the start date and time are separate fields.")
        )
    parts: dict[str, str] = {}
    for piece in rule.strip(";").split(";"):
        key, sep, value = piece.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not key or not value:
            raise RecurrenceError(
                _("“%(part)s” is not a valid part of a recurrence rule."), params={"part": piece[:40]}
            )
        if key not in ALLOWED_PARTS:
            raise RecurrenceError(
                _("“%(key)s” is not supported in a recurrence rule."), params={"key": key[:20]}
            )
        if key in parts:
            raise RecurrenceError(_("“%(key)s” appears twice in the recurrence rule."), params={"key": key})
        parts[key] = value
    _check_parts(parts)
    return parts


def _check_parts(parts: dict[str, str]) -> None:
    freq = parts.get("FREQ")
    if freq is None:
        raise RecurrenceError(_("A recurrence rule needs FREQ, for example FREQ=WEEKLY."))
    if freq not in ALLOWED_FREQUENCIES:
        if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
            raise RecurrenceError(
                _("A plan row recurs at most daily; FREQ=%(freq)s is not allowed."), params={"freq": freq}
            )
        raise RecurrenceError(_("“%(freq)s” is not a known frequency."), params={"freq": freq[:20]})
    if "INTERVAL" in parts and not _int_between(parts["INTERVAL"], 1, MAX_INTERVAL):
        raise RecurrenceError(
            _("INTERVAL must be a whole number from 1 to %(max)s."), params={"max": MAX_INTERVAL}
        )
    if "COUNT" in parts and not _int_between(parts["COUNT"], 1, MAX_COUNT):
        raise RecurrenceError(_("COUNT must be a whole number from 1 to %(max)s."), params={"max": MAX_COUNT})
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError(_("Use either COUNT or UNTIL, not both."))
    if "UNTIL" in parts and not _valid_until(parts["UNTIL"]):
        raise RecurrenceError(_("UNTIL must be a date like 20261231."))
    if "BYDAY" in parts:
        for day in parts["BYDAY"].split(","):
            match = _WEEKDAY.match(day)
            if match is None or (match.group(1) and not 1 <= abs(int(match.group(1))) <= 53):
                raise RecurrenceError(
                    _("“%(day)s” is not a valid weekday in BYDAY."), params={"day": day[:10]}
                )
    for key in ("BYMONTH", "BYMONTHDAY", "BYSETPOS", "BYWEEKNO", "BYYEARDAY"):
        if key in parts and not _NUMBER_LIST.match(parts[key]):
            raise RecurrenceError(_("%(key)s must be a list of numbers."), params={"key": key})


def _valid_until(value: str) -> bool:
    if not _UNTIL.match(value):
        return False
    try:
        dt.datetime.strptime(value[:8], "%Y%m%d")
        if "T" in value:
            dt.datetime.strptime(value[9:15], "%H%M%S")
    except ValueError:
        return False
    return True


def _int_between(value: str, low: int, high: int) -> bool:
    return value.isdigit() and low <= int(value) <= high


def normalize_rrule(text: str, start: dt.date | None = None) -> str:
    """The rule in a canonical spelling (FREQ first), after checking that it can produce dates.

    Raises RecurrenceError with a translated message otherwise.
    """
    parts = parse_parts(text)
    ordered = ["FREQ", *[key for key in ALLOWED_PARTS if key != "FREQ"]]
    canonical = ";".join(f"{key}={parts[key]}" for key in ordered if key in parts)
    unbounded = ";".join(f"{key}={value}" for key, value in parts.items() if key not in ("COUNT", "UNTIL"))
    probe = _probe_start(start)
    if _build(unbounded, probe).after(probe, inc=True) is None:
        raise RecurrenceError(_("This rule never produces a date."))
    if "UNTIL" in parts:
        # Bounded by UNTIL, the search ends there; a row without a start date recurs from today.
        first_day = start or dt.date.today()
        begin = dt.datetime(first_day.year, first_day.month, first_day.day)
        if _build(canonical, begin).after(begin, inc=True) is None:
            raise RecurrenceError(
                _("This rule ends on %(until)s, before its first date. Choose a later end."),
                params={"until": formats.date_format(_until_date(parts["UNTIL"]), "SHORT_DATE_FORMAT")},
            )
    return canonical


def _until_date(value: str) -> dt.date:
    return dt.datetime.strptime(value[:8], "%Y%m%d").date()


def _until_moment(value: str) -> dt.datetime:
    """UNTIL as ``_build`` reads it: a local time, and a date alone up to the end of that day."""
    return dt.datetime.strptime(value[:8] + (value[9:15] if "T" in value else "235959"), "%Y%m%d%H%M%S")


def _probe_start(start: dt.date | None) -> dt.datetime:
    """``start`` moved by whole 400-year Gregorian cycles to shortly before the year 9999.

    dateutil searches an impossible rule (the 30th of February) up to the year 9999, which takes
    seconds from today. The calendar repeats exactly every 400 years (leap days, weekdays, week
    numbers), so whether a rule ever produces a date is the same question near the end of time,
    where the search is short. A span of at least 50 years remains for rare but possible rules.
    """
    day = start or dt.date(2026, 1, 1)
    cycles = (9949 - day.year) // 400
    return dt.datetime(day.year + 400 * cycles, day.month, day.day)


def _build(rule_text: str, dtstart: dt.datetime) -> dateutil_rrule.rrule:
    """The dateutil rule over naive local times. UNTIL is read as a local date or time as well."""
    text = rule_text
    until = re.search(r"UNTIL=(\d{8})(T\d{6})?Z?", text)
    if until is not None:
        # A date-only UNTIL includes that whole day; a Z suffix would make dateutil refuse a naive start.
        local_until = until.group(1) + (until.group(2) or "T235959")
        text = text[: until.start()] + f"UNTIL={local_until}" + text[until.end() :]
    try:
        return dateutil_rrule.rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError, OverflowError):
        raise RecurrenceError(
            _("“%(rule)s” is not a valid recurrence rule."), params={"rule": rule_text[:80]}
        ) from None


def rule_words(rule_text: str, language: str | None = None) -> str | None:
    """A sentence such as “jeden zweiten Dienstag”, or None for a rule outside the known patterns."""
    try:
        parts = parse_parts(rule_text)
    except RecurrenceError:
        return None
    return describe_parts(parts, language or _active_language())


def describe(rule_text: str, language: str | None = None) -> str:
    """A sentence such as “jeden zweiten Dienstag” or “on the first working day of the quarter”.

    A rule outside the known patterns is described by its frequency (“monatlich, nach eigener
    Regel”): readers see words, never the RFC 5545 text.
    """
    language = language or _active_language()
    try:
        parts: dict[str, str] | None = parse_parts(rule_text)
    except RecurrenceError:
        parts = None
    return (describe_parts(parts, language) if parts else None) or describe_generic(parts, language)


def _active_language() -> str:
    from django.utils.translation import get_language

    return get_language()


def expand(
    rule_text: str,
    start_date: dt.date,
    start_time: dt.time | None,
    zone: zoneinfo.ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
    limit: int = 5000,
) -> list[Occurrence]:
    """Occurrences in ``[window_start, window_end)`` (aware datetimes), in the zone ``zone``."""
    found: list[Occurrence] = []
    for occurrence in occurrences(rule_text, start_date, start_time, zone, window_start, window_end):
        if len(found) >= limit:
            break
        found.append(occurrence)
    return found


def occurrences(
    rule_text: str,
    start_date: dt.date,
    start_time: dt.time | None,
    zone: zoneinfo.ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> Iterator[Occurrence]:
    """The occurrences in ``[window_start, window_end)`` one by one, in time order.

    The work depends on the window, not on how long ago the rule began: the rule starts afresh at
    the beginning of its last period (day, week, month or year, counted in INTERVALs) before the
    window, which yields exactly the dates the rule yields from its own start.
    """
    naive_start = dt.datetime.combine(start_date, start_time or dt.time(0))
    # Widen the naive window by a day: comparing wall times near a DST change must not drop one.
    low = window_start.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=1)
    high = window_end.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=1)
    rule = _rule_near(rule_text, naive_start, low, high)
    if rule is None:
        return
    for naive in rule.xafter(max(low, naive_start), inc=True):
        if naive > high:
            break
        aware = _localize(naive, zone)
        if window_start <= aware < window_end:
            yield Occurrence(aware, start_time is None)


def _rule_near(
    rule_text: str, start: dt.datetime, low: dt.datetime, high: dt.datetime
) -> dateutil_rrule.rrule | None:
    """The rule from ``start``, restarted at the beginning of its last period on or before ``low``.

    None when the rule has ended before ``low``. A counted rule (COUNT) ends at its last date, found
    once per rule and start and then used as its UNTIL, so it can be restarted like any other; one
    that ends after the last date anybody may ask about (``LATEST``) simply has no end there.
    """
    parts = parse_parts(rule_text)
    if "COUNT" in parts:
        last = _last_counted(rule_text, start)
        if last is _BEYOND_HORIZON:
            if high > _HORIZON:  # outside the dates of the product: walk the rule as written
                return _build(rule_text, start)
            del parts["COUNT"]
        elif last is None or last < low:
            return None
        else:
            del parts["COUNT"]
            parts["UNTIL"] = last.strftime("%Y%m%dT%H%M%S")
    elif "UNTIL" in parts and _until_moment(parts["UNTIL"]) < low:
        return None
    restart = _period_start(parts, start, low)
    if restart is None:
        return _build(_text(parts), start)
    return _build(_text(_with_implicit_parts(parts, start)), restart)


def _text(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


# Counted rules are walked from their start once, up to the last date a request may ask about.
_HORIZON = dt.datetime.combine(LATEST, dt.time.max)
_BEYOND_HORIZON = dt.datetime.max


@functools.lru_cache(maxsize=4096)
def _last_counted(rule_text: str, start: dt.datetime) -> dt.datetime | None:
    """The last date of a rule with COUNT, ``_BEYOND_HORIZON`` when it comes after ``LATEST``, or None.

    The walk ends after ``MAX_COUNT`` dates or at ``LATEST``, whichever comes first, once per rule.
    """
    last = None
    for last in _build(rule_text, start):
        if last > _HORIZON:
            return _BEYOND_HORIZON
    return last


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _with_implicit_parts(parts: dict[str, str], start: dt.datetime) -> dict[str, str]:
    """``parts`` with what dateutil would take from the first date spelled out.

    Without any BYxxx day part, a yearly rule recurs on the month and day of its first date, a
    monthly one on its day and a weekly one on its weekday. A restarted rule must keep them.
    """
    explicit = dict(parts)
    if any(key in parts for key in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")):
        return explicit
    if parts["FREQ"] == "YEARLY":
        explicit.setdefault("BYMONTH", str(start.month))
        explicit["BYMONTHDAY"] = str(start.day)
    elif parts["FREQ"] == "MONTHLY":
        explicit["BYMONTHDAY"] = str(start.day)
    elif parts["FREQ"] == "WEEKLY":
        explicit["BYDAY"] = _WEEKDAY_CODES[start.weekday()]
    return explicit


def _period_start(parts: dict[str, str], start: dt.datetime, low: dt.datetime) -> dt.datetime | None:
    """The first moment of the rule's last period (of INTERVAL days, weeks, months or years) that
    begins on or before ``low``; None when that is the rule's first period.

    Each period's dates depend only on the period itself (BYSETPOS counts within it), so a rule
    started there yields the same dates from then on as the rule from its first date.
    """
    interval = int(parts.get("INTERVAL", "1"))
    time = start.time()
    freq = parts["FREQ"]
    if freq == "DAILY":
        steps = (low.date() - start.date()).days // interval
        first = start.date() + dt.timedelta(days=steps * interval)
    elif freq == "WEEKLY":
        wkst = parts.get("WKST")  # a rule without one starts its weeks on Monday (RFC 5545)
        week_start = _WEEKDAY_CODES.index(wkst) if wkst in _WEEKDAY_CODES else 0
        first_week = start.date() - dt.timedelta(days=(start.weekday() - week_start) % 7)
        steps = (low.date() - first_week).days // (7 * interval)
        first = first_week + dt.timedelta(weeks=steps * interval)
    elif freq == "MONTHLY":
        steps = ((low.year - start.year) * 12 + low.month - start.month) // interval
        month = start.year * 12 + start.month - 1 + steps * interval
        first = dt.date(month // 12, month % 12 + 1, 1)
    else:
        steps = (low.year - start.year) // interval
        first = dt.date(start.year + steps * interval, 1, 1)
    return dt.datetime.combine(first, time) if steps > 0 else None


def fixed_occurrence(
    day: dt.date,
    time: dt.time | None,
    zone: zoneinfo.ZoneInfo,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> list[Occurrence]:
    aware = _localize(dt.datetime.combine(day, time or dt.time(0)), zone)
    return [Occurrence(aware, time is None)] if window_start <= aware < window_end else []


def _localize(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Attach ``zone``; a wall time inside the spring-forward gap moves forward by the gap."""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(dt.UTC).astimezone(zone)
