"""The reach report as PDF: the dashboard of the page (organization or campaign) for its period, with
the page's charts, every table and the hidden-group note; the page's access rules; a long one made by
the worker while the page waits."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from resonanz.content.actions.campaigns import create_campaign
from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.documents import jobs, rendering
from resonanz.documents.models import DocumentJob
from resonanz.documents.rendering import Document
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.reach import charts, dashboards, report
from resonanz.reach.periods import Period
from resonanz.reach.privacy import visibility_for
from resonanz.reach.tests.test_shares import shared  # noqa: F401  (a fixture)
from resonanz.reach.tests.world import ambassador, click, link_for

ClientFor = Callable[[Membership], Client]
TODAY = dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC)
MARCH = "from=2027-03-01&to=2027-03-31"
GERMAN = {"Accept-Language": "de"}
# The headings of the figures in the German report, clicks and shares.
HEADINGS = "Klicks Besucher Abrufe durch Bots und Vorschauen Geteilte Beiträge Geschätzte Reichweite"


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _overview(org: Organization, query: str = MARCH) -> str:
    return f"/o/{org.slug}/reach/overview/report.pdf" + (f"?{query}" if query else "")


def _campaign(org: Organization, campaign: Campaign, query: str = MARCH) -> str:
    return f"/o/{org.slug}/reach/campaigns/{campaign.pk}/report.pdf" + (f"?{query}" if query else "")


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    """The documents handed to the engine during the request (and still compiled by it)."""
    seen: list[Document] = []
    real = rendering.compile_pdf

    def compile_and_keep(document: Document) -> bytes:
        seen.append(document)
        return real(document)

    monkeypatch.setattr("resonanz.documents.deferred.compile_pdf", compile_and_keep)
    return seen


@pytest.fixture
def lonely(manager: Membership, redirector: Redirector, log_folder: Path) -> Membership:
    """One ambassador of "Einkauf" with three clicks on 11 March: a group below the minimum size."""
    person = ambassador(manager.organization, "Einkauf")
    with time_machine.travel(dt.datetime(2027, 3, 11, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, link_for(manager, person), times=3)
        ingest(log_folder, today=dt.date(2027, 3, 11))
    return person


@time_machine.travel(TODAY, tick=False)
def test_the_organization_s_report_holds_the_totals_the_chart_and_every_table_in_german(
    org: Organization,
    manager: Membership,
    campaign: Campaign,
    clicked: list[Membership],
    client_for: ClientFor,
    compiled: list[Document],
) -> None:
    response = client_for(manager).get(_overview(org), headers=GERMAN)

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="reichweitenbericht-2027-03-01-2027-03-31.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "Reichweitenbericht" in text and org.name in text
    assert "Zeitraum 01.03.2027 – 31.03.2027" in text
    assert f"{HEADINGS} 10 10 5 0 0" in text, "the totals"
    for heading in ("Klicks im Zeitverlauf", "Nach Kampagne", "Nach Thema", "Nach Netzwerk", "Nach Tag"):
        assert heading in text
    assert "Frühjahr 2027 10 10 5" in text and "Vertrieb 10 10 5" in text
    assert "10.03.2027 10 10 5" in text, "the figures per day"
    assert "Seite 1 von" in text
    # The page's chart over time, the very SVG that reach.charts draws, goes into the document.
    dashboard = dashboards.organization_dashboard(
        org.pk, Period(dt.date(2027, 3, 1), dt.date(2027, 3, 31)), visibility_for(manager)
    )
    page_charts = charts.dashboard_charts(dashboard)
    (document,) = compiled
    assert document.images["over_time"] == page_charts.over_time.svg
    assert document.images["bar:unit"] == page_charts.bars["unit"].svg
    first_page = PdfReader(io.BytesIO(response.content)).pages[0].get_contents()
    assert first_page is not None and b"0.050980393 0.43137255 0.99215686" in first_page.get_data(), (
        "the chart's blue"
    )


@time_machine.travel(TODAY, tick=False)
def test_a_campaign_s_report_prints_its_name_as_written(
    org: Organization,
    manager: Membership,
    clicked: list[Membership],
    redirector: Redirector,
    log_folder: Path,
    client_for: ClientFor,
) -> None:
    odd = create_campaign(manager, 'Aktion #1 *neu* $5 [x] <b> "Zitat" \\ #import "/etc/passwd"')
    people = [ambassador(org, "Technik") for _ in range(5)]
    with time_machine.travel(dt.datetime(2027, 3, 12, 9, tzinfo=dt.UTC), tick=True):
        for person in people:
            click(redirector, link_for(manager, person, campaign=odd), times=1)
        ingest(log_folder, today=dt.date(2027, 3, 12))

    response = client_for(manager).get(_campaign(org, odd), headers=GERMAN)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="reichweitenbericht-aktion-1-neu')
    text = pdf_text(response.content)
    assert 'Kampagne „Aktion #1 *neu* $5 [x] <b> "Zitat" \\ #import "/etc/passwd"“' in text
    assert f"{HEADINGS} 5 5 0 0 0" in text, "this campaign's clicks only"
    assert "Nach Beitrag" in text and "Technik 5 5 0" in text and "Vertrieb" not in text


@time_machine.travel(TODAY, tick=False)
def test_the_report_hides_groups_below_the_minimum_size_as_the_page_does(
    org: Organization,
    manager: Membership,
    clicked: list[Membership],
    lonely: Membership,
    client_for: ClientFor,
) -> None:
    text = pdf_text(client_for(manager).get(_overview(org), headers=GERMAN).content)

    note = "ausgeblendet (Mindestgruppengröße: 5 Personen)"
    assert f"{HEADINGS} 13 13 5 0 0" in text, "the total of both units is shown"
    # Einkauf's one person is hidden, and Vertrieb with it (else the total would give Einkauf away).
    assert f"Einkauf {note}" in text and f"Vertrieb {note}" in text
    assert f"11.03.2027 {note}" in text and f"10.03.2027 {note}" in text, "the days likewise"
    assert not re.search(r"(Einkauf|Vertrieb) \d", text), "no figure of a hidden group"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.usefixtures("shared")
def test_the_report_holds_shares_and_estimated_reach_hiding_small_groups_as_the_page_does(
    org: Organization, manager: Membership, client_for: ClientFor
) -> None:
    """Five people of Vertrieb shared to Mastodon (100 … 500 followers) on 10 March, one of Einkauf copied
    the post for LinkedIn on 11 March: six shares, five with a follower count, 1,500 estimated reach."""
    text = pdf_text(client_for(manager).get(_overview(org), headers=GERMAN).content)

    note = "ausgeblendet (Mindestgruppengröße: 5 Personen)"
    assert "Geteilte Beiträge Geschätzte Reichweite 0 0 0 6 1.500" in text, "the totals"
    assert "(geteilte Beiträge mit Followerzahl: 5 von 6)" in text, "the page's words on the estimate"
    assert "Frühjahr 2027 0 0 0 6 1.500" in text, "by campaign: six people shared"
    assert "Vertrieb 0 0 0 5 1.500" in text and f"Einkauf 0 0 0 {note}" in text
    assert "Mastodon 0 0 0 5 1.500" in text and f"LinkedIn 0 0 0 {note}" in text
    assert "10.03.2027 0 0 0 5 1.500" in text and f"11.03.2027 0 0 0 {note}" in text, "by day"


@time_machine.travel(TODAY, tick=False)
def test_the_report_is_in_english_for_an_english_reader(
    org: Organization, clicked: list[Membership], client_for: ClientFor
) -> None:
    reader = make_member(org, ["communications_manager"], full_name="Eve English", language="en")
    text = pdf_text(client_for(reader).get(_overview(org)).content)
    assert "Reach report" in text and "By unit" in text and "Page 1 of" in text
    assert "Clicks Visitors Bot and preview hits Shared posts Estimated reach 10 10 5 0 0" in text
    assert "Period 03/01/2027 – 03/31/2027" in text and "03/10/2027 10 10 5" in text


@time_machine.travel(TODAY, tick=False)
def test_the_pages_offer_the_report_of_the_period_shown(
    org: Organization, manager: Membership, campaign: Campaign, client_for: ClientFor
) -> None:
    client = client_for(manager)
    overview = client.get(f"/o/{org.slug}/reach/overview/?{MARCH}", headers=GERMAN).content.decode()
    assert f'href="{_overview(org, MARCH.replace("&", "&amp;"))}"' in overview
    assert "Reichweitenbericht (PDF)" in overview
    page = client.get(f"/o/{org.slug}/reach/campaigns/{campaign.pk}/?{MARCH}", headers=GERMAN)
    assert f'href="{_campaign(org, campaign, MARCH.replace("&", "&amp;"))}"' in page.content.decode()


def test_who_may_not_see_the_dashboard_gets_no_report(
    org: Organization, other_org: Organization, campaign: Campaign, client_for: ClientFor
) -> None:
    stranger = client_for(make_member(other_org, ["communications_manager"]))
    assert stranger.get(_overview(org)).status_code == 404
    assert stranger.get(_campaign(org, campaign)).status_code == 404
    assert stranger.get(f"/o/{other_org.slug}/reach/campaigns/{campaign.pk}/report.pdf").status_code == 404
    ambassador_client = client_for(make_member(org, ["ambassador"]))
    assert ambassador_client.get(_overview(org)).status_code == 403, "as the dashboard's page"
    assert ambassador_client.get(_campaign(org, campaign)).status_code == 403


def test_an_absurd_period_is_refused_in_german(
    org: Organization, manager: Membership, client_for: ClientFor
) -> None:
    response = client_for(manager).get(_overview(org, "from=2020-01-01&to=2027-01-01"), headers=GERMAN)
    assert response.status_code == 400
    assert "Wählen Sie einen Zeitraum von höchstens 366 Tagen." in response.content.decode()
    assert not DocumentJob.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_long_report_is_made_by_the_worker_while_the_page_waits(
    org: Organization,
    manager: Membership,
    campaign: Campaign,
    clicked: list[Membership],
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(report, "SYNC_LINES", 10)  # the 31 days of March are "long"
    queued: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)
    client = client_for(manager)
    url = _campaign(org, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url, headers=GERMAN)
        again = client.get(url, headers=GERMAN)

    assert waiting.status_code == again.status_code == 202
    assert "Der Reichweitenbericht für diesen langen Zeitraum wird erstellt." in waiting.content.decode()
    assert len(queued) == 1, "one job, however often it is asked for"
    token = waiting.context["token"]
    assert waiting.context["wait"].token_url == f"{url}&token={token}"
    assert jobs.run_job(queued[0])  # what the worker does
    ready = client.get(f"{url}&token={token}", headers={"HX-Request": "true", **GERMAN})
    assert "hx-trigger" not in ready.content.decode() and "PDF herunterladen" in ready.content.decode()
    download = client.get(f"{url}&token={token}", headers=GERMAN)
    assert download.status_code == 200 and "Frühjahr 2027" in pdf_text(download.content)
    assert client.get(f"{url}&token={'0' * 64}").context["state"] == "failed", "a token of no job"
