"""Plain-language descriptions of recurrence rules, in German and English.

German ordinals and weekdays inflect with the phrase around them (“jeden zweiten Dienstag”, “am
ersten Werktag”), which a catalogue of fragments cannot express; so both languages are written out
here as whole phrase builders. Other languages get English. A rule outside the patterns gets None
from ``describe_parts``; ``describe_generic`` then says at least how often it recurs (“monatlich,
nach eigener Regel”), so a reader never sees the rule's RFC 5545 text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKING_DAYS = frozenset(WEEKDAYS[:5])
QUARTER_STARTS = frozenset({1, 4, 7, 10})


@dataclass(frozen=True)
class Words:
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    ordinals: tuple[str, ...]  # 1st..5th as used in "every second Tuesday" / "am zweiten Montag"
    last: str
    daily: str
    every_n_days: str
    every_working_day: str
    weekly: str
    every_n_weeks: str
    every_n_weeks_on: str
    every_weekday: str  # "every {ordinal}{days}" with ordinal "" for every week
    monthly: str
    every_n_months: str
    quarterly: str
    yearly: str
    every_n_years: str
    on_monthday: str
    on_last_monthday: str
    on_nth_weekday: str
    on_nth_working_day: str
    of_month: str
    of_quarter: str
    in_months: str
    on_date_yearly: str
    on_date: str
    times: str
    until: str
    and_: str
    custom: str  # a rule outside the patterns, after its frequency
    custom_alone: str  # a rule whose frequency cannot be read either


GERMAN = Words(
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    ordinals=("ersten", "zweiten", "dritten", "vierten", "fünften"),
    last="letzten",
    daily="täglich",
    every_n_days="alle {n} Tage",
    every_working_day="jeden Werktag (Montag bis Freitag)",
    weekly="wöchentlich",
    every_n_weeks="alle {n} Wochen",
    every_n_weeks_on="alle {n} Wochen am {days}",
    every_weekday="jeden {ordinal}{days}",
    monthly="monatlich",
    every_n_months="alle {n} Monate",
    quarterly="vierteljährlich",
    yearly="jährlich",
    every_n_years="alle {n} Jahre",
    on_monthday="am {day}. {period}",
    on_last_monthday="am letzten Tag {period}",
    on_nth_weekday="am {ordinal} {weekday} {period}",
    on_nth_working_day="am {ordinal} Werktag {period}",
    of_month="des Monats",
    of_quarter="des Quartals",
    in_months="im {months}",
    on_date_yearly="jedes Jahr am {day}. {month}",
    on_date="am {day}. {month}",
    times="{n}-mal",
    until="bis {date}",
    and_="und",
    custom="{base}, nach eigener Regel",
    custom_alone="nach eigener Regel",
)

ENGLISH = Words(
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    ordinals=("first", "second", "third", "fourth", "fifth"),
    last="last",
    daily="daily",
    every_n_days="every {n} days",
    every_working_day="every working day (Monday to Friday)",
    weekly="weekly",
    every_n_weeks="every {n} weeks",
    every_n_weeks_on="every {n} weeks on {days}",
    every_weekday="every {ordinal}{days}",
    monthly="monthly",
    every_n_months="every {n} months",
    quarterly="quarterly",
    yearly="yearly",
    every_n_years="every {n} years",
    on_monthday="on day {day} {period}",
    on_last_monthday="on the last day {period}",
    on_nth_weekday="on the {ordinal} {weekday} {period}",
    on_nth_working_day="on the {ordinal} working day {period}",
    of_month="of the month",
    of_quarter="of the quarter",
    in_months="in {months}",
    on_date_yearly="every year on {day} {month}",
    on_date="on {day} {month}",
    times="{n} times",
    until="until {date}",
    and_="and",
    custom="{base}, by a custom rule",
    custom_alone="by a custom rule",
)


def words_for(language: str) -> Words:
    return GERMAN if language.lower().startswith("de") else ENGLISH


def describe_parts(parts: dict[str, str], language: str) -> str | None:
    """The description of checked rule parts (see ``recurrence.parse_parts``), or None."""
    if set(parts) & {"BYWEEKNO", "BYYEARDAY"}:
        return None
    words = words_for(language)
    core = _describe_core(parts, words)
    if core is None:
        return None
    return core + _describe_end(parts, words)


def describe_generic(parts: dict[str, str] | None, language: str) -> str:
    """How often a rule outside the patterns recurs, in words (“alle 2 Monate, nach eigener Regel”)."""
    words = words_for(language)
    if parts is None:
        return words.custom_alone
    interval = _interval(parts)
    freq = parts["FREQ"]
    every_n = {
        "DAILY": (words.daily, words.every_n_days),
        "WEEKLY": (words.weekly, words.every_n_weeks),
        "MONTHLY": (words.monthly, words.every_n_months),
        "YEARLY": (words.yearly, words.every_n_years),
    }
    once, several = every_n[freq]
    base = once if interval == 1 else several.format(n=interval)
    return words.custom.format(base=base) + _describe_end(parts, words)


def _interval(parts: dict[str, str]) -> int:
    return int(parts.get("INTERVAL", "1"))


def _days(parts: dict[str, str]) -> list[tuple[int | None, str]]:
    result: list[tuple[int | None, str]] = []
    for token in parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []:
        code = token[-2:]
        number = token[:-2]
        result.append((int(number) if number else None, code))
    return result


def _join(items: list[str], words: Words) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {words.and_} " + items[-1]


def _ordinal(n: int, words: Words) -> str | None:
    if n == -1:
        return words.last
    if 1 <= n <= len(words.ordinals):
        return words.ordinals[n - 1]
    return None


def _describe_core(parts: dict[str, str], words: Words) -> str | None:
    freq = parts["FREQ"]
    days = _days(parts)
    if freq == "DAILY":
        return _describe_daily(parts, days, words)
    if freq == "WEEKLY":
        return _describe_weekly(parts, days, words)
    if freq == "MONTHLY":
        return _describe_monthly(parts, days, words)
    return _describe_yearly(parts, days, words)


def _describe_daily(parts: dict[str, str], days: list[tuple[int | None, str]], words: Words) -> str | None:
    if set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"}:
        return None
    interval = _interval(parts)
    if days:
        if interval == 1 and all(n is None for n, _ in days) and {c for _, c in days} == WORKING_DAYS:
            return words.every_working_day
        return None
    return words.daily if interval == 1 else words.every_n_days.format(n=interval)


def _describe_weekly(parts: dict[str, str], days: list[tuple[int | None, str]], words: Words) -> str | None:
    if set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"}:
        return None
    interval = _interval(parts)
    if not days:
        return words.weekly if interval == 1 else words.every_n_weeks.format(n=interval)
    if any(n is not None for n, _ in days):
        return None
    codes = sorted({c for _, c in days}, key=WEEKDAYS.index)
    if interval == 1 and set(codes) == WORKING_DAYS:
        return words.every_working_day
    names = _join([words.weekdays[WEEKDAYS.index(c)] for c in codes], words)
    if interval == 1:
        return words.every_weekday.format(ordinal="", days=names)
    ordinal = _ordinal(interval, words)
    if ordinal is None:
        return words.every_n_weeks_on.format(n=interval, days=names)
    return words.every_weekday.format(ordinal=ordinal + " ", days=names)


def _months(parts: dict[str, str]) -> list[int] | None:
    months = sorted({int(m) for m in parts["BYMONTH"].split(",")}) if "BYMONTH" in parts else []
    return months if all(1 <= m <= 12 for m in months) else None


def _day_phrase(
    parts: dict[str, str], days: list[tuple[int | None, str]], words: Words
) -> tuple[int, str] | None:
    """(position, phrase template with {period}) for the day within the month, or (0, "") for none."""
    setpos = parts.get("BYSETPOS")
    if "BYMONTHDAY" in parts:
        if days or setpos or "," in parts["BYMONTHDAY"]:
            return None
        day = int(parts["BYMONTHDAY"])
        if day == -1:
            return -1, words.on_last_monthday
        return (day, words.on_monthday.replace("{day}", str(day))) if 1 <= day <= 31 else None
    if not days:
        return None if setpos else (0, "")
    codes = {code for _, code in days}
    if setpos is not None:
        if "," in setpos or any(n is not None for n, _ in days):
            return None
        position = int(setpos)
        ordinal = _ordinal(position, words)
        if ordinal is None:
            return None
        if codes == WORKING_DAYS:
            return position, words.on_nth_working_day.replace("{ordinal}", ordinal)
        if len(codes) == 1:
            weekday = words.weekdays[WEEKDAYS.index(next(iter(codes)))]
            return position, words.on_nth_weekday.replace("{ordinal}", ordinal).replace("{weekday}", weekday)
        return None
    if len(days) == 1 and days[0][0] is not None:
        position = days[0][0]
        ordinal = _ordinal(position, words)
        if ordinal is None:
            return None
        weekday = words.weekdays[WEEKDAYS.index(days[0][1])]
        return position, words.on_nth_weekday.replace("{ordinal}", ordinal).replace("{weekday}", weekday)
    return None


def _describe_monthly(parts: dict[str, str], days: list[tuple[int | None, str]], words: Words) -> str | None:
    if set(parts) - {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    }:
        return None
    interval = _interval(parts)
    months = _months(parts)
    day = _day_phrase(parts, days, words)
    if months is None or day is None or (months and interval != 1):
        return None
    position, phrase = day
    month_names = _join([words.months[m - 1] for m in months], words)
    if not phrase:
        if set(months) == QUARTER_STARTS:
            return words.quarterly
        if months:
            return words.yearly + " " + words.in_months.format(months=month_names)
        if interval == 1:
            return words.monthly
        return words.quarterly if interval == 3 else words.every_n_months.format(n=interval)
    # The first Monday (or working day) of January is the first of the quarter; the last one is not.
    if set(months) == QUARTER_STARTS and position > 0:
        return phrase.format(period=words.of_quarter)
    if months:
        return phrase.format(period=words.of_month) + " " + words.in_months.format(months=month_names)
    if interval == 1:
        return phrase.format(period=words.of_month)
    prefix = words.quarterly if interval == 3 else words.every_n_months.format(n=interval)
    return prefix + ", " + phrase.format(period=words.of_month)


def _describe_yearly(parts: dict[str, str], days: list[tuple[int | None, str]], words: Words) -> str | None:
    if set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "WKST"}:
        return None
    interval = _interval(parts)
    base = words.yearly if interval == 1 else words.every_n_years.format(n=interval)
    if "BYMONTH" not in parts:
        return base if not days and "BYMONTHDAY" not in parts else None
    months = parts["BYMONTH"].split(",")
    if len(months) != 1 or not 1 <= int(months[0]) <= 12:
        return None
    month = words.months[int(months[0]) - 1]
    if "BYMONTHDAY" in parts and not days and "," not in parts["BYMONTHDAY"]:
        day = int(parts["BYMONTHDAY"])
        if not 1 <= day <= 31:
            return None
        if interval == 1:
            return words.on_date_yearly.format(day=day, month=month)
        return base + ", " + words.on_date.format(day=day, month=month)
    if len(days) == 1 and days[0][0] is not None and "BYMONTHDAY" not in parts:
        ordinal = _ordinal(days[0][0], words)
        if ordinal is None:
            return None
        weekday = words.weekdays[WEEKDAYS.index(days[0][1])]
        return (
            base
            + ", "
            + words.on_nth_weekday.format(ordinal=ordinal, weekday=weekday, period="").strip()
            + (" " + words.in_months.format(months=month))
        )
    if not days and "BYMONTHDAY" not in parts:
        return base + " " + words.in_months.format(months=month)
    return None


def _describe_end(parts: dict[str, str], words: Words) -> str:
    if "COUNT" in parts:
        return ", " + words.times.format(n=int(parts["COUNT"]))
    if "UNTIL" in parts:
        day = dt.date(int(parts["UNTIL"][:4]), int(parts["UNTIL"][4:6]), int(parts["UNTIL"][6:8]))
        shown = day.strftime("%d.%m.%Y") if words is GERMAN else day.isoformat()
        return ", " + words.until.format(date=shown)
    return ""
