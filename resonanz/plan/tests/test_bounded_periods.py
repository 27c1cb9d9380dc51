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
from resonanz.plan.views import execution as execution_views

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
    return [row["planned_count"] for row in response.json()["items"]]


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


@pytest.fixture
def three_rows(org: Organization) -> Office:
    # Three rows, each every second Tuesday at 09:00 from 6 January 2026: 26 occurrences in 2026.
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=3)


def _execution_page(office: Office, **query: str) -> str:
    response = signed_in(office.manager).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-01-01", "end": "2026-12-31", **query}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_period_with_more_occurrences_than_a_page_shows_the_rows_page_by_page(
    three_rows: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN three rows of 26 occurrences and pages of at most 30
    WHEN the year is asked for (one row fits a page, two do not)
    THEN each page shows one row, says so, and links to the first and the next rows."""
    monkeypatch.setattr(execution_views, "PAGE_OCCURRENCES", 30)
    note = de(
        "This period holds more planned occurrences than one page can show (at most %(limit)s).", limit=30
    )

    first = _execution_page(three_rows)
    second = _execution_page(three_rows, offset="1")
    last = _execution_page(three_rows, offset="2")

    for number, page in enumerate((first, second, last), start=1):
        assert note in page
        assert (
            de(
                "The figures and the table cover rows %(first)s to %(last)s of %(count)s.",
                first=number,
                last=number,
                count=3,
            )
            in page
        )
        assert [f"Eintrag {shown}" in page for shown in (1, 2, 3)] == [shown == number for shown in (1, 2, 3)]
        assert page.split('<div class="stat-figure">', 1)[1].startswith("26<")
    assert 'offset=1" rel="next"' in first and de("First rows") not in first
    assert 'offset=2" rel="next"' in second and "offset=0" in second
    assert 'rel="next"' not in last and "offset=0" in last


def test_a_period_that_fits_one_page_has_no_note(three_rows: Office) -> None:
    page = _execution_page(three_rows)

    assert "execution-paging" not in page
    assert all(f"Eintrag {shown}" in page for shown in (1, 2, 3))


def test_an_odd_offset_on_the_page_is_a_translated_400(three_rows: Office) -> None:
    client = signed_in(three_rows.manager)
    for offset in ("-1", "eins", "99999999999"):
        response = client.get(
            three_rows.url(f"{three_rows.plan.pk}/execution/"),
            {"start": "2026-01-01", "end": "2026-12-31", "offset": offset},
        )
        assert response.status_code == 400, offset


def test_the_api_pages_the_rows_of_a_period_with_more_occurrences_than_a_request_expands(
    three_rows: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(execution, "MAX_OCCURRENCES", 30)
    caller = Caller(three_rows.manager)
    url = f"/versions/{three_rows.published.pk}/execution?start=2026-01-01&end=2026-12-31"

    pages = [caller.get(f"{url}&offset={offset}").json() for offset in (0, 1, 2)]

    assert [page["count"] for page in pages] == [3, 3, 3]
    assert [page["next_offset"] for page in pages] == [1, 2, None]
    assert [[row["planned_count"] for row in page["items"]] for page in pages] == [[26], [26], [26]]
    rows = [row["row_id"] for page in pages for row in page["items"]]
    assert len(set(rows)) == 3


def test_the_api_takes_at_most_limit_rows(three_rows: Office) -> None:
    caller = Caller(three_rows.manager)
    url = f"/versions/{three_rows.published.pk}/execution?start=2026-01-01&end=2026-12-31"

    page = caller.get(f"{url}&limit=2").json()
    rest = caller.get(f"{url}&limit=2&offset=2").json()

    assert (len(page["items"]), page["next_offset"]) == (2, 2)
    assert (len(rest["items"]), rest["next_offset"]) == (1, None)
    assert caller.get(f"{url}&offset=-1").status_code == 422


def test_a_page_expands_at_most_its_budget_and_one_more(
    three_rows: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    expanded: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> list[Any]:
        found = schedule.row_occurrences(*args, **kwargs)
        expanded.append(len(found))
        return found

    monkeypatch.setattr(execution, "row_occurrences", counting)
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    start, end = period.period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).window(zone)

    page = execution.planned_vs_executed(three_rows.published, start, end, budget=30)

    assert sum(expanded) <= 31
    assert (len(page.rows), page.next_offset, page.row_count) == (1, 1, 3)


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
