"""Planned vs. executed in a real browser at 1366 px, in German: the page fits without sideways
scrolling, and both exports (XLSX and PDF) are reached with the keyboard alone; Enter on the PDF
link downloads the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from resonanz.core.tests.factories import make_organization
from resonanz.core.tests.test_browser import (  # noqa: F401  (fixtures used by name)
    Watch,
    _chromium,
    _session_cookie,
    in_browser,
    in_language,
    live_db,
    screenshot,
)
from resonanz.plan.tests.page_helpers import make_office
from resonanz.plan.tests.test_browser_plan import plan_live_db  # noqa: F401  (fixture used by name)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_execution_page_fits_1366_px_and_its_exports_are_reached_by_keyboard(
    live_server: Any,
    plan_live_db: None,  # noqa: F811
) -> None:
    office = make_office(make_organization("Nordlicht Kommunikation GmbH"), rows=3)
    cookie = _session_cookie(live_server, office.officer)
    url = f"{live_server.url}{office.url(f'{office.plan.pk}/execution/')}"
    labels = {
        "xlsx": in_language("de", "Export this period (XLSX)"),
        "pdf": in_language("de", "Export this period (PDF)"),
    }
    assert labels["pdf"] != "Export this period (PDF)", "no German: run `resonanz compiletranslations` first"
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url)
        seen: dict[str, Any] = {
            "lang": page.get_attribute("html", "lang"),
            "scroll": page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"),
        }
        screenshot(page, "execution-desktop-1366.png")
        focused: list[str] = []
        for _ in range(200):  # Tab through the page until the PDF link has the focus
            page.keyboard.press("Tab")
            text = page.evaluate("document.activeElement ? document.activeElement.innerText.trim() : ''")
            focused.append(text)
            if text == labels["pdf"]:
                break
        seen["focused"] = focused
        if focused and focused[-1] == labels["pdf"]:
            with page.expect_download() as download:
                page.keyboard.press("Enter")
            seen["download"] = download.value.suggested_filename
        page.close()
        return seen

    seen = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1366, "height": 900}
    )

    assert seen["lang"] == "de"
    scroll_width, inner_width = seen["scroll"]
    assert scroll_width <= inner_width, "the execution page fits 1366 px without sideways scrolling"
    assert labels["xlsx"] in seen["focused"], "the XLSX export is reached with Tab"
    assert seen["focused"][-1] == labels["pdf"], "the PDF export is reached with Tab"
    assert seen.get("download", "").endswith(".pdf"), "Enter on the PDF link downloads the PDF"
    watch.assert_clean()
