"""Periods are bounded and mean the same on the page and in the API; occurrences per request are capped."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine

from resonanz.core.models import Organization
from resonanz.plan import execution, period, schedule
from resonanz.plan.models import WhenKind
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in
from resonanz.plan.tests.test_api import Caller

NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
FAR = [
    ("9000-01-01", "9000-12-31"),
    ("0001-01-01", "0001-12-31"),
    ("9999-01-01", "9999-12-31"),
    ("2026-01-01", "9999-12-31"),
    ("0001-01-01", "2026-01-01"),
]


@pytest.fixture
def office(org: Organization) -> Office:
    # Every second Tuesday at 09:00 from 6 January 2026.
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


def _far_date_message() -> str:
    return de("Enter a date between %(earliest)s and %(latest)s.", earliest=1970, latest=2200)


@pytest.mark.parametrize(("start", "end"), FAR)
def test_a_period_far_in_the_past_or_future_is_refused_on_the_page(
    office: Office, start: str, end: str
) -> None:
    response = signed_in(office.manager).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": start, "end": end}
    )

    assert response.status_code == 400
    assert _far_date_message() in response.content.decode()


@pytest.mark.parametrize(("start", "end"), FAR)
def test_a_period_far_in_the_past_or_future_is_refused_by_the_api(
    office: Office, start: str, end: str
) -> None:
    response = Caller(office.manager).get(
        f"/versions/{office.published.pk}/execution?start={start}&end={end}"
    )

    assert response.status_code == 422
    assert "Enter a date between 1970 and 2200." in response.content.decode()


def _api_counts(office: Office, start: str, end: str) -> list[int]:
    response = Caller(office.manager).get(
        f"/versions/{office.published.pk}/execution?start={start}&end={end}"
    )
    assert response.status_code == 200, response.content
    return [row["planned_count"] for row in response.json()]


def _page_count(office: Office, start: str, end: str) -> str:
    response = signed_in(office.manager).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": start, "end": end}
    )
    assert response.status_code == 200
    return response.content.decode().split('<div class="stat-figure">', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize(
    ("start", "end", "planned"),
    [
        ("2026-01-06", "2026-01-06", 1),  # one day: the 6 January is a planned Tuesday
        ("2026-01-01", "2026-01-20", 2),  # the last day counts: 6 and 20 January
        ("2026-01-07", "2026-01-19", 0),
    ],
)
def test_the_page_and_the_api_count_the_same_days(office: Office, start: str, end: str, planned: int) -> None:
    assert _api_counts(office, start, end) == [planned]
    assert _page_count(office, start, end) == str(planned)


def test_a_period_of_more_than_a_year_is_refused_alike(office: Office) -> None:
    api = Caller(office.manager).get(
        f"/versions/{office.published.pk}/execution?start=2026-01-01&end=2027-01-02"
    )
    page = signed_in(office.manager).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-01-01", "end": "2027-01-02"}
    )

    assert api.status_code == 422 and "Choose a period of at most one year." in api.content.decode()
    assert page.status_code == 400 and de("Choose a period of at most one year.") in page.content.decode()
    assert _api_counts(office, "2026-01-01", "2026-12-31") == [26]


def test_a_period_with_too_many_occurrences_is_refused_with_a_message(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(execution, "MAX_OCCURRENCES", 10)
    monkeypatch.setattr(period, "MAX_OCCURRENCES", 10)
    message = "The period holds more than 10 planned occurrences. Choose a shorter period."

    api = Caller(office.manager).get(
        f"/versions/{office.published.pk}/execution?start=2026-01-01&end=2026-12-31"
    )
    page = signed_in(office.manager).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-01-01", "end": "2026-12-31"}
    )

    assert api.status_code == 422 and message in api.content.decode()
    assert page.status_code == 400
    assert de(
        "The period holds more than %(limit)s planned occurrences. Choose a shorter period.", limit=10
    ) in (page.content.decode())
    assert _api_counts(office, "2026-01-01", "2026-05-25") == [10]


class _Row:
    """What the schedule reads of a row."""

    def __init__(self, pk: int, rrule: str, first: dt.date) -> None:
        self.pk = self.position = pk
        self.rrule, self.start_date, self.start_time = rrule, first, dt.time(9)
        self.when_kind = WhenKind.RECURRENCE


def test_the_calendar_takes_the_first_occurrences_of_all_rows_in_time_order() -> None:
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    rows: list[Any] = [_Row(pk, "FREQ=DAILY", dt.date(1970, 1, 1)) for pk in range(1, 301)]
    rows.append(_Row(301, "FREQ=WEEKLY;BYDAY=MO", dt.date(2000, 1, 3)))
    start = dt.datetime(2026, 2, 9, tzinfo=zone)  # a Monday
    end = start + dt.timedelta(days=90)

    first = schedule.upcoming(rows, zone, start, end, limit=302)

    assert [item.row.pk for item in first[:301]] == list(range(1, 302)), "the Monday: every row, by position"
    assert first[301].occurrence.start == start.replace(day=10, hour=9)
    assert len(schedule.upcoming(rows[:2], zone, start, end)) == 180
