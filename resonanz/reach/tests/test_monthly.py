"""The monthly level of the person figures (``ReachMonthly``): built with the daily rows, and a breakdown
by person over any period gives exactly the sums of the daily rows."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.links.models import DailyClickRollup, TrackedLink
from resonanz.reach import queries
from resonanz.reach.models import (
    GROUP_DIMENSIONS,
    MONTHLY_LEVEL,
    ORGANIZATION,
    Dimension,
    ReachDaily,
    ReachMonthly,
    has_monthly_rows,
)
from resonanz.reach.periods import Period
from resonanz.reach.rollups import rebuild_all, refresh_days
from resonanz.reach.tests.world import ambassador, click, link_for

D = Dimension
Sums = dict[str, tuple[int, int, int]]

# Days with clicks: around a year boundary, on the first and last days of months, and mid-month.
DAYS = [
    dt.date(2026, 11, 30),
    dt.date(2026, 12, 1),
    dt.date(2026, 12, 17),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(2027, 1, 15),
    dt.date(2027, 1, 31),
    dt.date(2027, 2, 1),
    dt.date(2027, 2, 28),
    dt.date(2027, 3, 1),
    dt.date(2027, 3, 16),
]


def _daily_sums(organization: Organization, period: Period) -> Sums:
    """The person figures summed from the daily rows alone (what the breakdown gave before months)."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in ReachDaily.objects.filter(
        organization=organization,
        scope=ORGANIZATION,
        dimension=D.PERSON,
        day__range=(period.start, period.end),
    ):
        entry = sums[row.key]
        entry[0] += row.clicks
        entry[1] += row.visitors
        entry[2] += row.bot_hits
    return {key: (c, v, b) for key, (c, v, b) in sums.items()}


def _breakdown(organization: Organization, period: Period, keys: list[str] | None = None) -> Sums:
    # Groups of one: no person is hidden to protect those not listed (``queries._complement_people``),
    # so that the sums can be compared with the days'.
    figures = queries.breakdown(organization.pk, D.PERSON, period, min_group_size=1, only_keys=keys)
    assert [figure.clicks for figure in figures] == sorted(
        (figure.clicks for figure in figures), reverse=True
    )
    assert not any(figure.hidden for figure in figures)
    return {figure.key: (figure.clicks, figure.visitors, figure.bot_hits) for figure in figures}


def _months_equal_their_days(organization: Organization) -> dict[tuple[str, dt.date], tuple[int, int, int]]:
    """Every monthly row is the sum of its month's daily rows, and every month with daily rows has one."""
    expected: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in ReachDaily.objects.filter(organization=organization, scope=ORGANIZATION, dimension=D.PERSON):
        entry = expected[(row.key, row.day.replace(day=1))]
        entry[0] += row.clicks
        entry[1] += row.visitors
        entry[2] += row.bot_hits
    stored = {
        (row.key, row.month): (row.clicks, row.visitors, row.bot_hits)
        for row in ReachMonthly.objects.filter(organization=organization)
    }
    assert stored == {month: tuple(sums) for month, sums in expected.items()}
    return stored


def _set_rollups(link: TrackedLink, day: dt.date, clicks: int, visitors: int, bots: int) -> None:
    DailyClickRollup.objects.update_or_create(
        link=link,
        day=day,
        defaults={
            "organization_id": link.organization_id,
            "clicks": clicks,
            "unique_visitors": visitors,
            "bot_hits": bots,
        },
    )


@pytest.fixture
def year(org: Organization, manager: Membership, campaign: Campaign) -> dict[str, TrackedLink]:
    """Three ambassadors' and the corporate account's links with per-link rollups on every day of
    ``DAYS`` (different figures each day), built into the reach figures by the rollup code."""
    people = {
        name: ambassador(org, unit, name)
        for name, unit in (("Anna", "Vertrieb"), ("Ben", "Technik"), ("Cem", "Vertrieb"))
    }
    links = {name: link_for(manager, person, campaign=campaign) for name, person in people.items()}
    links["Anna 2"] = link_for(manager, people["Anna"], network="mastodon")
    links["corporate"] = link_for(manager, None, campaign=campaign)
    for index, day in enumerate(DAYS):
        for offset, link in enumerate(links.values()):
            if (index + offset) % 4 == 3:
                continue  # not every link on every day
            clicks = (index * 7 + offset * 3) % 11
            _set_rollups(link, day, clicks, max(0, clicks - offset), (index + offset) % 3)
    refresh_days({(org.pk, day) for day in DAYS})
    return links


def test_only_dimensions_that_are_not_groups_have_monthly_rows() -> None:
    # A month's sums cannot tell a group's distinct people over a period (the minimum group size).
    assert {(ORGANIZATION, D.PERSON)} == MONTHLY_LEVEL
    assert all(dimension not in GROUP_DIMENSIONS for _scope, dimension in MONTHLY_LEVEL)
    assert has_monthly_rows(ORGANIZATION, D.PERSON)
    assert not has_monthly_rows(ORGANIZATION, D.UNIT)
    assert not has_monthly_rows(17, D.PERSON)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(
            dt.date(2026, 11, 30), dt.date(2027, 3, 16), id="mid-month to mid-month, over the new year"
        ),
        pytest.param(dt.date(2026, 12, 17), dt.date(2027, 2, 1), id="starts and ends a day into a month"),
        pytest.param(dt.date(2026, 12, 1), dt.date(2027, 2, 28), id="whole months over the new year"),
        pytest.param(dt.date(2027, 1, 1), dt.date(2027, 1, 31), id="one whole month"),
        pytest.param(
            dt.date(2026, 12, 2), dt.date(2027, 1, 31), id="starts mid-month, ends on a month's end"
        ),
        pytest.param(
            dt.date(2027, 1, 1), dt.date(2027, 3, 15), id="starts on a month's start, ends mid-month"
        ),
        pytest.param(dt.date(2026, 12, 31), dt.date(2027, 1, 1), id="two days over the new year"),
        pytest.param(dt.date(2027, 1, 2), dt.date(2027, 1, 30), id="inside one month"),
        pytest.param(dt.date(2027, 1, 15), dt.date(2027, 1, 15), id="a single day"),
        pytest.param(dt.date(2027, 2, 1), dt.date(2027, 2, 1), id="a single day, a month's first"),
        pytest.param(dt.date(2026, 3, 17), dt.date(2027, 3, 17), id="366 days ending mid-month"),
    ],
)
def test_a_breakdown_by_person_equals_the_sums_of_the_daily_rows(
    org: Organization, year: dict[str, TrackedLink], start: dt.date, end: dt.date
) -> None:
    period = Period(start, end)
    expected = _daily_sums(org, period)
    assert expected  # every period holds clicks
    assert _breakdown(org, period) == expected
    some = [str(year["Anna"].membership_id), str(year["Cem"].membership_id)]
    assert _breakdown(org, period, some) == {key: sums for key, sums in expected.items() if key in some}
    assert _breakdown(org, period, []) == {}


def test_the_whole_months_are_read_from_the_monthly_rows(
    org: Organization, year: dict[str, TrackedLink]
) -> None:
    months, edges = queries.whole_months(Period(dt.date(2026, 12, 17), dt.date(2027, 3, 1)))
    assert months == Period(dt.date(2027, 1, 1), dt.date(2027, 2, 28))
    assert edges == [
        Period(dt.date(2026, 12, 17), dt.date(2026, 12, 31)),
        Period(dt.date(2027, 3, 1), dt.date(2027, 3, 1)),
    ]
    assert queries.whole_months(Period(dt.date(2027, 1, 1), dt.date(2027, 1, 31))) == (
        Period(dt.date(2027, 1, 1), dt.date(2027, 1, 31)),
        [],
    )
    assert queries.whole_months(Period(dt.date(2027, 1, 2), dt.date(2027, 2, 27))) == (
        None,
        [Period(dt.date(2027, 1, 2), dt.date(2027, 2, 27))],
    )
    # A monthly row changed behind the rollups' back shows in the breakdown: it is what is read.
    anna = str(year["Anna"].membership_id)
    january = Period(dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    before = _breakdown(org, january)[anna]
    ReachMonthly.objects.filter(key=anna, month=dt.date(2027, 1, 1)).update(clicks=before[0] + 1000)
    with CaptureQueriesContext(connection) as captured:
        assert _breakdown(org, january)[anna][0] == before[0] + 1000
    assert len(captured.captured_queries) == 1
    assert "reach_reachmonthly" in captured.captured_queries[0]["sql"]


def test_rebuilding_a_day_updates_its_month(
    org: Organization, year: dict[str, TrackedLink], manager: Membership
) -> None:
    stored = _months_equal_their_days(org)
    anna, ben = str(year["Anna"].membership_id), str(year["Ben"].membership_id)
    january = dt.date(2027, 1, 1)
    assert stored[(anna, january)][0] > 0

    # More clicks on one day of Anna's.
    _set_rollups(year["Anna"], dt.date(2027, 1, 15), 40, 30, 2)
    refresh_days({(org.pk, dt.date(2027, 1, 15))})
    changed = _months_equal_their_days(org)
    assert changed[(anna, january)] != stored[(anna, january)]
    # The other months were not touched.
    assert {k: v for k, v in changed.items() if k[1] != january} == {
        k: v for k, v in stored.items() if k[1] != january
    }

    # A day's clicks go to zero (the row stays, with bot hits only): the month loses them.
    for link in (year["Anna"], year["Anna 2"]):
        DailyClickRollup.objects.filter(link=link, day=dt.date(2027, 1, 15)).update(
            clicks=0, unique_visitors=0
        )
    refresh_days({(org.pk, dt.date(2027, 1, 15))})
    _months_equal_their_days(org)

    # Every row of a person's month vanishes day by day: at the end the month has no row for them.
    for day in (d for d in DAYS if d.month == 1):
        DailyClickRollup.objects.filter(link__membership_id=ben, day=day).delete()
        refresh_days({(org.pk, day)})
        _months_equal_their_days(org)
    assert not ReachMonthly.objects.filter(key=ben, month=january).exists()
    assert ReachMonthly.objects.filter(key=ben, month=dt.date(2026, 12, 1)).exists()
    period = Period(dt.date(2026, 12, 5), dt.date(2027, 2, 5))
    assert _breakdown(org, period) == _daily_sums(org, period)

    # Rebuilding everything gives the same months.
    before = _months_equal_their_days(org)
    assert rebuild_all(org.pk) == len(DAYS)
    assert _months_equal_their_days(org) == before


def test_ingestion_builds_the_month_with_the_days(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    anna = ambassador(org, "Vertrieb", "Anna")
    link = link_for(manager, anna)
    for day, times in ((dt.date(2027, 1, 31), 2), (dt.date(2027, 2, 1), 3), (dt.date(2027, 2, 2), 1)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=True):
            click(redirector, link, times=times, bots=1)
            ingest(log_folder, today=day)
    months = _months_equal_their_days(org)
    assert months == {
        (str(anna.pk), dt.date(2027, 1, 1)): (2, 2, 1),
        (str(anna.pk), dt.date(2027, 2, 1)): (4, 4, 2),
    }
    year_period = Period(dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    assert _breakdown(org, year_period) == {str(anna.pk): (6, 6, 3)}


def test_the_migration_sums_the_months_of_the_figures_already_there(
    org: Organization, year: dict[str, TrackedLink]
) -> None:
    built = _months_equal_their_days(org)
    ReachMonthly.objects.all().delete()
    migration = importlib.import_module("resonanz.reach.migrations.0002_monthly_person_figures")
    migration.sum_the_months(apps, None)
    assert _months_equal_their_days(org) == built
