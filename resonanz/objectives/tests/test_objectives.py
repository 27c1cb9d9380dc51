"""Quality objectives: measurability, the status rule with numbers, a bounded trend, values recorded by hand,
a metric read from the real registry, and who sees what."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.objectives import actions, objectives_at_risk
from resonanz.objectives.evaluation import MAX_POINTS, Status, evaluate, point_days, status_for, trend
from resonanz.objectives.models import ManualEntry, Objective, ObjectiveStatus
from resonanz.reach.tests.world import ambassador, click, link_for

pytestmark = pytest.mark.django_db
Caller = functools.partial(ApiCaller, api="/api/v1/objectives", language="de")
START = dt.date(2027, 1, 1)


@pytest.fixture
def officer(org: Organization) -> Membership:
    return make_member(org, [Role.QUALITY_OFFICER], full_name="Quirin Qualität")


def objective(officer: Membership, **changes: Any) -> Objective:
    values: dict[str, Any] = {
        "title": "6.000 Follower in 6 Monaten",
        "owner": officer,
        "metric_key": "",
        "unit": "Follower",
        "baseline": Decimal(0),
        "target": Decimal(1000),
        "direction": "at_least",
        "starts_on": START,
        "deadline": START + dt.timedelta(days=100),
        "evaluation_method": "Zählung im Netzwerk am Monatsende",
        "frequency": "monthly",
    }
    values.update(changes)
    return actions.create_objective(officer, **values)


# ---------------------------------------------------------------- measurability


def test_more_visibility_is_refused_for_having_no_number_no_date_and_no_source(officer: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        objective(officer, title="Mehr Sichtbarkeit", target=None, deadline=None, unit="")

    assert refused.value.code == "unmeasurable"
    message = refused.value.messages[0]
    assert "keine Zielzahl" in message and "keinen Termin" in message and "keine Datenquelle" in message
    assert Objective.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"target": None}, "keine Zielzahl"),
        ({"deadline": None}, "keinen Termin"),
        ({"unit": "  "}, "keine Datenquelle"),
    ],
)
def test_each_missing_piece_alone_makes_an_objective_unmeasurable(
    officer: Membership, changes: dict[str, Any], missing: str
) -> None:
    with pytest.raises(ActionRefused) as refused:
        objective(officer, **changes)

    assert refused.value.messages[0].count("kein") == 1 and missing in refused.value.messages[0]


def test_a_metric_is_a_source_of_its_own_and_brings_its_unit(officer: Membership) -> None:
    made = objective(officer, metric_key="reach.clicks", unit="")

    assert made.unit == "count" and made.unit_label == "Anzahl" and not made.is_manual


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"metric_key": "reach.nonsense"}, "metric_key"),
        ({"deadline": START}, "deadline"),
        ({"deadline": START + dt.timedelta(days=366)}, "deadline"),
        ({"starts_on": dt.date(1, 1, 1)}, "starts_on"),
        ({"deadline": dt.date(9999, 12, 31)}, "deadline"),
        ({"target": Decimal("1e20")}, "target"),
        ({"target": Decimal(0)}, "target"),
        ({"baseline": None}, "baseline"),
        ({"direction": "more"}, "direction"),
        ({"evaluation_method": " "}, "evaluation_method"),
    ],
)
def test_odd_values_are_refused_with_the_field_named(
    officer: Membership, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ActionRefused) as refused:
        objective(officer, **changes)

    assert refused.value.field == field
    assert Objective.objects.count() == 0


def test_an_owner_from_another_organization_is_refused(officer: Membership, other_org: Organization) -> None:
    stranger = make_member(other_org, [Role.QUALITY_OFFICER])

    with pytest.raises(ActionRefused) as refused:
        objective(officer, owner=stranger)

    assert refused.value.field == "owner"


def test_the_form_explains_in_german_why_more_visibility_is_refused(officer: Membership) -> None:
    client = Client()
    client.force_login(officer.user)
    url = f"/o/{officer.organization.slug}/objectives/new/"

    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Mehr Sichtbarkeit",
            "direction": "at_least",
            "starts_on": "2027-01-01",
            "owner": officer.pk,
            "evaluation_method": "Gefühl",
            "frequency": "monthly",
        },
    )

    assert "„Mehr Sichtbarkeit“" in page.content.decode()
    assert response.status_code == 400
    text = response.content.decode()
    assert "keine Zielzahl" in text and "keinen Termin" in text and "keine Datenquelle" in text
    assert Objective.objects.count() == 0


def test_the_api_refuses_an_unmeasurable_objective_with_a_problem(officer: Membership) -> None:
    response = Caller(officer, language="en").send(
        "post",
        "",
        {
            "title": "More visibility",
            "owner_id": officer.pk,
            "direction": "at_least",
            "starts_on": "2027-01-01",
            "evaluation_method": "feeling",
            "frequency": "monthly",
        },
    )

    assert response.status_code == 422
    assert "no target number" in response.content.decode()
    assert Objective.objects.count() == 0


# ---------------------------------------------------------------- status rule


@pytest.mark.parametrize(
    ("day", "value", "expected"),
    [
        (49, None, Status.NO_DATA),
        (-1, Decimal(0), Status.NOT_STARTED),
        # Day 50 of 100: 500 expected; the tolerance is 10 % of the way (100).
        (50, Decimal(450), Status.ON_TRACK),
        (50, Decimal(400), Status.ON_TRACK),
        (50, Decimal(399), Status.AT_RISK),
        (50, Decimal(1000), Status.ACHIEVED),  # reached early: an "at least" objective is achieved
        (101, Decimal(999), Status.MISSED),
        (101, Decimal(1000), Status.ACHIEVED),
        (101, None, Status.MISSED),
    ],
)
def test_the_status_follows_the_straight_line_with_a_tolerance(
    officer: Membership, day: int, value: Decimal | None, expected: Status
) -> None:
    made = objective(officer)

    assert status_for(made, value, START + dt.timedelta(days=day)) == expected


@pytest.mark.parametrize(
    ("day", "value", "expected"),
    [
        # From 20 % complaints down to at most 10 % in 100 days: day 50 expects 15 %, tolerance 1.
        (50, Decimal(16), Status.ON_TRACK),
        (50, Decimal("16.01"), Status.AT_RISK),
        (50, Decimal(9), Status.ON_TRACK),  # below the target before the deadline: still on track
        (100, Decimal(10), Status.ON_TRACK),
        (101, Decimal(10), Status.ACHIEVED),
        (101, Decimal("10.5"), Status.MISSED),
    ],
)
def test_an_at_most_objective_is_behind_when_above_the_line(
    officer: Membership, day: int, value: Decimal, expected: Status
) -> None:
    made = objective(officer, direction="at_most", baseline=Decimal(20), target=Decimal(10), unit="%")

    assert status_for(made, value, START + dt.timedelta(days=day)) == expected


# ---------------------------------------------------------------- values by hand and the trend


def test_the_latest_value_recorded_by_hand_counts(officer: Membership) -> None:
    made = objective(officer)
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        actions.record_entry(officer, made, day=dt.date(2027, 1, 10), value=Decimal(100))
        actions.record_entry(officer, made, day=dt.date(2027, 2, 19), value=Decimal(480), note="LinkedIn")
        evaluation = evaluate(made)

    assert evaluation.value == Decimal(480)
    assert evaluation.progress == Decimal("48.0")
    # Day 50 expects 500; 480 is 20 behind, within the tolerance of 100.
    assert evaluation.status == Status.ON_TRACK
    entry = ManualEntry.objects.get(day=dt.date(2027, 2, 19))
    assert entry.recorded_by_name == "Quirin Qualität" and entry.note == "LinkedIn"


@pytest.mark.parametrize(
    ("day", "field"),
    [(dt.date(2026, 12, 31), "day"), (dt.date(2027, 3, 1), "day"), (dt.date(2027, 2, 19), "day")],
)
def test_a_value_outside_the_period_in_the_future_or_twice_a_day_is_refused(
    officer: Membership, day: dt.date, field: str
) -> None:
    made = objective(officer)
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        actions.record_entry(officer, made, day=dt.date(2027, 2, 19), value=Decimal(1))
        with pytest.raises(ActionRefused) as refused:
            actions.record_entry(officer, made, day=day, value=Decimal(2))

    assert refused.value.field == field
    assert ManualEntry.objects.count() == 1


def test_a_metric_objective_takes_no_values_by_hand(officer: Membership) -> None:
    made = objective(officer, metric_key="reach.clicks")

    with pytest.raises(ActionRefused):
        actions.record_entry(officer, made, day=START, value=Decimal(1))


def test_the_trend_takes_the_latest_value_on_or_before_each_week(officer: Membership) -> None:
    made = objective(officer, deadline=START + dt.timedelta(days=60))
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC)):
        actions.record_entry(officer, made, day=dt.date(2027, 1, 9), value=Decimal(50))
        actions.record_entry(officer, made, day=dt.date(2027, 1, 20), value=Decimal(300))
        points = trend(made)

    days = [point.day for point in points]
    assert days[:4] == [START + dt.timedelta(weeks=week) for week in range(4)]
    assert days[-1] == made.deadline
    assert [point.value for point in points[:4]] == [None, None, Decimal(50), Decimal(300)]
    assert points[0].expected == Decimal(0) and points[-1].expected == Decimal(1000)


@pytest.mark.parametrize(("days", "weekly"), [(60, True), (181, True), (182, False), (365, False)])
def test_the_trend_has_few_points_whatever_the_dates(officer: Membership, days: int, weekly: bool) -> None:
    made = objective(officer, deadline=START + dt.timedelta(days=days))

    found = point_days(made, dt.date(2100, 1, 1))

    assert len(found) <= MAX_POINTS
    assert found[0] == START and found[-1] == made.deadline
    assert (found[1] - found[0] == dt.timedelta(weeks=1)) is weekly
    assert point_days(made, START - dt.timedelta(days=1)) == []
    # A whole year is one metric period: evaluating it after the deadline reads no more than that.
    assert evaluate(made, dt.date(2100, 1, 1)).status == Status.MISSED


def test_closing_keeps_the_value_and_the_status_stays_what_it_was(officer: Membership) -> None:
    made = objective(officer)
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        actions.record_entry(officer, made, day=dt.date(2027, 2, 19), value=Decimal(1200))
        closed = actions.close_objective(officer, made)
        with pytest.raises(ActionRefused):
            actions.record_entry(officer, closed, day=dt.date(2027, 2, 20), value=Decimal(1))
        with pytest.raises(ActionRefused):
            actions.cancel_objective(officer, closed)

    assert closed.status == ObjectiveStatus.CLOSED and closed.final_value == Decimal(1200)
    assert evaluate(closed, dt.date(2027, 9, 1)).status == Status.ACHIEVED


# ---------------------------------------------------------------- a platform metric


def test_a_metric_objective_reads_the_clicks_of_its_period_from_the_registry(
    org: Organization, manager: Membership, officer: Membership, redirector: Redirector, log_folder: Path
) -> None:
    made = objective(
        officer,
        metric_key="reach.clicks",
        starts_on=dt.date(2027, 3, 10),
        deadline=dt.date(2027, 4, 30),
        target=Decimal(20),
    )
    person = ambassador(org, "Vertrieb")
    for day, times in ((9, 5), (10, 3), (12, 4)):  # the 9th lies before the objective's start
        with time_machine.travel(dt.datetime(2027, 3, day, 12, tzinfo=dt.UTC)):
            click(redirector, link_for(manager, person), times=times, bots=2)
            ingest(log_folder, today=dt.date(2027, 3, day))

    with time_machine.travel(dt.datetime(2027, 3, 13, 12, tzinfo=dt.UTC)):
        evaluation = evaluate(made)
        points = trend(made)

    assert evaluation.value == Decimal(7)
    assert [point.value for point in points] == [Decimal(3), Decimal(7)]
    # Day 3 of 51 expects about 1.2 of 20: 7 is ahead.
    assert evaluation.status == Status.ON_TRACK


# ---------------------------------------------------------------- pages, API and who sees what


def test_objectives_at_risk_lists_the_missed_before_those_at_risk(officer: Membership) -> None:
    behind = objective(officer, title="Zurück")
    missed = objective(officer, title="Verfehlt", deadline=START + dt.timedelta(days=30))
    fine = objective(officer, title="Gut")
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        actions.record_entry(officer, behind, day=dt.date(2027, 2, 19), value=Decimal(100))
        actions.record_entry(officer, fine, day=dt.date(2027, 2, 19), value=Decimal(600))
        actions.record_entry(officer, missed, day=dt.date(2027, 1, 30), value=Decimal(10))
        found = objectives_at_risk(officer.organization)

    assert [(item.objective, item.status) for item in found] == [
        (missed, Status.MISSED),
        (behind, Status.AT_RISK),
    ]


def test_the_pages_show_status_and_trend_and_the_works_council_sees_no_names(officer: Membership) -> None:
    made = objective(officer, title="Follower verdoppeln", starts_on=dt.date(2026, 12, 1))
    actions.record_entry(officer, made, day=dt.date(2026, 12, 5), value=Decimal(10))
    council = make_member(officer.organization, [Role.WORKS_COUNCIL])
    slug = officer.organization.slug

    pages = {}
    for member in (officer, council):
        client = Client()
        client.force_login(member.user)
        pages[member.pk] = (
            client.get(f"/o/{slug}/objectives/").content.decode(),
            client.get(f"/o/{slug}/objectives/{made.pk}/").content.decode(),
        )

    listing, detail = pages[officer.pk]
    assert "Follower verdoppeln" in listing and "Quirin Qualität" in listing
    assert "data:image/svg+xml;base64," in detail and "Quirin Qualität" in detail
    council_list, council_detail = pages[council.pk]
    assert "Follower verdoppeln" in council_list and "data:image/svg+xml;base64," in council_detail
    assert "Quirin Qualität" not in council_list + council_detail
    response = Caller(council).get(f"/{made.pk}")
    assert response.status_code == 200 and response.json()["owner_id"] is None


def test_the_api_sets_measures_and_closes_an_objective(officer: Membership) -> None:
    caller = Caller(officer)
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        created = caller.send(
            "post",
            "",
            {
                "title": "Beschwerdequote senken",
                "owner_id": officer.pk,
                "unit": "%",
                "baseline": "20",
                "target": "10",
                "direction": "at_most",
                "starts_on": "2027-01-01",
                "deadline": "2027-04-11",
                "evaluation_method": "Beschwerden je 100 Anfragen",
                "frequency": "monthly",
            },
        )
        assert created.status_code == 201, created.content
        number = created.json()["id"]
        entry = caller.send("post", f"/{number}/entries", {"day": "2027-02-19", "value": "14"})
        read = caller.get(f"/{number}")
        closed = caller.send("post", f"/{number}/close")

    assert entry.status_code == 201
    assert read.json()["value"] == "14.00" and read.json()["evaluation"] == "on_track"
    assert closed.json()["status"] == "closed" and closed.json()["value"] == "14.00"


def test_another_organization_finds_nothing(officer: Membership, other_org: Organization) -> None:
    made = objective(officer)
    stranger = make_member(other_org, [Role.QUALITY_OFFICER])
    client = Client()
    client.force_login(stranger.user)

    assert client.get(f"/o/{other_org.slug}/objectives/{made.pk}/").status_code == 404
    assert client.post(f"/o/{other_org.slug}/objectives/{made.pk}/close/").status_code == 404
    assert Caller(stranger).get(f"/{made.pk}").status_code == 404
    assert Caller(stranger).send("post", f"/{made.pk}/cancel").status_code == 404
    made.refresh_from_db()
    assert made.status == ObjectiveStatus.ACTIVE


def test_an_ambassador_may_not_see_objectives(officer: Membership) -> None:
    ambassador_member = make_member(officer.organization, [Role.AMBASSADOR])
    client = Client()
    client.force_login(ambassador_member.user)

    assert client.get(f"/o/{officer.organization.slug}/objectives/").status_code == 403
