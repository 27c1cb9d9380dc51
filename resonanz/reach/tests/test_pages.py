"""The reach pages, the API and the exports: German first, bounded periods, the same figures."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.reach import charts
from resonanz.reach.tests.world import ambassador, click, link_for

ClientFor = Callable[[Membership], Client]
TODAY = dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC)


def _base(org: Organization) -> str:
    return f"/o/{org.slug}/reach/"


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_shows_clicks_by_campaign_and_unit_in_german_with_charts_and_tables(
    org: Organization,
    manager: Membership,
    campaign: Campaign,
    clicked: list[Membership],
    client_for: ClientFor,
) -> None:
    response = client_for(manager).get(_base(org) + "overview/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Klicks im Zeitverlauf" in page and "Nach Kampagne" in page and "Nach Abteilung" in page
    assert 'data-figure="clicks">10<' in page
    assert "Frühjahr 2027" in page and "Vertrieb" in page
    # The chart over time and a bar chart per table with visible rows, each with its table.
    assert page.count('src="data:image/svg+xml;base64,') >= 4
    assert 'data-table="unit"' in page and "Tabelle: Klicks pro Tag" in page
    assert f"/reach/campaigns/{campaign.pk}/" in page
    campaign_page = client_for(manager).get(
        f"{_base(org)}campaigns/{campaign.pk}/?from=2027-03-01&to=2027-03-31"
    )
    assert campaign_page.status_code == 200
    assert "Reichweite von „Frühjahr 2027“" in campaign_page.content.decode()
    assert 'data-figure="clicks">10<' in campaign_page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=9000-01-01&to=9000-01-02", "Wählen Sie Daten zwischen 2000 und 2100."),
        ("from=2027-03-10&to=2027-03-01", "Der Beginn des Zeitraums darf nicht nach seinem Ende liegen."),
        ("from=2020-01-01&to=2027-01-01", "Wählen Sie einen Zeitraum von höchstens 366 Tagen."),
        ("to=2027-02-30", "ist kein Datum"),
    ],
)
def test_absurd_periods_are_refused_with_a_german_400_on_pages_and_a_422_problem_in_the_api(
    org: Organization, manager: Membership, client_for: ClientFor, query: str, message: str
) -> None:
    for path in ("overview/", "me/", "leaderboard/", "overview/export.csv"):
        response = client_for(manager).get(f"{_base(org)}{path}?{query}")
        assert response.status_code == 400, path
        assert message in response.content.decode()
    api = ApiCaller(manager, "/api/v1/reach", scope="read")
    answer = api.get("/overview?" + query)
    assert answer.status_code == 422
    assert answer["Content-Type"].startswith("application/problem+json")
    assert message in answer.json()["detail"]


@time_machine.travel(TODAY, tick=False)
def test_an_ambassador_is_sent_to_their_own_figures_and_sees_only_them(
    org: Organization, clicked: list[Membership], client_for: ClientFor
) -> None:
    person = clicked[0]
    client = client_for(person)
    assert client.get(_base(org))["Location"] == f"{_base(org)}me/"
    assert client.get(_base(org) + "overview/").status_code == 403
    page = client.get(_base(org) + "me/").content.decode()
    assert "Meine Reichweite" in page and 'data-figure="clicks">2<' in page
    assert 'data-figure="bot_hits">1<' in page
    own = ApiCaller(person, "/api/v1/reach", scope="read").get("/me").json()
    assert own["total"]["clicks"] == 2


@time_machine.travel(TODAY, tick=False)
def test_the_api_gives_the_dashboard_s_figures_and_hides_small_groups(
    org: Organization,
    manager: Membership,
    campaign: Campaign,
    clicked: list[Membership],
    redirector: Redirector,
    log_folder: Path,
) -> None:
    lonely = ambassador(org, "Einkauf")
    with time_machine.travel(dt.datetime(2027, 3, 11, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, link_for(manager, lonely), times=3)
        ingest(log_folder, today=dt.date(2027, 3, 11))

    body = (
        ApiCaller(manager, "/api/v1/reach", scope="read")
        .get("/overview", **{"from": "2027-03-01", "to": "2027-03-31"})
        .json()
    )
    units = {row["key"]: row for table in body["tables"] if table["slug"] == "unit" for row in table["rows"]}
    assert body["total"]["clicks"] == 13 and not body["total"]["hidden"]
    assert units["Einkauf"]["hidden"] and units["Einkauf"]["clicks"] == 0
    # The total minus Vertrieb would be Einkauf's one person: Vertrieb is hidden as well.
    assert units["Vertrieb"]["hidden"] and units["Vertrieb"]["clicks"] == 0
    # The day with one person is hidden in the series too, and the other day for the same reason.
    days = {row["day"]: row for row in body["days"]}
    assert days["2027-03-11"]["hidden"] and days["2027-03-10"]["hidden"]
    assert sum(row["clicks"] for row in body["days"]) == 0
    assert (
        ApiCaller(manager, "/api/v1/reach", scope="read").get(f"/campaigns/{campaign.pk}").status_code == 200
    )


@time_machine.travel(TODAY, tick=False)
def test_the_exports_hold_the_dashboard_s_tables(
    org: Organization, manager: Membership, clicked: list[Membership], client_for: ClientFor
) -> None:
    client = client_for(manager)
    download = client.get(_base(org) + "overview/export.csv")
    csv_text = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Nach Abteilung;Vertrieb;10;10;5" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(_base(org) + "overview/export.xlsx").content))
    sheet = workbook["Nach Abteilung"]
    assert [cell.value for cell in sheet[2]] == ["Vertrieb", 10, 10, 5, 0, 0]  # no shares


def test_the_leaderboard_page_says_it_is_switched_off(
    org: Organization, clicked: list[Membership], client_for: ClientFor
) -> None:
    page = client_for(clicked[0]).get(_base(org) + "leaderboard/").content.decode()
    assert "Die Bestenliste ist in dieser Organisation ausgeschaltet" in page
    assert "list-group-numbered" not in page


def test_an_outsider_gets_404_for_another_organization_s_campaign(
    org: Organization, other_org: Organization, campaign: Campaign, client_for: ClientFor
) -> None:
    stranger = make_member(other_org, ["communications_manager"])
    assert client_for(stranger).get(f"/o/{other_org.slug}/reach/campaigns/{campaign.pk}/").status_code == 404
    assert client_for(stranger).get(f"{_base(org)}overview/").status_code == 404


def test_charts_are_svg_without_scripts_and_escape_their_labels(db: None) -> None:
    chart = charts.bar_chart(
        ['<script>alert("x")</script>', "Preis $5 & mehr", "a" * 100], [3, 2, 1], alt="Klicks", label="Klicks"
    )
    root = ElementTree.fromstring(chart.svg)  # noqa: S314  (well-formed XML; our own output)
    assert root.tag.endswith("svg")
    assert b"<script" not in chart.svg
    texts = "".join(root.itertext())
    assert '<script>alert("x")</script>' in texts  # shown as text, not markup
    assert "Preis $5 & mehr" in texts  # no mathematics made of the dollar signs
    assert "a" * 39 + "…" in texts and "a" * 41 not in texts
    line = charts.line_chart(
        [dt.date(2027, 3, day) for day in range(1, 8)], [1, 2, 3, 0, 0, 5, 8], alt="x", label="Klicks"
    )
    assert b"<script" not in line.svg and line.src.startswith("data:image/svg+xml;base64,")
