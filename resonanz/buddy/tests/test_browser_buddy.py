"""The buddy programme in a real browser, in German.

A programme manager runs the matching and reads why each pair was made; the buddy opens the coaching
plan of the colleague and records a LinkedIn profile check; the colleague opens "Mein Coaching" on a
phone (390 px wide) and sees the score and the recommendations without sideways scrolling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from resonanz.buddy import actions
from resonanz.buddy.models import Pair, ProfileCheck
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

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVICE = "Überschrift auf Nachhaltigkeitsberichte zuspitzen"


def _de(message: str, **params: object) -> str:
    return in_language("de", message, **params)


def test_a_manager_matches_a_buddy_checks_a_profile_and_the_colleague_sees_the_score(
    live_server: Any,
    live_db: None,  # noqa: F811
) -> None:
    organization = make_organization("Rheinufer Beratung GmbH")
    make_member(organization, ["admin"], full_name="Adele Admin")
    manager = make_member(organization, ["communications_manager"], full_name="Konrad Kommunikation")
    buddy = make_member(organization, ["buddy"], full_name="Berta Buddy")
    colleague = make_member(organization, ["ambassador"], full_name="Anna Botschafterin")
    actions.save_buddy_profile(manager, buddy, capacity=3, languages=["de"])
    actions.opt_in(colleague, languages=["de"])
    cookies = {
        who: _session_cookie(live_server, member)
        for who, member in (("manager", manager), ("buddy", buddy), ("colleague", colleague))
    }
    base = f"{live_server.url}/o/{organization.slug}/buddy"
    words = {
        "run": _de("Run the matching"),
        "record": _de("Record the check"),
        "summary": _de("Record a %(network)s check", network="LinkedIn"),
        "coaching": _de("My coaching"),
    }
    assert words["run"] != "Run the matching", "no German: run `resonanz compiletranslations` first"
    watch = Watch()

    def as_member(context: BrowserContext, who: str) -> Page:
        context.clear_cookies()
        context.add_cookies([cookies[who]])
        return context.new_page()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        seen: dict[str, Any] = {}

        # The programme manager runs the matching and reads the result with its breakdown.
        page = as_member(context, "manager")
        page.goto(f"{base}/")
        seen["lang"] = page.get_attribute("html", "lang")
        with page.expect_navigation():
            page.get_by_role("button", name=words["run"]).click()
        seen["run"] = page.inner_text("main")
        screenshot(page, "buddy-run-desktop.png")
        page.close()

        # The buddy opens the colleague's coaching plan from "Meine Coachees" and records a check.
        page = as_member(context, "buddy")
        page.goto(f"{base}/coachees/")
        with page.expect_navigation():
            page.get_by_role("link", name="Anna Botschafterin").click()
        seen["plan"] = page.inner_text("main")
        page.get_by_text(words["summary"]).click()
        page.locator("#check-linkedin-photo").check()
        page.locator("#check-linkedin-headline").check()
        page.locator("#recommendations-linkedin").fill(ADVICE)
        with page.expect_navigation():
            page.get_by_role("button", name=words["record"]).click()
        seen["after_check"] = page.inner_text("main")
        page.close()

        # The colleague opens her coaching on a phone.
        page = as_member(context, "colleague")
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/coaching/")
        seen["colleague_lang"] = page.get_attribute("html", "lang")
        seen["score"] = page.locator("#latest-score").inner_text()
        seen["advice"] = page.locator("#recommendations").inner_text()
        seen["phone_scroll"] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        screenshot(page, "buddy-coaching-phone.png")
        page.close()
        return seen

    seen = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1366, "height": 900}
    )

    pair = Pair.objects.get(coachee=colleague, ended_at__isnull=True)
    assert pair.buddy_id == buddy.pk and pair.run is not None
    assert seen["lang"] == "de" and seen["colleague_lang"] == "de"
    assert _de("New pairs and why") in seen["run"] and "Anna Botschafterin" in seen["run"]
    assert _de("proven optimal") in seen["run"]
    assert _de("Coaching plan: %(name)s", name="Anna Botschafterin") in seen["plan"]
    check = ProfileCheck.objects.get(pair=pair)
    assert check.score == 35 and check.checked_by_id == buddy.pk  # photo 15 + headline 20 of 100
    assert seen["score"].startswith("35")
    assert ADVICE in seen["advice"]
    scroll_width, inner_width = seen["phone_scroll"]
    assert scroll_width <= inner_width, "My coaching fits a phone without sideways scrolling"
    watch.assert_clean()
