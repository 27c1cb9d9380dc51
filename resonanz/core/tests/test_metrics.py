"""The metrics registry and ``/api/v1/metrics``: every registered figure for a period, for those who see
aggregates; bad periods get a problem, not a 500."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from decimal import Decimal

import pytest

from resonanz.core import metrics
from resonanz.core.models import Organization
from resonanz.core.period import period
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member

pytestmark = pytest.mark.django_db
Caller = functools.partial(ApiCaller, api="/api/v1", language="de")


def test_percent_rounds_to_one_decimal_and_has_no_value_without_a_basis() -> None:
    assert metrics.percent(1, 3) == metrics.Reading(Decimal("33.3"))
    assert metrics.percent(2, 3, complete=False) == metrics.Reading(Decimal("66.7"), complete=False)
    assert metrics.percent(0, 0).value is None


def test_a_key_is_registered_once() -> None:
    existing = metrics.metrics()[0]
    twin = metrics.Metric(
        existing.key, "anders", "", metrics.Unit.COUNT, lambda organization, asked: metrics.count(0)
    )

    with pytest.raises(ValueError, match="registered already"):
        metrics.register(twin)
    metrics.register(existing)  # the same metric again (a second ready()) is harmless


def test_the_api_lists_every_registered_metric_for_the_works_council(org: Organization) -> None:
    council = make_member(org, [Role.WORKS_COUNCIL])

    response = Caller(council).get("/metrics", start="2026-01-01", end="2026-03-31")

    assert response.status_code == 200
    keys = [item["key"] for item in response.json()]
    assert keys == [metric.key for metric in metrics.metrics()]
    assert {"plan.executed_rate", "plan.missed_dates", "publishing.published_posts"} <= set(keys)
    published = next(item for item in response.json() if item["key"] == "publishing.published_posts")
    assert published["label"] == "Veröffentlichte Beiträge" and published["value"] == "0"
    assert published["complete"] is True


def test_an_ambassador_may_not_read_metrics(org: Organization) -> None:
    ambassador = make_member(org, [Role.AMBASSADOR])

    response = Caller(ambassador).get("/metrics", start="2026-01-01", end="2026-03-31")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-01", "2026-01-01"),
        ("2026-01-01", "2027-06-01"),
        ("9000-01-01", "9000-01-02"),
        ("gestern", ""),
    ],
)
def test_a_bad_period_is_a_problem_not_an_error(org: Organization, start: str, end: str) -> None:
    officer = make_member(org, [Role.QUALITY_OFFICER])

    response = Caller(officer).get("/metrics", start=start, end=end)

    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_period_is_read_in_whole_local_days() -> None:
    asked = period(dt.date(2026, 3, 29), dt.date(2026, 3, 29))

    start, end = asked.window(zoneinfo.ZoneInfo("Europe/Berlin"))

    length = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    assert length == dt.timedelta(hours=23), "the day summer time begins has 23 hours"
