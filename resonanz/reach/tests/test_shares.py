"""Shares and estimated reach on the reach dashboards, the API and the exports: counted per UTC day of
the period, the people who shared as the group (hidden below the minimum group size), per person only
as ``reach.privacy`` allows."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from resonanz.advocacy import actions as advocacy_actions
from resonanz.advocacy.models import ShareableItem
from resonanz.advocacy.tests.conftest import LINK, TEXT
from resonanz.advocacy.tests.sharing import share_at
from resonanz.content.actions.approval import approve_post
from resonanz.content.models import Campaign, PostNetwork, PostVariant
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.reach import dashboards
from resonanz.reach.periods import Period
from resonanz.reach.privacy import visibility_for
from resonanz.reach.tests.test_privacy import switch
from resonanz.reach.tests.world import ambassador

ClientFor = Callable[[Membership], Client]
TODAY = dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC)
MARCH = Period(dt.date(2027, 3, 1), dt.date(2027, 3, 31))
UTC = dt.UTC


def offered(manager: Membership, campaign: Campaign | None, title: str) -> ShareableItem:
    post = make_post(manager, title=title, text=TEXT, link_url=LINK, campaign=campaign)
    for network in (PostNetwork.MASTODON, PostNetwork.LINKEDIN):
        PostVariant.objects.create(post=post, network=network, text=TEXT)
    approve_post(make_member(manager.organization, ["quality_officer"]), post)
    post.refresh_from_db()
    return advocacy_actions.offer_for_sharing(manager, post)


@pytest.fixture
def shared(org: Organization, manager: Membership, campaign: Campaign) -> dict[str, list[Membership]]:
    """Five people of "Vertrieb" share the campaign's post to Mastodon on 10 March with 100, 200, 300,
    400 and 500 followers; one of "Einkauf" copies it for LinkedIn on 11 March (no follower count); one
    of "Einkauf" shares another post without a campaign on 1 April (after the period)."""
    item = offered(manager, campaign, "Studie 2027")
    other = offered(manager, None, "Ohne Kampagne")
    sales = [ambassador(org, "Vertrieb") for _ in range(5)]
    buying = [ambassador(org, "Einkauf") for _ in range(2)]
    for index, person in enumerate(sales, start=1):
        share_at(dt.datetime(2027, 3, 10, 9, tzinfo=UTC), person, item, followers=100 * index)
    share_at(dt.datetime(2027, 3, 11, 9, tzinfo=UTC), buying[0], item, PostNetwork.LINKEDIN)
    share_at(dt.datetime(2027, 4, 1, 0, 30, tzinfo=UTC), buying[1], other, followers=9999)
    return {"Vertrieb": sales, "Einkauf": buying}


def _rows(dashboard: dashboards.Dashboard, slug: str) -> dict[str, dashboards.Row]:
    (table,) = [table for table in dashboard.tables if table.slug == slug]
    return {row.key: row for row in table.rows}


def test_the_organization_dashboard_counts_shares_and_reach_by_group_and_hides_small_groups(
    org: Organization, manager: Membership, campaign: Campaign, shared: dict[str, list[Membership]]
) -> None:
    dashboard = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))

    total = dashboard.total
    assert (total.shares, total.shares_with_followers, total.estimated_reach) == (6, 5, 1500)
    assert not total.shares_hidden
    # No clicks at all: the groups that shared get rows of their own.
    assert _rows(dashboard, "campaign")[str(campaign.pk)].shares == 6
    assert _rows(dashboard, "campaign")[str(campaign.pk)].label == "Frühjahr 2027"
    networks = _rows(dashboard, "network")
    assert (networks["mastodon"].shares, networks["mastodon"].estimated_reach) == (5, 1500)
    assert networks["linkedin"].shares_hidden and networks["linkedin"].shares == 0  # one person
    units = _rows(dashboard, "unit")
    assert (units["Vertrieb"].shares, units["Vertrieb"].estimated_reach) == (5, 1500)
    assert units["Einkauf"].shares_hidden and units["Einkauf"].estimated_reach == 0
    # Kinds of account count no shares.
    assert all(row.shares is None for row in _rows(dashboard, "source").values())
    days = {point.day: point for point in dashboard.series}
    assert (days[dt.date(2027, 3, 10)].shares, days[dt.date(2027, 3, 10)].estimated_reach) == (5, 1500)
    assert days[dt.date(2027, 3, 11)].shares_hidden
    assert days[dt.date(2027, 3, 12)].shares == 0 and not days[dt.date(2027, 3, 12)].shares_hidden
    # 1 April (UTC) is outside March; in it, the one person who shared is a group too small to show.
    april = dashboards.organization_dashboard(
        org.pk, Period(dt.date(2027, 4, 1), dt.date(2027, 4, 1)), visibility_for(manager)
    )
    assert april.total.shares_hidden and april.total.estimated_reach == 0


def test_a_smaller_minimum_group_size_shows_the_small_groups(
    org: Organization,
    manager: Membership,
    shared: dict[str, list[Membership]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    switch(monkeypatch, min_group_size=1)

    dashboard = dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager))

    units = _rows(dashboard, "unit")
    assert (units["Einkauf"].shares, units["Einkauf"].estimated_reach, units["Einkauf"].shares_hidden) == (
        1,
        0,
        False,
    )


def test_person_level_shares_only_of_people_who_consented(
    org: Organization,
    manager: Membership,
    shared: dict[str, list[Membership]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consenting = shared["Vertrieb"][1]
    switch(monkeypatch, person_analytics=True, analytics={consenting.pk})

    people = _rows(dashboards.organization_dashboard(org.pk, MARCH, visibility_for(manager)), "person")

    assert list(people) == [str(consenting.pk)]
    assert (people[str(consenting.pk)].shares, people[str(consenting.pk)].estimated_reach) == (1, 200)
    assert not people[str(consenting.pk)].shares_hidden  # one person is not a group


def test_the_campaign_dashboard_counts_the_campaign_s_shares_only(
    org: Organization, manager: Membership, campaign: Campaign, shared: dict[str, list[Membership]]
) -> None:
    dashboard = dashboards.campaign_dashboard(
        campaign, Period(dt.date(2027, 3, 1), dt.date(2027, 4, 30)), visibility_for(manager)
    )

    assert (dashboard.total.shares, dashboard.total.estimated_reach) == (6, 1500)  # not the April share
    (post,) = _rows(dashboard, "post").values()
    assert (post.label, post.shares, post.estimated_reach) == ("Studie 2027", 6, 1500)


def test_one_s_own_figures_show_one_s_own_shares_whatever_the_group_size(
    org: Organization, shared: dict[str, list[Membership]]
) -> None:
    person = shared["Vertrieb"][2]

    own = dashboards.own_dashboard(person, MARCH)

    assert (own.total.shares, own.total.estimated_reach, own.total.shares_hidden) == (1, 300, False)
    (row,) = own.tables[0].rows
    assert row.label.startswith("Studie 2027") and row.label.endswith("Mastodon")
    assert (row.shares, row.estimated_reach, row.clicks) == (1, 300, 0)
    copier = dashboards.own_dashboard(shared["Einkauf"][0], MARCH)
    assert (copier.total.shares, copier.total.shares_with_followers, copier.total.estimated_reach) == (
        1,
        0,
        0,
    )


@time_machine.travel(TODAY, tick=False)
def test_the_pages_say_the_reach_is_estimated_and_the_api_and_exports_carry_the_shares(
    org: Organization,
    manager: Membership,
    campaign: Campaign,
    shared: dict[str, list[Membership]],
    client_for: ClientFor,
) -> None:
    base = f"/o/{org.slug}/reach/"
    page = client_for(manager).get(base + "overview/").content.decode()
    assert "Geteilte Beiträge und geschätzte Reichweite" in page
    assert 'data-figure="shares">6<' in page and 'data-figure="estimated_reach">1.500<' in page
    assert "Die Reichweite ist geschätzt" in page and "Followerzahl: 5 von 6" in page
    campaign_page = client_for(manager).get(f"{base}campaigns/{campaign.pk}/").content.decode()
    assert 'data-figure="shares">6<' in campaign_page
    own_page = client_for(shared["Vertrieb"][4]).get(base + "me/").content.decode()
    assert 'data-figure="estimated_reach">500<' in own_page and "Geteilte Beiträge" in own_page

    body = ApiCaller(manager, "/api/v1/reach", scope="read").get("/overview").json()
    assert (body["total"]["shares"], body["total"]["estimated_reach"]) == (6, 1500)
    units = {row["key"]: row for table in body["tables"] if table["slug"] == "unit" for row in table["rows"]}
    assert units["Einkauf"]["shares_hidden"] and units["Einkauf"]["shares"] == 0
    sources = [row for table in body["tables"] if table["slug"] == "source" for row in table["rows"]]
    assert all(row["shares"] is None for row in sources)
    days = {row["day"]: row for row in body["days"]}
    assert days["2027-03-10"]["estimated_reach"] == 1500
    me = ApiCaller(shared["Vertrieb"][0], "/api/v1/reach", scope="read").get("/me").json()
    assert (me["total"]["shares"], me["total"]["estimated_reach"]) == (1, 100)

    download = client_for(manager).get(base + "overview/export.csv")
    csv_text = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Geteilte Beiträge;Geschätzte Reichweite" in csv_text.splitlines()[0]
    assert "Nach Abteilung;Vertrieb;0;0;0;5;1500" in csv_text
    assert (
        "Nach Abteilung;Einkauf;0;0;0;ausgeblendet (Mindestgruppengröße);ausgeblendet (Mindestgruppengröße)"
        in (csv_text)
    )
    assert "2027-03-10;0;0;0;5;1500" in csv_text
    workbook = load_workbook(io.BytesIO(client_for(manager).get(base + "overview/export.xlsx").content))
    rows = [[cell.value for cell in row] for row in workbook["Nach Abteilung"].iter_rows()]
    assert rows[0][-2:] == ["Geteilte Beiträge", "Geschätzte Reichweite"]
    assert ["Vertrieb", 0, 0, 0, 5, 1500] in rows
