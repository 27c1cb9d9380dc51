"""From the share library to the reach figures, in a real browser and in German (issue 16).

An ambassador opens the share library, copies the LinkedIn text of a campaign post with her personal
tracked link, and the link is opened three times: by two people's browsers and by LinkedIn's link-preview
fetcher. After ingestion the two clicks (and not the preview) show in her own figures ("Meine
Reichweite") and in the campaign's dashboard, where the preview is counted apart as a bot hit.

The redirect answers on the live server exactly as in production (``links.hot.in_front_of``, which
``resonanz.wsgi`` uses), and ingestion is the real job. Five colleagues shared the same post the day
before through the actions and clicked through the same redirect, so the campaign is a group of at least
five people (the minimum group size) before the ambassador's clicks, and its figures are shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.test import override_settings

from resonanz.advocacy import actions as advocacy
from resonanz.advocacy.models import Share, ShareKind
from resonanz.content.actions.approval import approve_post
from resonanz.content.models import Campaign, PostNetwork, PostVariant
from resonanz.content.tests.factories import make_post
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.test_browser import (  # noqa: F401  (fixtures used by name)
    Watch,
    _chromium,
    _session_cookie,
    in_browser,
    in_language,
    live_db,
    screenshot,
)
from resonanz.links import hot
from resonanz.links.clicklog import ClickLog
from resonanz.links.ingest import ingest
from resonanz.links.models import Click
from resonanz.links.tests.clicking import BROWSER as FIREFOX
from resonanz.links.tests.clicking import PHONE, call

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINKEDIN_PREVIEW = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
LOADED_MACHINE_TIMEOUT_MS = 60_000
BROWSER = {"locale": "de-DE", "timezone_id": "Europe/Berlin", "viewport": {"width": 1366, "height": 900}}
COLLEAGUES = 5


def de(message: str, **params: object) -> str:
    return in_language("de", message, **params)


def _figure(page: Page, name: str) -> int:
    return int(re.sub(r"\D", "", page.locator(f"[data-figure={name}]").inner_text()))


def test_an_ambassador_shares_from_the_library_and_two_of_three_link_openings_count_as_clicks(
    live_server: Any,
    live_db: None,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The live server answers /r/ like production: the redirect in front of Django, here writing its
    # click log to a folder of this test's own (the process's log holds other tests' clicks).
    monkeypatch.setattr(hot, "_redirector", hot.Redirector(ClickLog(tmp_path)))
    httpd = live_server.thread.httpd
    httpd.set_app(hot.in_front_of(httpd.get_app()))

    target = f"{live_server.url}/sommerfest-2026/"  # the post's link: a page of the live server
    organization = make_organization("Nordlicht Kommunikation GmbH", time_zone="Europe/Berlin")
    manager = make_member(organization, ["communications_manager"], full_name="Mara Manager")
    approver = make_member(organization, ["quality_officer"], full_name="Quentin Qualität")
    anna = make_member(organization, ["ambassador"], full_name="Anna Botschafterin")
    campaign = Campaign.objects.create(organization=organization, name="Sommerfest 2026")
    text = f"Sommerfest am Freitag im Werk Nord! {target}"
    post = make_post(manager, title="Sommerfest 2026", text=text, link_url=target, campaign=campaign)
    PostVariant.objects.create(post=post, network=PostNetwork.LINKEDIN, text=text)
    approve_post(approver, post)
    item = advocacy.offer_for_sharing(manager, post, note="Gern auf LinkedIn teilen")

    # Five colleagues shared the same post on LinkedIn and each had one click through the redirect.
    for number in range(COLLEAGUES):
        colleague = make_member(organization, ["ambassador"], full_name=f"Kollegin {number + 1}")
        share = advocacy.copy_for_sharing(colleague, item, PostNetwork.LINKEDIN)
        assert share.link is not None
        answer = call(hot.redirector(), f"/r/{share.link.code}", address=f"198.51.100.{number + 1}")
        assert answer.status == 302
    assert ingest(tmp_path).stored == COLLEAGUES

    slug, base = organization.slug, live_server.url
    cookies = {
        "anna": _session_cookie(live_server, anna),
        "manager": _session_cookie(live_server, manager),
    }
    assert de("Copy text") != "Copy text", "no German: run `resonanz compiletranslations` first"
    watch = Watch()

    def as_member(context: BrowserContext, who: str) -> Page:
        context.set_default_timeout(LOADED_MACHINE_TIMEOUT_MS)
        context.clear_cookies()
        context.add_cookies([cookies[who]])
        return context.new_page()

    def campaign_figures(page: Page) -> dict[str, int]:
        page.goto(f"{base}/o/{slug}/reach/campaigns/{campaign.pk}/")
        return {name: _figure(page, name) for name in ("clicks", "visitors", "bot_hits")}

    def share_and_open(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        seen: dict[str, Any] = {}
        page = as_member(context, "manager")
        seen["campaign_before"] = campaign_figures(page)
        page.close()
        # Anna finds the post in the share library and copies the LinkedIn text with her own link.
        page = as_member(context, "anna")
        page.goto(f"{base}/o/{slug}/advocacy/")
        seen["lang"] = page.get_attribute("html", "lang")
        page.get_by_role("link", name=post.title).click()
        page.wait_for_url(f"{base}/o/{slug}/advocacy/items/{item.pk}/")
        linkedin = page.locator("section[aria-labelledby=h-linkedin]")
        linkedin.get_by_role("button", name=de("Copy text")).click()
        page.wait_for_url(f"{base}/o/{slug}/advocacy/shares/*/")
        seen["share_page"] = page.locator("main").inner_text()
        seen["short"] = page.locator("main code").inner_text()
        seen["text"] = page.locator("#share-text").input_value()
        screenshot(page, "reach-share-copied.png")
        page.close()
        # Two people open the link in their browsers, and LinkedIn's preview fetcher fetches it.
        arrived: list[str] = []
        browser = context.browser
        assert browser is not None
        for agent in (FIREFOX, PHONE, LINKEDIN_PREVIEW):
            visitor = browser.new_context(user_agent=agent, locale="de-DE")
            opened = visitor.new_page()
            opened.goto(seen["short"])
            arrived.append(opened.url)
            visitor.close()
        seen["arrived"] = arrived
        return seen

    with override_settings(SHORT_URL=base):
        seen = in_browser(share_and_open, **BROWSER)

    assert seen["lang"] == "de"
    assert (
        de("Copy the text and post it on the network yourself. Your personal link is in it.")
        in (seen["share_page"])
    )
    share = Share.objects.get(membership=anna)
    assert share.kind == ShareKind.COPIED and share.network == PostNetwork.LINKEDIN and share.link is not None
    assert seen["short"] == f"{base}/r/{share.link.code}"
    assert seen["short"] in seen["text"] and target not in seen["text"]
    # Every opening reached the target with the campaign's UTM parameters.
    assert len(seen["arrived"]) == 3
    assert all(url.startswith(target) and "utm_source=linkedin" in url for url in seen["arrived"])
    # Before Anna's clicks: the five colleagues' clicks, none from a bot.
    assert seen["campaign_before"] == {"clicks": COLLEAGUES, "visitors": COLLEAGUES, "bot_hits": 0}

    # The real ingestion job takes the three openings from the click log.
    assert ingest(tmp_path).stored == 3
    clicks = Click.objects.filter(link=share.link)
    assert sorted(clicks.values_list("is_bot", flat=True)) == [False, False, True]

    def read_the_figures(context: BrowserContext) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        page = as_member(context, "anna")
        page.goto(f"{base}/o/{slug}/reach/me/")
        seen["own_title"] = page.locator("h1").inner_text()
        seen["own"] = {name: _figure(page, name) for name in ("clicks", "visitors", "bot_hits")}
        seen["own_table"] = page.locator("[data-table=own_links]").inner_text()
        screenshot(page, "reach-own-figures.png")
        page.close()
        page = as_member(context, "manager")
        seen["campaign_after"] = campaign_figures(page)
        seen["campaign_title"] = page.locator("h1").inner_text()
        screenshot(page, "reach-campaign.png")
        page.close()
        return seen

    after = in_browser(read_the_figures, **BROWSER)

    assert after["own_title"] == de("My reach")
    assert after["own"] == {"clicks": 2, "visitors": 2, "bot_hits": 1}
    assert de("%(post)s on %(network)s", post=post.title, network="LinkedIn") in after["own_table"]
    assert after["campaign_title"] == de("Reach of “%(name)s”", name=campaign.name)
    assert after["campaign_after"] == {
        "clicks": COLLEAGUES + 2,
        "visitors": COLLEAGUES + 2,
        "bot_hits": 1,
    }
    assert not watch.page_errors and not watch.console_errors, (watch.page_errors, watch.console_errors)
