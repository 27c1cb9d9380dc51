"""Who sees what: own figures, person-level figures, the minimum group size, the works council, the
leaderboard. ``privacy_settings`` is the one place the switches and consents come from; most tests set
them through it, the last one through the consent app's actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from resonanz.consent import actions as consent_actions
from resonanz.consent.models import ConsentPurpose
from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.links.models import TrackedLink
from resonanz.reach import dashboards, privacy
from resonanz.reach.models import Dimension
from resonanz.reach.periods import Period
from resonanz.reach.privacy import PrivacySettings, visibility_for
from resonanz.reach.tests.world import ambassador, click, link_for

D = Dimension
MARCH = Period(dt.date(2027, 3, 1), dt.date(2027, 3, 31))


def switch(
    monkeypatch: pytest.MonkeyPatch,
    *,
    person_analytics: bool = False,
    leaderboard: bool = False,
    analytics: set[int] | None = None,
    board: set[int] | None = None,
    min_group_size: int = 5,
) -> None:
    settings = PrivacySettings(
        person_analytics, leaderboard, min_group_size, frozenset(analytics or ()), frozenset(board or ())
    )
    monkeypatch.setattr(privacy, "privacy_settings", lambda organization: settings)


def clicks_in_unit(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path, people: int, unit: str
) -> list[Membership]:
    members = [ambassador(org, unit) for _ in range(people)]
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=True):
        for person in members:
            click(redirector, link_for(manager, person), times=2)
        ingest(log_folder, today=dt.date(2027, 3, 10))
    return members


def _row(table: dashboards.Table, label: str) -> dashboards.Row:
    (row,) = [row for row in table.rows if label in (row.label, row.key)]
    return row


def _table(dashboard: dashboards.Dashboard, slug: str) -> dashboards.Table:
    (found,) = [table for table in dashboard.tables if table.slug == slug]
    return found


def test_a_unit_of_four_people_is_hidden_and_a_unit_of_five_is_shown(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    clicks_in_unit(org, manager, redirector, log_folder, 4, "Vertrieb")
    clicks_in_unit(org, manager, redirector, log_folder, 6, "Technik")
    clicks_in_unit(org, manager, redirector, log_folder, 5, "Einkauf")
    clicks_in_unit(org, manager, redirector, log_folder, 7, "Lager")

    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    units = _table(board, D.UNIT)
    assert _row(units, "Vertrieb").hidden and _row(units, "Vertrieb").clicks == 0
    assert not _row(units, "Technik").hidden and _row(units, "Technik").clicks == 12
    assert not _row(units, "Lager").hidden and _row(units, "Lager").clicks == 14
    # 22 people together: the organization's total is shown.
    assert (board.total.clicks, board.total.hidden) == (44, False)


def test_a_second_group_is_hidden_so_that_the_total_does_not_give_the_small_one_away(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    """GIVEN units of 4, 5 and 6 people and the total shown
    WHEN the unit of four is hidden
    THEN the smallest unit shown is hidden as well: total minus the units shown is two units together,
    nine people, not the four, in the page's tables, the API's and the export's alike."""
    clicks_in_unit(org, manager, redirector, log_folder, 4, "Vertrieb")
    clicks_in_unit(org, manager, redirector, log_folder, 5, "Technik")
    clicks_in_unit(org, manager, redirector, log_folder, 6, "Einkauf")

    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    units = _table(board, D.UNIT)
    assert board.total.clicks == 30 and not board.total.hidden
    assert _row(units, "Vertrieb").hidden
    assert _row(units, "Technik").hidden, "total − Einkauf − Technik would be the unit of four"
    assert not _row(units, "Einkauf").hidden and _row(units, "Einkauf").clicks == 12
    shown = sum(row.clicks for row in units.rows if not row.hidden)
    assert board.total.clicks - shown == 18  # what subtraction gives: nine people's clicks


def test_the_clicks_outside_every_campaign_are_a_group_of_their_own(
    org: Organization, manager: Membership, campaign: Campaign, redirector: Redirector, log_folder: Path
) -> None:
    """GIVEN six people clicked on the campaign's links and one person on a link without a campaign
    THEN "no campaign" is a row hidden below the minimum group size, and the campaign with it (else the
    total minus the campaign is the one person's clicks)."""
    members = [ambassador(org, "Technik") for _ in range(6)]
    alone = ambassador(org, "Vertrieb")
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=True):
        for person in members:
            click(redirector, link_for(manager, person, campaign=campaign), times=2)
        click(redirector, link_for(manager, alone), times=3)
        ingest(log_folder, today=dt.date(2027, 3, 10))

    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    campaigns = _table(board, D.CAMPAIGN)
    assert (board.total.clicks, board.total.hidden) == (15, False)
    assert _row(campaigns, "").hidden and _row(campaigns, "").label == "ohne Kampagne"
    assert _row(campaigns, str(campaign.pk)).hidden
    # The campaign's own dashboard gives nothing back either.
    own = dashboards.campaign_dashboard(campaign, MARCH, visibility_for(manager))
    assert own.total.hidden and own.total.clicks == 0
    assert all(point.hidden or point.clicks == 0 for point in own.series)
    assert all(row.hidden for table in own.tables for row in table.rows)


def test_a_second_day_is_hidden_so_that_the_total_does_not_give_a_small_day_away(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    """GIVEN three people clicked on one day, six on another and seven on a third
    THEN the day of three is hidden, and the smallest other day with it."""
    links: dict[int, TrackedLink] = {}
    for day, people in ((10, 3), (11, 6), (12, 7)):
        members = [ambassador(org, "Technik") for _ in range(people)]
        with time_machine.travel(dt.datetime(2027, 3, day, 9, tzinfo=dt.UTC), tick=True):
            for person in members:
                links[person.pk] = links.get(person.pk) or link_for(manager, person)
                click(redirector, links[person.pk])
            ingest(log_folder, today=dt.date(2027, 3, day))

    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    days = {point.day.day: point for point in board.series}
    assert (board.total.clicks, board.total.hidden) == (16, False)
    assert days[10].hidden and days[11].hidden, "total − day 12 − day 11 would be the day of three"
    assert not days[12].hidden and days[12].clicks == 7


def test_people_shown_by_name_leave_no_small_group_of_others_to_subtraction(
    org: Organization,
    manager: Membership,
    redirector: Redirector,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN eight people clicked and five of them consented to person-level figures
    THEN the employee accounts' total minus the five would be the three others: so the people with the
    fewest clicks are hidden until those not shown are five; on the leaderboard alike."""
    members = clicks_in_unit(org, manager, redirector, log_folder, 8, "Vertrieb")
    with time_machine.travel(dt.datetime(2027, 3, 11, 9, tzinfo=dt.UTC), tick=True):
        for extra, person in enumerate(members[:5]):
            click(redirector, link_for(manager, person, network="mastodon"), times=extra + 1)
        ingest(log_folder, today=dt.date(2027, 3, 11))
    consenting = {person.pk for person in members[:5]}
    switch(monkeypatch, person_analytics=True, leaderboard=True, analytics=consenting, board=consenting)

    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    people = _table(board, D.PERSON)
    hidden = {row.key for row in people.rows if row.hidden}
    assert hidden == {str(members[0].pk), str(members[1].pk)}, "the two with the fewest clicks"
    assert not _row(_table(board, D.SOURCE), "employee").hidden
    leaderboard = dashboards.leaderboard(org.pk, MARCH, visibility_for(manager))
    assert leaderboard is not None
    assert {row.key for row in leaderboard.rows if row.hidden} == hidden


def test_distinct_people_over_the_period_decide_when_no_single_day_has_enough(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    """GIVEN three people of a unit clicked on one day and two others on the next (five in all), and
    another unit's three people on both days (six daily counts, three people), WHEN the month is shown,
    THEN the first unit is shown and the second stays hidden (and a third, smaller unit with it, so
    that the second cannot be worked out from the total)."""
    first = [ambassador(org, "Einkauf") for _ in range(5)]
    second = [ambassador(org, "Lager") for _ in range(3)]
    third = [ambassador(org, "Technik") for _ in range(5)]
    links = {person.pk: link_for(manager, person) for person in first + second + third}
    for day, people in ((10, first[:3] + second + third), (11, first[3:] + second)):
        with time_machine.travel(dt.datetime(2027, 3, day, 9, tzinfo=dt.UTC), tick=True):
            for person in people:
                click(redirector, links[person.pk], times=1 if person in third else 2)
            ingest(log_folder, today=dt.date(2027, 3, day))

    units = _table(dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)), D.UNIT)
    assert not _row(units, "Einkauf").hidden and _row(units, "Einkauf").clicks == 10
    assert _row(units, "Lager").hidden
    assert _row(units, "Technik").hidden
    # A single day of the first unit (three people) is hidden again.
    one_day = Period(dt.date(2027, 3, 10), dt.date(2027, 3, 10))
    assert _row(
        _table(dashboards.organization_dashboard(org.pk, one_day, visibility_for(manager)), D.UNIT), "Einkauf"
    ).hidden


def test_corporate_links_alone_name_nobody_and_are_shown(
    org: Organization, manager: Membership, campaign: Campaign, redirector: Redirector, log_folder: Path
) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, link_for(manager, None, campaign=campaign), times=3)
        ingest(log_folder, today=dt.date(2027, 3, 10))

    board = dashboards.campaign_dashboard(campaign, MARCH, visibility_for(manager))
    assert (board.total.clicks, board.total.hidden) == (3, False)
    assert _row(_table(board, D.SOURCE), "corporate").clicks == 3


def test_person_level_figures_need_the_switch_and_the_person_s_consent(
    org: Organization,
    manager: Membership,
    redirector: Redirector,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna, ben, *_rest = clicks_in_unit(org, manager, redirector, log_folder, 6, "Vertrieb")

    # Off by default: no person table at all.
    assert visibility_for(manager).person_ids == frozenset()
    assert D.PERSON not in {
        t.slug for t in dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)).tables
    }
    # Consent without the switch: nothing.
    switch(monkeypatch, person_analytics=False, analytics={anna.pk})
    assert visibility_for(manager).person_ids == frozenset()
    # The switch without consent: nobody.
    switch(monkeypatch, person_analytics=True, analytics=set())
    assert D.PERSON not in {
        t.slug for t in dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)).tables
    }
    # Both: only the person who consented.
    switch(monkeypatch, person_analytics=True, analytics={anna.pk})
    people = _table(dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)), D.PERSON)
    assert [(row.key, row.clicks) for row in people.rows] == [(str(anna.pk), 2)]
    assert str(ben.pk) not in {row.key for row in people.rows}


def test_the_works_council_sees_aggregates_but_never_people(
    org: Organization,
    manager: Membership,
    redirector: Redirector,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = clicks_in_unit(org, manager, redirector, log_folder, 5, "Vertrieb")
    council = make_member(org, ["works_council"])
    switch(
        monkeypatch,
        person_analytics=True,
        leaderboard=True,
        analytics={m.pk for m in members},
        board={m.pk for m in members},
    )

    seen = visibility_for(council)
    assert seen.aggregates and seen.person_ids == frozenset() and not seen.leaderboard_on
    board = dashboards.organization_dashboard(org.pk, MARCH, seen)
    assert board.total.clicks == 10
    assert D.PERSON not in {table.slug for table in board.tables}
    assert dashboards.leaderboard(org.pk, MARCH, seen) is None


def test_own_figures_are_always_visible_to_the_person(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    """A unit of one (hidden from everyone else) and no consent: the person still sees their own clicks."""
    (alone,) = clicks_in_unit(org, manager, redirector, log_folder, 1, "Einzeln")
    assert _row(
        _table(dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)), D.UNIT), "Einzeln"
    ).hidden

    own = dashboards.own_dashboard(alone, MARCH)
    assert (own.total.clicks, own.total.hidden) == (2, False)
    assert [point.clicks for point in own.series if point.clicks] == [2]
    assert [row.clicks for row in own.tables[0].rows] == [2]


def test_the_leaderboard_is_off_by_default_and_lists_only_who_opted_in(
    org: Organization,
    manager: Membership,
    redirector: Redirector,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna, ben, *_rest = clicks_in_unit(org, manager, redirector, log_folder, 6, "Vertrieb")
    assert dashboards.leaderboard(org.pk, MARCH, visibility_for(anna)) is None

    switch(monkeypatch, leaderboard=True, board={ben.pk})
    board = dashboards.leaderboard(org.pk, MARCH, visibility_for(anna))
    assert board is not None
    assert [row.key for row in board.rows] == [str(ben.pk)]


def test_the_consent_app_s_switches_and_consents_decide_with_a_withdrawal_counting_at_once(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    """Through the real consent actions: the admin switches person analytics on and sets groups of 4;
    Anna consents, Ben does not; then Anna withdraws."""
    anna, ben, *_rest = clicks_in_unit(org, manager, redirector, log_folder, 4, "Vertrieb")
    admin = make_member(org, ["admin"])
    units = _table(dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)), D.UNIT)
    assert _row(units, "Vertrieb").hidden  # four people, groups of five by default

    consent_actions.change_analytics_settings(
        admin, person_analytics=True, leaderboard=False, min_group_size=4
    )
    consent_actions.give_consent(anna, ConsentPurpose.PERSON_ANALYTICS)
    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    assert not _row(_table(board, D.UNIT), "Vertrieb").hidden
    assert [row.key for row in _table(board, D.PERSON).rows] == [str(anna.pk)]
    assert str(ben.pk) not in {row.key for row in _table(board, D.PERSON).rows}

    consent_actions.withdraw_consent(anna, ConsentPurpose.PERSON_ANALYTICS)
    board = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))
    assert D.PERSON not in {table.slug for table in board.tables}
