"""Recurrence rules: checked, described in German and English, expanded across DST changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation

from resonanz.plan import recurrence
from resonanz.plan.recurrence import RecurrenceError, describe, expand, fixed_occurrence, normalize_rrule
from resonanz.plan.tests.factories import english_messages  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_messages")


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def window(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(first, dt.time(0), tzinfo=BERLIN),
        dt.datetime.combine(last, dt.time(0), tzinfo=BERLIN),
    )


def test_a_weekly_meeting_stays_at_nine_when_summer_time_begins() -> None:
    start, end = window(dt.date(2026, 3, 20), dt.date(2026, 4, 5))

    found = expand("FREQ=WEEKLY;BYDAY=MO,FR", dt.date(2026, 1, 2), dt.time(9, 0), BERLIN, start, end)

    assert [o.start.strftime("%Y-%m-%d %H:%M") for o in found] == [
        "2026-03-20 09:00",
        "2026-03-23 09:00",
        "2026-03-27 09:00",
        "2026-03-30 09:00",
        "2026-04-03 09:00",
    ]
    # 2026-03-29 is the change: the UTC time moves, the local one does not.
    assert found[2].start.utcoffset() == dt.timedelta(hours=1)
    assert found[3].start.utcoffset() == dt.timedelta(hours=2)


def test_a_daily_rule_stays_at_nine_on_the_day_winter_time_begins() -> None:
    start, end = window(dt.date(2026, 10, 24), dt.date(2026, 10, 27))

    found = expand("FREQ=DAILY", dt.date(2026, 10, 1), dt.time(9, 0), BERLIN, start, end)

    assert [(o.start.day, o.start.hour, o.start.utcoffset()) for o in found] == [
        (24, 9, dt.timedelta(hours=2)),
        (25, 9, dt.timedelta(hours=1)),
        (26, 9, dt.timedelta(hours=1)),
    ]
    assert found[1].start.astimezone(dt.UTC).hour == 8


def test_a_time_inside_the_spring_gap_moves_forward() -> None:
    start, end = window(dt.date(2026, 3, 29), dt.date(2026, 3, 30))

    found = expand("FREQ=DAILY", dt.date(2026, 3, 1), dt.time(2, 30), BERLIN, start, end)

    assert len(found) == 1
    assert (found[0].start.hour, found[0].start.minute) == (3, 30)


def test_the_first_working_day_of_the_quarter() -> None:
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1;BYMONTH=1,4,7,10"
    start, end = window(dt.date(2026, 1, 1), dt.date(2027, 1, 1))

    found = expand(rule, dt.date(2026, 1, 1), dt.time(8, 0), BERLIN, start, end)

    # 2026-01-01 is a Thursday, 2026-04-01 a Wednesday, 2026-07-01 a Wednesday, 2026-10-01 a Thursday.
    assert [o.local_date.isoformat() for o in found] == [
        "2026-01-01",
        "2026-04-01",
        "2026-07-01",
        "2026-10-01",
    ]
    assert describe(rule, "de") == "am ersten Werktag des Quartals"
    assert describe(rule, "en") == "on the first working day of the quarter"


def test_the_window_is_half_open_and_all_day_rows_are_marked() -> None:
    start, end = window(dt.date(2026, 5, 4), dt.date(2026, 5, 11))

    found = expand("FREQ=WEEKLY;BYDAY=MO", dt.date(2026, 1, 5), None, BERLIN, start, end)

    assert [o.local_date.isoformat() for o in found] == ["2026-05-04"]
    assert found[0].all_day


@pytest.mark.parametrize(
    ("rule", "german", "english"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "jeden zweiten Dienstag", "every second Tuesday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "jeden Montag und Donnerstag", "every Monday and Thursday"),
        ("FREQ=DAILY", "täglich", "daily"),
        (
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "jeden Werktag (Montag bis Freitag)",
            "every working day (Monday to Friday)",
        ),
        ("FREQ=MONTHLY;BYDAY=1MO", "am ersten Montag des Monats", "on the first Monday of the month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "am letzten Freitag des Monats", "on the last Friday of the month"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "am 15. des Monats", "on day 15 of the month"),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "am letzten Werktag des Monats",
            "on the last working day of the month",
        ),
        ("FREQ=MONTHLY;INTERVAL=3", "vierteljährlich", "quarterly"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "jedes Jahr am 15. März", "every year on 15 March"),
        ("FREQ=WEEKLY;COUNT=10;BYDAY=WE", "jeden Mittwoch, 10-mal", "every Wednesday, 10 times"),
        (
            "FREQ=MONTHLY;UNTIL=20261231;BYDAY=2TU",
            "am zweiten Dienstag des Monats, bis 31.12.2026",
            "on the second Tuesday of the month, until 2026-12-31",
        ),
    ],
)
def test_it_describes_common_rules(rule: str, german: str, english: str) -> None:
    assert describe(rule, "de") == german
    assert describe(rule, "en") == english


def test_an_unusual_rule_is_described_by_its_frequency_never_by_its_text() -> None:
    assert describe("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "de") == "jährlich, nach eigener Regel"
    assert describe("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;COUNT=4", "en") == (
        "every 2 months, by a custom rule, 4 times"
    )
    assert describe("not a rule", "de") == "nach eigener Regel"


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("FREQ=HOURLY", "at most daily"),
        ("FREQ=MINUTELY;INTERVAL=5", "at most daily"),
        ("FREQ=SECONDLY", "at most daily"),
        ("FREQ=FORTNIGHTLY", "not a known frequency"),
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid weekday"),
        ("FREQ=WEEKLY;BYHOUR=9", "not supported"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "either COUNT or UNTIL"),
        ("FREQ=WEEKLY;UNTIL=20261340", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=2026", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=20261231T995959", "UNTIL must be a date like 20261231."),
        ("DTSTART:20260101T090000\nRRULE:FREQ=WEEKLY", "without DTSTART"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("kaputt", "not a valid part"),
        ("", "Enter a recurrence rule"),
    ],
)
def test_it_refuses_bad_rules_with_a_clear_message(rule: str, fragment: str) -> None:
    with pytest.raises(RecurrenceError) as refused:
        normalize_rrule(rule)
    assert fragment in refused.value.messages[0]


def test_it_refuses_an_impossible_rule() -> None:
    with pytest.raises(RecurrenceError) as refused:
        normalize_rrule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", dt.date(2026, 1, 1))
    assert "never produces a date" in refused.value.messages[0]


def test_it_accepts_a_rare_but_possible_rule() -> None:
    # The 29th of February on a Monday: years apart, but it happens (2044, 2072, …).
    assert normalize_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", dt.date(2026, 1, 1))


def test_it_normalizes_spelling_and_order() -> None:
    assert normalize_rrule("rrule:byday=tu;interval=2;freq=weekly") == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


@pytest.mark.parametrize(
    ("rule", "german", "english"),
    [
        ("FREQ=MONTHLY;BYMONTH=1,4,7,10", "vierteljährlich", "quarterly"),
        (
            "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=1MO",
            "am ersten Montag des Quartals",
            "on the first Monday of the quarter",
        ),
        # The last Friday of January is not the last Friday of the quarter: the months are named.
        (
            "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=-1FR",
            "am letzten Freitag des Monats im Januar, April, Juli und Oktober",
            "on the last Friday of the month in January, April, July and October",
        ),
        ("FREQ=MONTHLY;BYMONTH=6", "jährlich im Juni", "yearly in June"),
        ("FREQ=WEEKLY;INTERVAL=8;BYDAY=TU", "alle 8 Wochen am Dienstag", "every 8 weeks on Tuesday"),
        (
            "FREQ=YEARLY;INTERVAL=2;BYMONTH=5;BYMONTHDAY=3",
            "alle 2 Jahre, am 3. Mai",
            "every 2 years, on 3 May",
        ),
    ],
)
def test_it_describes_quarters_and_month_lists_correctly(rule: str, german: str, english: str) -> None:
    assert describe(rule, "de") == german
    assert describe(rule, "en") == english


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=DAILY;UNTIL=19000101T000000Z", dt.date(2025, 1, 8)),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20250107", dt.date(2025, 1, 8)),
    ],
)
def test_it_refuses_a_rule_that_ends_before_its_first_date(rule: str, start: dt.date) -> None:
    with translation.override("de"), pytest.raises(RecurrenceError) as refused:
        normalize_rrule(rule, start)
    with translation.override("de"):
        message = refused.value.messages[0]

    assert message.startswith("Diese Regel endet am 0") and "vor ihrem ersten Termin" in message


def test_a_rule_that_ends_on_its_first_date_is_fine() -> None:
    rule = normalize_rrule("FREQ=WEEKLY;BYDAY=WE;UNTIL=20250108", dt.date(2025, 1, 8))
    assert "UNTIL=20250108" in rule


def test_a_fixed_date_is_in_the_window_or_not_and_keeps_its_wall_time() -> None:
    start, end = window(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    [meeting] = fixed_occurrence(dt.date(2026, 3, 29), dt.time(9, 30), BERLIN, start, end)
    assert meeting.start == dt.datetime(2026, 3, 29, 9, 30, tzinfo=BERLIN)
    assert meeting.start.utcoffset() == dt.timedelta(hours=2)
    assert not meeting.all_day
    [all_day] = fixed_occurrence(dt.date(2026, 3, 1), None, BERLIN, start, end)
    assert (all_day.start, all_day.all_day) == (start, True)
    # The window is half open: its end is outside.
    assert fixed_occurrence(dt.date(2026, 4, 1), None, BERLIN, start, end) == []
    assert fixed_occurrence(dt.date(2026, 2, 28), dt.time(23, 59), BERLIN, start, end) == []


@pytest.mark.parametrize(
    ("until", "dates"),
    [
        # A date alone includes that whole day; a time ends at that time.
        ("20260316", ["2026-03-02", "2026-03-09", "2026-03-16"]),
        ("20260316T085959", ["2026-03-02", "2026-03-09"]),
        ("20260316T090000", ["2026-03-02", "2026-03-09", "2026-03-16"]),
    ],
)
def test_until_ends_the_rule_on_its_day_or_at_its_time(until: str, dates: list[str]) -> None:
    start, end = window(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    rule = f"FREQ=WEEKLY;BYDAY=MO;UNTIL={until}"
    found = expand(rule, dt.date(2026, 1, 5), dt.time(9, 0), BERLIN, start, end)
    assert [o.start.date().isoformat() for o in found] == dates


@pytest.mark.parametrize("until", ["20260228", "20260228T235959", "20260301T085959"])
def test_a_rule_that_ended_before_the_window_has_no_dates(until: str) -> None:
    start, end = window(dt.date(2026, 3, 2), dt.date(2026, 4, 1))
    rule = f"FREQ=DAILY;UNTIL={until}"
    assert expand(rule, dt.date(2025, 1, 1), dt.time(9, 0), BERLIN, start, end) == []


def test_until_with_a_time_and_a_z_is_accepted() -> None:
    assert normalize_rrule("FREQ=WEEKLY;UNTIL=20261231T235959Z", dt.date(2026, 1, 5)).endswith(
        "UNTIL=20261231T235959Z"
    )


@pytest.mark.parametrize(
    ("until", "ended"),
    [
        ("20260228", True),
        ("20260301", False),  # a date alone lasts to the end of its day
        ("20260301T115959", True),
        ("20260301T120000", False),
    ],
)
def test_a_rule_that_ended_before_the_window_is_not_expanded_at_all(until: str, ended: bool) -> None:
    """Bounded work: a row whose rule ended long ago costs nothing, however far back it began."""
    low, high = dt.datetime(2026, 3, 1, 12, 0), dt.datetime(2026, 4, 1, 12, 0)
    rule = recurrence._rule_near(f"FREQ=DAILY;UNTIL={until}", dt.datetime(1970, 1, 1, 9, 0), low, high)
    assert (rule is None) == ended


def test_expand_stops_at_its_limit() -> None:
    start, end = window(dt.date(2000, 1, 1), dt.date(2030, 1, 1))
    assert len(expand("FREQ=DAILY", dt.date(2000, 1, 1), None, BERLIN, start, end, limit=3)) == 3
    assert len(expand("FREQ=DAILY", dt.date(2000, 1, 1), None, BERLIN, start, end)) == 5000


# ---------------------------------------------------------------- what is refused, word for word


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU."),
        (" ; ", "“” is not a valid part of a recurrence rule."),
        ("RRULE:", "Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU."),
        (
            "FREQ=WEEKLY;dtstart=20260101",
            "Give the rule without DTSTART: the start date and time are separate fields.",
        ),
        (
            "FREQ=WEEKLY\nBYDAY=MO",
            "Give the rule without DTSTART: the start date and time are separate fields.",
        ),
        ("FREQ=WEEKLY;BYDAY", "“BYDAY” is not a valid part of a recurrence rule."),
        ("FREQ=WEEKLY;=MO", "“=MO” is not a valid part of a recurrence rule."),
        ("FREQ=WEEKLY;BYDAY= ;WKST=MO", "“BYDAY= ” is not a valid part of a recurrence rule."),
        ("FREQ=WEEKLY;;BYDAY=MO", "“” is not a valid part of a recurrence rule."),
        # The part is quoted with at most 40 characters, the unknown key with 20.
        ("FREQ=DAILY;" + "X" * 50, f"“{'X' * 40}” is not a valid part of a recurrence rule."),
        ("FREQ=DAILY;" + "Y" * 30 + "=1", f"“{'Y' * 20}” is not supported in a recurrence rule."),
        ("freq=daily;byhour=9", "“BYHOUR” is not supported in a recurrence rule."),
        ("FREQ=WEEKLY;BYDAY=MO;byday=TU", "“BYDAY” appears twice in the recurrence rule."),
        ("BYDAY=MO", "A recurrence rule needs FREQ, for example FREQ=WEEKLY."),
        ("FREQ=HOURLY", "A plan row recurs at most daily; FREQ=HOURLY is not allowed."),
        ("FREQ=MINUTELY", "A plan row recurs at most daily; FREQ=MINUTELY is not allowed."),
        ("FREQ=SECONDLY", "A plan row recurs at most daily; FREQ=SECONDLY is not allowed."),
        ("FREQ=FORTNIGHTLY", "“FORTNIGHTLY” is not a known frequency."),
        ("FREQ=" + "Z" * 30, f"“{'Z' * 20}” is not a known frequency."),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 999."),
        ("FREQ=WEEKLY;INTERVAL=1000", "INTERVAL must be a whole number from 1 to 999."),
        ("FREQ=WEEKLY;INTERVAL=-1", "INTERVAL must be a whole number from 1 to 999."),
        ("FREQ=WEEKLY;INTERVAL=2.5", "INTERVAL must be a whole number from 1 to 999."),
        ("FREQ=WEEKLY;COUNT=0", "COUNT must be a whole number from 1 to 10000."),
        ("FREQ=WEEKLY;COUNT=10001", "COUNT must be a whole number from 1 to 10000."),
        ("FREQ=WEEKLY;COUNT=x", "COUNT must be a whole number from 1 to 10000."),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "Use either COUNT or UNTIL, not both."),
        ("FREQ=WEEKLY;UNTIL=20261231;COUNT=3", "Use either COUNT or UNTIL, not both."),
        ("FREQ=WEEKLY;UNTIL=20260230", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=20261231T2359", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=20261231T240000", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=20261231T236000Z", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=20261231Z", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;UNTIL=X20261231", "UNTIL must be a date like 20261231."),
        ("FREQ=WEEKLY;BYDAY=MO,XX", "“XX” is not a valid weekday in BYDAY."),
        ("FREQ=WEEKLY;BYDAY=MONDAYMONDAY", "“MONDAYMOND” is not a valid weekday in BYDAY."),
        ("FREQ=WEEKLY;BYDAY=MO=TU", "“MO=TU” is not a valid weekday in BYDAY."),
        ("FREQ=MONTHLY;BYDAY=0MO", "“0MO” is not a valid weekday in BYDAY."),
        ("FREQ=YEARLY;BYDAY=54MO", "“54MO” is not a valid weekday in BYDAY."),
        ("FREQ=YEARLY;BYDAY=-54MO", "“-54MO” is not a valid weekday in BYDAY."),
        ("FREQ=YEARLY;BYDAY=123MO", "“123MO” is not a valid weekday in BYDAY."),
        ("FREQ=YEARLY;BYMONTH=1;2", "“2” is not a valid part of a recurrence rule."),
        ("FREQ=YEARLY;BYMONTH=JAN", "BYMONTH must be a list of numbers."),
        ("FREQ=MONTHLY;BYMONTHDAY=1,", "BYMONTHDAY must be a list of numbers."),
        ("FREQ=MONTHLY;BYSETPOS=1000", "BYSETPOS must be a list of numbers."),
        ("FREQ=YEARLY;BYWEEKNO=W1", "BYWEEKNO must be a list of numbers."),
        ("FREQ=YEARLY;BYYEARDAY=1 2", "BYYEARDAY must be a list of numbers."),
        ("FREQ=DAILY;BYSETPOS=0", "“FREQ=DAILY;BYSETPOS=0” is not a valid recurrence rule."),
        ("FREQ=WEEKLY;WKST=XX", "“FREQ=WEEKLY;WKST=XX” is not a valid recurrence rule."),
        # The rule is quoted with at most 80 characters.
        (
            "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10;BYSETPOS=0",
            "“FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10;B” "
            "is not a valid recurrence rule.",
        ),
        ("FREQ=MONTHLY;BYMONTH=13", "This rule never produces a date."),
        ("FREQ=YEARLY;BYYEARDAY=999", "This rule never produces a date."),
    ],
)
def test_it_refuses_each_bad_rule_with_its_own_message(rule: str, message: str) -> None:
    with pytest.raises(RecurrenceError) as refused:
        normalize_rrule(rule, dt.date(2026, 1, 1))
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("rule", "normalized"),
    [
        (" RRULE:FREQ=DAILY ", "FREQ=DAILY"),
        ("rrule:freq=daily;", "FREQ=DAILY"),
        (";FREQ=DAILY;", "FREQ=DAILY"),
        ("FREQ = WEEKLY ; BYDAY = mo", "FREQ=WEEKLY;BYDAY=MO"),
        ("FREQ=WEEKLY;INTERVAL=1", "FREQ=WEEKLY;INTERVAL=1"),
        ("FREQ=WEEKLY;INTERVAL=999", "FREQ=WEEKLY;INTERVAL=999"),
        ("FREQ=WEEKLY;COUNT=1", "FREQ=WEEKLY;COUNT=1"),
        ("FREQ=WEEKLY;COUNT=10000", "FREQ=WEEKLY;COUNT=10000"),
        ("FREQ=YEARLY;BYDAY=53MO,-53FR,+1TU,1WE,-1TH", "FREQ=YEARLY;BYDAY=53MO,-53FR,+1TU,1WE,-1TH"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,+15,1", "FREQ=MONTHLY;BYMONTHDAY=-1,+15,1"),
        ("FREQ=WEEKLY;UNTIL=20261231T120000", "FREQ=WEEKLY;UNTIL=20261231T120000"),
        (
            "WKST=SU;BYSETPOS=1;BYDAY=MO;BYMONTHDAY=1,2,3,4,5,6,7;BYYEARDAY=1,2,3,4,5,6,7;BYWEEKNO=1,2;"
            "BYMONTH=1;UNTIL=20990101;INTERVAL=2;FREQ=YEARLY",
            "FREQ=YEARLY;INTERVAL=2;UNTIL=20990101;BYMONTH=1;BYWEEKNO=1,2;BYYEARDAY=1,2,3,4,5,6,7;"
            "BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=MO;BYSETPOS=1;WKST=SU",
        ),
    ],
)
def test_it_accepts_and_spells_rules_one_way(rule: str, normalized: str) -> None:
    assert normalize_rrule(rule, dt.date(2026, 1, 1)) == normalized
    parts = {key: value for key, _, value in (part.partition("=") for part in normalized.split(";"))}
    assert recurrence.parse_parts(rule) == parts


def test_a_rule_that_ends_before_its_first_date_names_that_end_in_the_readers_format() -> None:
    with pytest.raises(RecurrenceError) as refused:
        normalize_rrule("FREQ=DAILY;UNTIL=20250101T120000Z", dt.date(2026, 1, 1))
    assert refused.value.messages == [
        "This rule ends on 01/01/2025, before its first date. Choose a later end."
    ]


# ---------------------------------------------------------------- expansion, example by example

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def dates(found: list[recurrence.Occurrence]) -> list[str]:
    return [o.start.isoformat() for o in found]


def test_a_description_is_in_the_active_language_unless_one_is_asked_for() -> None:
    with translation.override("de"):
        assert describe("FREQ=DAILY") == "täglich"
        assert describe("FREQ=DAILY", "en") == "daily"
    with translation.override("en"):
        assert describe("FREQ=WEEKLY;BYDAY=MO") == "every Monday"
    with translation.override("de"):
        assert recurrence.rule_words("FREQ=MONTHLY;BYDAY=1MO") == "am ersten Montag des Monats"
    assert recurrence.rule_words("FREQ=MONTHLY;BYDAY=1MO", "en") == "on the first Monday of the month"
    assert recurrence.rule_words("kaputt") is None


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # Without a day part the first date gives the day (5 March); with one it does not.
        ("FREQ=YEARLY", ["2026-03-05T10:00:00+01:00"]),
        ("FREQ=YEARLY;BYMONTH=6", ["2026-06-05T10:00:00+02:00"]),
        ("FREQ=YEARLY;BYYEARDAY=100", ["2026-04-10T10:00:00+02:00"]),
        ("FREQ=YEARLY;BYWEEKNO=20;BYMONTH=5", [f"2026-05-{day}T10:00:00+02:00" for day in range(11, 18)]),
        ("FREQ=YEARLY;BYMONTHDAY=7;BYMONTH=7", ["2026-07-07T10:00:00+02:00"]),
        ("FREQ=MONTHLY;BYMONTH=2,8", ["2026-02-05T10:00:00+01:00", "2026-08-05T10:00:00+02:00"]),
        ("FREQ=MONTHLY;BYDAY=1SA;BYMONTH=8", ["2026-08-01T10:00:00+02:00"]),
        # 5 March 2020 is a Thursday.
        ("FREQ=WEEKLY;INTERVAL=26", ["2026-02-26T10:00:00+01:00", "2026-08-27T10:00:00+02:00"]),
        ("FREQ=WEEKLY;INTERVAL=3;BYMONTH=9", ["2026-09-03T10:00:00+02:00", "2026-09-24T10:00:00+02:00"]),
        (
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR;BYMONTH=9",
            ["2026-09-04T10:00:00+02:00", "2026-09-25T10:00:00+02:00"],
        ),
    ],
)
def test_a_rule_restarted_years_after_its_first_date_keeps_the_days_its_first_date_gave(
    rule: str, expected: list[str]
) -> None:
    start, end = window(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    found = expand(rule, dt.date(2020, 3, 5), dt.time(10, 0), BERLIN, start, end)
    assert dates(found) == expected


def test_the_zone_of_the_organization_gives_the_wall_time() -> None:
    start = dt.datetime(2026, 3, 7, tzinfo=NEW_YORK)
    end = dt.datetime(2026, 3, 10, tzinfo=NEW_YORK)

    found = expand("FREQ=DAILY", dt.date(2026, 1, 1), dt.time(9, 0), NEW_YORK, start, end)
    gap = expand("FREQ=DAILY", dt.date(2026, 1, 1), dt.time(2, 30), NEW_YORK, start, end)
    [fixed] = fixed_occurrence(dt.date(2026, 3, 8), dt.time(2, 30), NEW_YORK, start, end)

    # New York moves its clocks on 8 March 2026.
    assert dates(found) == [
        "2026-03-07T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-09T09:00:00-04:00",
    ]
    assert dates(gap)[1] == fixed.start.isoformat() == "2026-03-08T03:30:00-04:00"


def test_a_window_that_begins_just_after_the_spring_gap_keeps_the_date_moved_out_of_it() -> None:
    """02:30 does not exist on 29 March 2026; its 03:30 is inside a window from 03:00."""
    start = dt.datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)
    end = dt.datetime(2026, 3, 30, 0, 0, tzinfo=BERLIN)

    found = expand("FREQ=DAILY", dt.date(2026, 3, 1), dt.time(2, 30), BERLIN, start, end)

    assert dates(found) == ["2026-03-29T03:30:00+02:00"]


def test_a_window_that_ends_in_the_repeated_autumn_hour_keeps_the_first_of_its_times() -> None:
    """02:45 comes twice on 25 October 2026; the first (summer time) is before an end at 02:30 winter time."""
    start = dt.datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN)
    end = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)

    found = expand("FREQ=DAILY", dt.date(2026, 10, 1), dt.time(2, 45), BERLIN, start, end)

    assert dates(found) == ["2026-10-25T02:45:00+02:00"]


def test_a_rule_starting_inside_the_window_yields_its_first_date() -> None:
    start, end = window(dt.date(2026, 5, 1), dt.date(2026, 5, 8))

    found = expand("FREQ=DAILY;INTERVAL=3", dt.date(2026, 5, 4), None, BERLIN, start, end)

    assert dates(found) == ["2026-05-04T00:00:00+02:00", "2026-05-07T00:00:00+02:00"]
    assert all(o.all_day for o in found)


@pytest.mark.parametrize(
    ("until", "ended"),
    [("20260301T105959Z", True), ("20260301T110000Z", False), ("20260301T120000Z", False)],
)
def test_an_until_in_utc_is_read_as_local_time_like_dateutil_reads_it_here(until: str, ended: bool) -> None:
    low, high = dt.datetime(2026, 3, 1, 11, 0), dt.datetime(2026, 4, 1, 12, 0)
    rule = recurrence._rule_near(f"FREQ=DAILY;UNTIL={until}", dt.datetime(1970, 1, 1, 9, 0), low, high)
    assert (rule is None) == ended


@pytest.mark.parametrize(
    ("parts", "implicit"),
    [
        ({"FREQ": "YEARLY"}, {"FREQ": "YEARLY", "BYMONTH": "3", "BYMONTHDAY": "5"}),
        ({"FREQ": "YEARLY", "BYMONTH": "6"}, {"FREQ": "YEARLY", "BYMONTH": "6", "BYMONTHDAY": "5"}),
        ({"FREQ": "MONTHLY", "INTERVAL": "2"}, {"FREQ": "MONTHLY", "INTERVAL": "2", "BYMONTHDAY": "5"}),
        ({"FREQ": "WEEKLY", "BYMONTH": "1"}, {"FREQ": "WEEKLY", "BYMONTH": "1", "BYDAY": "TH"}),
        ({"FREQ": "DAILY"}, {"FREQ": "DAILY"}),
        ({"FREQ": "YEARLY", "BYWEEKNO": "20"}, {"FREQ": "YEARLY", "BYWEEKNO": "20"}),
        ({"FREQ": "YEARLY", "BYYEARDAY": "100"}, {"FREQ": "YEARLY", "BYYEARDAY": "100"}),
        ({"FREQ": "MONTHLY", "BYMONTHDAY": "1"}, {"FREQ": "MONTHLY", "BYMONTHDAY": "1"}),
        ({"FREQ": "WEEKLY", "BYDAY": "MO"}, {"FREQ": "WEEKLY", "BYDAY": "MO"}),
    ],
)
def test_a_restarted_rule_spells_out_the_days_its_first_date_gave(
    parts: dict[str, str], implicit: dict[str, str]
) -> None:
    given = dict(parts)
    # 5 March 2020, a Thursday.
    assert recurrence._with_implicit_parts(parts, dt.datetime(2020, 3, 5, 10, 0)) == implicit
    assert parts == given, "the rule's own parts stay as they were"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # Fortnightly from Monday 6 January 2020, in weeks that begin on Sunday or on Monday.
        (
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO,SA;BYSETPOS=1",
            ["2026-03-08", "2026-03-22", "2026-04-05"],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO,SA;BYSETPOS=-1",
            ["2026-03-14", "2026-03-28", "2026-04-11"],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO,SA;BYSETPOS=1",
            ["2026-03-09", "2026-03-23", "2026-04-06"],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO,SA;BYSETPOS=-1",
            ["2026-03-01", "2026-03-15", "2026-03-29", "2026-04-12"],
        ),
    ],
)
def test_fortnightly_weeks_begin_on_the_rules_week_start(rule: str, expected: list[str]) -> None:
    start, end = window(dt.date(2026, 3, 1), dt.date(2026, 4, 15))
    found = expand(rule, dt.date(2020, 1, 6), dt.time(9, 0), BERLIN, start, end)
    assert [o.local_date.isoformat() for o in found] == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO,SA",
            ["03-08", "03-09", "03-14", "03-22", "03-23", "03-28", "04-05", "04-06", "04-11"],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO,SA",
            ["03-02", "03-07", "03-08", "03-16", "03-21", "03-22", "03-30", "04-04", "04-05", "04-13"],
        ),
    ],
)
def test_a_fortnightly_rule_from_a_sunday_counts_its_weeks_from_its_week_start(
    rule: str, expected: list[str]
) -> None:
    """Sunday 5 January 2020 begins a week that starts on Sunday, but ends one that starts on Monday."""
    start, end = window(dt.date(2026, 3, 1), dt.date(2026, 4, 15))
    found = expand(rule, dt.date(2020, 1, 5), dt.time(9, 0), BERLIN, start, end)
    assert [o.start.strftime("%m-%d") for o in found] == expected


def test_a_fortnightly_rule_from_the_last_day_of_its_week_keeps_that_week() -> None:
    """Saturday 4 January 2020 ends a week that starts on Sunday: the next day is the other week."""
    start, end = window(dt.date(2026, 3, 1), dt.date(2026, 4, 15))
    rule = "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO,SA"
    found = expand(rule, dt.date(2020, 1, 4), dt.time(9, 0), BERLIN, start, end)
    assert [o.start.strftime("%m-%d") for o in found] == [
        "03-01",
        "03-02",
        "03-07",
        "03-15",
        "03-16",
        "03-21",
        "03-29",
        "03-30",
        "04-04",
        "04-12",
        "04-13",
    ]


def test_a_yearly_rule_restarted_inside_its_year_keeps_that_years_january() -> None:
    """A window from 10 January: the rule restarts at the beginning of that year, not later."""
    start, end = window(dt.date(2026, 1, 10), dt.date(2027, 1, 1))
    rule = "FREQ=YEARLY;BYMONTH=1,12;BYMONTHDAY=20"
    found = expand(rule, dt.date(2020, 1, 20), dt.time(9, 0), BERLIN, start, end)
    assert [o.local_date.isoformat() for o in found] == ["2026-01-20", "2026-12-20"]


@pytest.mark.parametrize(
    ("server", "organization", "time", "expected"),
    [
        # 26 hours apart either way: the server's own zone must play no part.
        ("Etc/GMT-14", "Etc/GMT+12", dt.time(1, 0), ["05-04T01:00", "05-05T01:00", "05-06T01:00"]),
        ("Etc/GMT+12", "Etc/GMT-14", dt.time(23, 0), ["05-04T23:00", "05-05T23:00", "05-06T23:00"]),
    ],
)
def test_the_servers_time_zone_plays_no_part(
    server: str, organization: str, time: dt.time, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as clock

    zone = zoneinfo.ZoneInfo(organization)
    start = dt.datetime(2026, 5, 4, tzinfo=zone)
    end = dt.datetime(2026, 5, 7, tzinfo=zone)
    monkeypatch.setenv("TZ", server)
    clock.tzset()
    try:
        found = expand("FREQ=DAILY", dt.date(2026, 1, 1), time, zone, start, end)
    finally:
        monkeypatch.undo()
        clock.tzset()
    assert [o.start.strftime("%m-%dT%H:%M") for o in found] == expected
