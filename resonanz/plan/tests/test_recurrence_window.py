"""Recurrences expand inside the asked window only, with the same dates as a walk from their start."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resonanz.plan import recurrence
from resonanz.plan.recurrence import Occurrence, RecurrenceError, expand, normalize_rrule

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def naive_expansion(
    rule: str, first: dt.date, time: dt.time | None, start: dt.datetime, end: dt.datetime
) -> list[Occurrence]:
    """The reference: every date from the rule's own start, walked up to the window and through it."""
    naive_start = dt.datetime.combine(first, time or dt.time(0))
    high = end.astimezone(BERLIN).replace(tzinfo=None) + dt.timedelta(days=1)
    found = []
    for naive in recurrence._build(rule, naive_start):
        if naive > high:
            break
        aware = recurrence._localize(naive, BERLIN)
        if start <= aware < end:
            found.append(Occurrence(aware, time is None))
    return found


def _numbers(values: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    return st.lists(values, min_size=1, max_size=3, unique=True).map(lambda items: ",".join(map(str, items)))


@st.composite
def rules(draw: Any) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.one_of(st.none(), st.integers(1, 4), st.integers(5, 40)))
    if interval is not None:
        parts.append(f"INTERVAL={interval}")
    if draw(st.booleans()):
        prefix = st.sampled_from(["", "1", "2", "-1", "3"]) if freq in ("MONTHLY", "YEARLY") else st.just("")
        day = st.tuples(prefix, st.sampled_from(WEEKDAYS))
        days = draw(st.lists(day, min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(f"{n}{day}" for n, day in days))
    if draw(st.booleans()):
        parts.append("BYMONTHDAY=" + draw(_numbers(st.one_of(st.integers(1, 31), st.integers(-3, -1)))))
    if draw(st.integers(0, 3)) == 0:
        parts.append("BYMONTH=" + draw(_numbers(st.integers(1, 12))))
    if freq == "YEARLY" and draw(st.integers(0, 4)) == 0:
        parts.append("BYWEEKNO=" + draw(_numbers(st.one_of(st.integers(1, 53), st.just(-1)))))
    if freq == "YEARLY" and draw(st.integers(0, 4)) == 0:
        parts.append("BYYEARDAY=" + draw(_numbers(st.one_of(st.integers(1, 366), st.integers(-5, -1)))))
    if draw(st.integers(0, 3)) == 0:
        parts.append("BYSETPOS=" + draw(_numbers(st.sampled_from([1, 2, -1, -2]))))
    if draw(st.integers(0, 3)) == 0:
        parts.append("WKST=" + draw(st.sampled_from(WEEKDAYS)))
    ending = draw(st.integers(0, 5))
    if ending == 0:
        parts.append(f"COUNT={draw(st.integers(1, 400))}")
    elif ending == 1:
        until = draw(st.dates(dt.date(1970, 1, 1), dt.date(2060, 12, 31)))
        parts.append(f"UNTIL={until:%Y%m%d}")
    return ";".join(parts)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule=rules(),
    first=st.dates(dt.date(1970, 1, 1), dt.date(2040, 12, 31)),
    time=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
    window_first=st.dates(dt.date(1970, 1, 1), dt.date(2045, 12, 31)),
    window_days=st.integers(1, 366),
)
def test_the_window_holds_the_dates_a_walk_from_the_start_finds(
    rule: str, first: dt.date, time: dt.time | None, window_first: dt.date, window_days: int
) -> None:
    try:
        normalized = normalize_rrule(rule, first)
    except RecurrenceError:
        assume(False)
        return
    start = dt.datetime.combine(window_first, dt.time(0), tzinfo=BERLIN)
    end = dt.datetime.combine(window_first + dt.timedelta(days=window_days), dt.time(0), tzinfo=BERLIN)

    found = expand(normalized, first, time, BERLIN, start, end, limit=100_000)

    assert found == naive_expansion(normalized, first, time, start, end)


@pytest.mark.parametrize(
    ("rule", "period"),
    [
        ("FREQ=DAILY", dt.timedelta(days=1)),
        ("FREQ=DAILY;INTERVAL=3", dt.timedelta(days=3)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", dt.timedelta(weeks=2)),
        ("FREQ=MONTHLY;BYDAY=-1FR", dt.timedelta(days=31)),
        ("FREQ=YEARLY;INTERVAL=2", dt.timedelta(days=2 * 366)),
        ("FREQ=WEEKLY;COUNT=10000", dt.timedelta(weeks=1)),
    ],
)
def test_a_rule_from_1970_starts_over_just_before_a_window_in_2026(
    rule: str, period: dt.timedelta, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a rule whose first date is in 1970, WHEN a quarter of 2026 is expanded, THEN the rule
    that is walked starts at most one period (INTERVAL days, weeks, months or years) before it."""
    starts: list[dt.datetime] = []
    build = recurrence._build

    def recording_build(text: str, dtstart: dt.datetime) -> Any:
        starts.append(dtstart)
        return build(text, dtstart)

    start = dt.datetime(2026, 1, 1, tzinfo=BERLIN)
    end = dt.datetime(2026, 4, 1, tzinfo=BERLIN)
    if "COUNT" in rule:  # a counted rule's end is found once, walking from its start
        recurrence._last_counted(rule, dt.datetime(1970, 1, 1, 9))
    monkeypatch.setattr(recurrence, "_build", recording_build)

    found = expand(rule, dt.date(1970, 1, 1), dt.time(9), BERLIN, start, end)

    assert starts, "the rule was not built"
    assert all(start.replace(tzinfo=None) - period - dt.timedelta(days=1) <= s for s in starts)
    if "COUNT" not in rule:
        assert found == naive_expansion(rule, dt.date(1970, 1, 1), dt.time(9), start, end)


def test_a_counted_rule_that_ended_before_the_window_has_no_dates() -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=BERLIN)
    end = dt.datetime(2026, 4, 1, tzinfo=BERLIN)

    assert expand("FREQ=DAILY;COUNT=30", dt.date(1970, 1, 1), None, BERLIN, start, end) == []
    assert expand("FREQ=DAILY;UNTIL=19701231", dt.date(1970, 1, 1), None, BERLIN, start, end) == []


@pytest.mark.parametrize(("year", "dates"), [(2104, 1), (2200, 0), (2300, 0)])
def test_a_counted_rule_that_ends_after_2200_is_walked_only_up_to_2200(year: int, dates: int) -> None:
    """GIVEN a sparse counted rule (29 February only) from 1970 whose last date is millennia away,
    WHEN a year is expanded, THEN the walk for its end stops after 2200 and the dates stay the same."""
    rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=10000"
    start = dt.datetime(year, 1, 1, tzinfo=BERLIN)
    end = dt.datetime(year + 1, 1, 1, tzinfo=BERLIN)

    found = expand(rule, dt.date(1970, 1, 1), None, BERLIN, start, end)

    assert recurrence._last_counted(rule, dt.datetime(1970, 1, 1)) is recurrence._BEYOND_HORIZON
    assert found == naive_expansion(rule, dt.date(1970, 1, 1), None, start, end)
    assert len(found) == dates  # 2104 is a leap year, 2200 and 2300 are not
