"""Every role's next step, in a real browser and in German.

A communications manager submits a version and names the quality officer as its reviewer; the quality
officer's start page shows it waiting, one click opens its changes, and he records his review; then it
waits on the approver's start page, who approves and publishes it; the ambassador's start page on a
phone (390 px wide) lists her next communication. Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

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
from resonanz.plan import actions
from resonanz.plan.models import VersionStatus, WhenKind
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.test_browser_plan import plan_live_db  # noqa: F401  (fixture used by name)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_ROW = "Erfahrungsbericht aus dem Nachhaltigkeitsprojekt auf LinkedIn"


def _de(message: str, **params: object) -> str:
    return in_language("de", message, **params)


def test_each_role_finds_its_next_step_on_its_start_page(live_server: Any, plan_live_db: None) -> None:  # noqa: F811
    organization = make_organization("Nordlicht Kommunikation GmbH")
    make_member(organization, ["admin"], full_name="Adele Admin")
    manager = make_member(organization, ["communications_manager"], full_name="Konrad Kommunikation")
    officer = make_member(organization, ["quality_officer"], full_name="Quirin Qualität")
    approver = make_member(organization, ["quality_officer"], full_name="Frieda Freigabe")
    ambassador = make_member(organization, ["ambassador"], full_name="Anna Botschafterin")
    plan = actions.create_plan(manager, identifier="KP-01", title="Kommunikationsplan Nordlicht")
    first = plan.versions.get()
    actions.add_row(manager, first, **complete_row_values(organization, manager, description="Monatsbeitrag"))
    actions.submit_for_review(manager, first)
    actions.approve_version(officer, first)
    actions.publish_version(officer, first)
    draft = actions.start_new_draft(manager, plan, "Botschafterinnen berichten aus Projekten")
    in_three_days = timezone.localdate(timezone.now(), organization.zone) + dt.timedelta(days=3)
    actions.add_row(
        manager,
        draft,
        **complete_row_values(
            organization,
            manager,
            description=NEW_ROW,
            when_kind=WhenKind.FIXED,
            rrule="",
            start_date=in_three_days,
            start_time=dt.time(10, 30),
            senders=[ambassador],
        ),
    )
    cookies = {
        who: _session_cookie(live_server, member)
        for who, member in (
            ("manager", manager),
            ("officer", officer),
            ("approver", approver),
            ("ambassador", ambassador),
        )
    }
    base = f"{live_server.url}/o/{organization.slug}"
    words = {
        "submit": _de("Submit for review"),
        "waiting": _de("Waiting for you"),
        "changes": _de("Changes in version %(number)s", number=draft.number),
        "record": _de("Record your review"),
        "reviewed": _de("Reviewed"),
        "review": _de("Review and approve"),
        "approve": _de("Approve"),
        "publish": _de("Publish"),
        "next": _de("My next communications"),
    }
    assert words["waiting"] != "Waiting for you", "no German: run `resonanz compiletranslations` first"
    watch = Watch()

    def as_member(context: BrowserContext, who: str) -> Page:
        context.clear_cookies()
        context.add_cookies([cookies[who]])
        return context.new_page()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        seen: dict[str, Any] = {}

        # The communications manager submits the draft from her start page, naming the reviewer.
        page = as_member(context, "manager")
        page.goto(f"{base}/")
        seen["lang"] = page.get_attribute("html", "lang")
        drafts = page.locator("section", has=page.locator("#card-drafts"))
        drafts.get_by_role("link", name=f"KP-01 · Version {draft.number}").click()
        page.wait_for_url(f"**/plan/versions/{draft.pk}/")
        page.locator(f"input[name=reviewers][value='{officer.pk}']").check()
        with page.expect_navigation():
            page.get_by_role("button", name=words["submit"]).click()
        page.close()

        # The quality officer finds it waiting for his review and opens its changes with one click.
        page = as_member(context, "officer")
        page.goto(f"{base}/")
        card = page.locator("section", has=page.locator("#card-waiting"))
        seen["waiting"] = card.inner_text()
        screenshot(page, "start-officer-desktop.png")
        with page.expect_navigation():
            card.get_by_role("link", name=words["changes"]).click()
        seen["diff_url"] = page.url
        seen["diff"] = page.inner_text("main")
        screenshot(page, "start-officer-changes-desktop.png")

        # ... and records his review.
        page.goto(f"{base}/")
        with page.expect_navigation():
            page.locator("#card-waiting ~ ul").get_by_role("link", name=words["record"]).click()
        with page.expect_navigation():
            page.get_by_role("button", name=words["reviewed"], exact=True).click()
        page.close()

        # The approver finds it waiting for her approval, approves and publishes it.
        page = as_member(context, "approver")
        page.goto(f"{base}/")
        seen["approver_waiting"] = page.locator("section", has=page.locator("#card-waiting")).inner_text()
        with page.expect_navigation():
            page.locator("#card-waiting ~ ul").get_by_role("link", name=words["review"]).click()
        with page.expect_navigation():
            page.get_by_role("button", name=words["approve"]).click()
        with page.expect_navigation():
            page.get_by_role("button", name=words["publish"], exact=True).click()
        page.goto(f"{base}/")
        seen["waiting_after"] = page.locator("section", has=page.locator("#card-waiting")).inner_text()
        page.close()

        # The ambassador opens her start page on a phone.
        page = as_member(context, "ambassador")
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/")
        seen["ambassador_lang"] = page.get_attribute("html", "lang")
        next_card = page.locator("section", has=page.locator("#card-next"))
        seen["next"] = next_card.inner_text()
        seen["next_visible"] = next_card.is_visible()
        seen["phone_scroll"] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        screenshot(page, "start-ambassador-phone.png")
        with page.expect_navigation():
            next_card.get_by_role("link", name=NEW_ROW).click()
        seen["row_url"] = page.url
        page.close()
        return seen

    seen = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1366, "height": 900}
    )

    assert seen["lang"] == "de" and seen["ambassador_lang"] == "de"
    assert f"KP-01 · Version {draft.number}" in seen["waiting"]
    assert _de("Record your review") in seen["waiting"], "it waits for the named reviewer first"
    assert f"KP-01 · Version {draft.number}" in seen["approver_waiting"], "then for the approver"
    assert f"?new={draft.pk}" in seen["diff_url"], "one click from the start page to the version's changes"
    assert NEW_ROW in seen["diff"], "the changes show the new row"
    assert f"KP-01 · Version {draft.number}" not in seen["waiting_after"], (
        "nothing waits once it is published"
    )
    assert words["next"] in seen["next"] and seen["next_visible"]
    assert NEW_ROW in seen["next"]
    assert in_three_days.strftime("%d.%m.%Y") in seen["next"] and "10:30" in seen["next"]
    scroll_width, inner_width = seen["phone_scroll"]
    assert scroll_width <= inner_width, "the start page fits a phone without sideways scrolling"
    assert "#row-" in seen["row_url"] or "/plan/" in seen["row_url"]

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.author == manager and draft.approver == approver
    assert draft.reviews.get().reviewer == officer
    watch.assert_clean()
