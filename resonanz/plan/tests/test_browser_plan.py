"""The plan in a real browser: a draft row travels from the communications manager to every member.

A communications manager adds a row to the open draft (in place, without a page load) and submits the
draft; the quality officer approves and publishes it; an ambassador finds the new row in the published
matrix. Everything in German. Screenshots of the pages land in ``test-artifacts/`` (desktop and phone).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from resonanz.core.models import Membership
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
from resonanz.plan.models import (
    Audience,
    Channel,
    CommunicationPlan,
    PlanRow,
    PlanVersion,
    Topic,
    VersionStatus,
)
from resonanz.plan.tests.factories import complete_row_values, first

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_ROW = "Messebericht Hannover Messe mit Fotos vom Stand"


@pytest.fixture
def plan_live_db(request: pytest.FixtureRequest) -> Iterator[None]:
    """Like ``live_db``, and the plan's guards against changing frozen versions are set aside on SQLite
    while the tables are emptied after the test (Django's flush deletes row by row there)."""
    request.getfixturevalue("live_db")
    yield
    if connection.vendor != "sqlite":
        return
    guard = importlib.import_module("resonanz.plan.migrations.0002_frozen_versions")
    with connection.cursor() as cursor:
        for statement in guard._sqlite_reverse():
            cursor.execute(statement)
        for table in (
            "plan_planrow_audiences",
            "plan_planrow_channels",
            "plan_planrow_senders",
            "plan_evidence",
            "plan_versioncomment",
            "plan_planreview",  # a publication records a review, which names its version
            "plan_versionreview",
            "plan_planversion_contributors",
            "plan_planrow",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (fixed table names)
        cursor.execute("UPDATE plan_planversion SET based_on_id = NULL")
        cursor.execute("DELETE FROM plan_planversion")
        for statement in guard._sqlite():
            cursor.execute(statement)


@dataclass
class Team:
    manager: Membership
    officer: Membership
    ambassador: Membership
    plan: CommunicationPlan
    draft: PlanVersion


@pytest.fixture
def team(plan_live_db: None) -> Team:
    organization = make_organization("Nordlicht Kommunikation GmbH")
    make_member(organization, ["admin"], full_name="Adele Admin")
    manager = make_member(organization, ["communications_manager"], full_name="Konrad Kommunikation")
    officer = make_member(organization, ["quality_officer"], full_name="Quirin Qualität")
    ambassador = make_member(organization, ["ambassador"], full_name="Anna Botschafterin")
    plan = actions.create_plan(manager, identifier="KP-01", title="Kommunikationsplan Nordlicht")
    version = plan.versions.get()
    for description in ("Monatlicher Fachbeitrag", "Quartalsbericht an die Belegschaft"):
        actions.add_row(
            manager, version, **complete_row_values(organization, manager, description=description)
        )
    actions.submit_for_review(manager, version)
    actions.approve_version(officer, version)
    actions.publish_version(officer, version)
    draft = actions.start_new_draft(manager, plan, "Messen kommen dazu")
    return Team(manager, officer, ambassador, plan, draft)


def _texts(*messages: str) -> dict[str, str]:
    return {message: in_language("de", message) for message in messages}


def test_a_draft_row_reaches_the_published_matrix_in_german(live_server: Any, team: Team) -> None:
    organization = team.plan.organization
    base = f"{live_server.url}/o/{organization.slug}/plan"
    topic = first(Topic, organization)
    de = _texts(
        "Add a row",
        "Description",
        "Save row",
        "Submit for review",
        "Approve",
        "Publish",
        "on a fixed date",
        "Date or first date",
        "Responsible",
        "Approved by",
        "Topic",
    )
    cookies = {
        who: _session_cookie(live_server, member)
        for who, member in (
            ("manager", team.manager),
            ("officer", team.officer),
            ("ambassador", team.ambassador),
        )
    }
    audience = first(Audience, organization)
    channel = first(Channel, organization)
    fair_day = dt.date.today() + dt.timedelta(days=20)
    watch = Watch()

    def as_member(context: BrowserContext, who: str) -> Page:
        context.clear_cookies()
        context.add_cookies([cookies[who]])
        return context.new_page()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        seen: dict[str, Any] = {}

        # The communications manager adds a row in place and submits the draft.
        page = as_member(context, "manager")
        page.goto(f"{base}/versions/{team.draft.pk}/")
        seen["lang"] = page.get_attribute("html", "lang")
        page.evaluate("window.resonanzMarker = 'same page'")
        page.get_by_role("link", name=de["Add a row"]).click()
        form = page.locator("tr#row-new form")
        form.wait_for()
        seen["focused_in_form"] = focused(page, "tr#row-new select[name=topic]")
        form.get_by_label(de["Topic"]).select_option(str(topic.pk))
        form.get_by_label(de["Description"]).fill(NEW_ROW)
        form.get_by_label(de["on a fixed date"]).check()
        seen["preset_hidden"] = form.locator(".field-preset").is_hidden()
        form.get_by_label(de["Date or first date"]).fill(fair_day.isoformat())
        form.locator(f"input[name=audiences][value='{audience.pk}']").check()
        form.locator(f"input[name=channels][value='{channel.pk}']").check()
        form.locator("input[name=sender_roles][value='communications_manager']").check()
        form.get_by_label(de["Responsible"], exact=True).select_option(str(team.manager.pk))
        form.get_by_label(de["Approved by"], exact=True).select_option(str(team.officer.pk))
        screenshot(page, "plan-row-form-desktop.png")
        form.get_by_role("button", name=de["Save row"]).click()
        page.locator("#matrix-body tr", has_text=NEW_ROW).wait_for()
        seen["marker"] = page.evaluate("window.resonanzMarker")
        seen["draft_rows"] = page.locator("#matrix-body tr").count()
        screenshot(page, "plan-draft-desktop.png")
        with page.expect_navigation():
            page.get_by_role("button", name=de["Submit for review"]).click()
        seen["after_submit"] = page.inner_text("main")
        page.close()

        # The quality officer approves and publishes.
        page = as_member(context, "officer")
        page.goto(f"{base}/versions/{team.draft.pk}/")
        with page.expect_navigation():
            page.get_by_role("button", name=de["Approve"]).click()
        with page.expect_navigation():
            page.get_by_role("button", name=de["Publish"], exact=True).click()
        seen["published_url"] = page.url
        page.close()

        # An ambassador reads the published matrix, on a desktop and on a phone.
        page = as_member(context, "ambassador")
        page.goto(f"{base}/{team.plan.pk}/")
        seen["ambassador_lang"] = page.get_attribute("html", "lang")
        seen["ambassador_text"] = page.inner_text("#matrix-results")
        screenshot(page, "plan-matrix-desktop.png")
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        seen["phone_scroll"] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        screenshot(page, "plan-matrix-phone.png")
        page.close()
        return seen

    seen = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )

    assert seen["lang"] == "de" and seen["ambassador_lang"] == "de"
    assert seen["focused_in_form"], "the new row's form takes the focus"
    assert seen["preset_hidden"], "a fixed date hides the recurrence presets"
    assert seen["marker"] == "same page", "adding a row must not reload the page"
    assert seen["draft_rows"] == 3
    assert in_language("de", "The draft has been submitted for review.") in seen["after_submit"]
    assert seen["published_url"].endswith(f"/plan/{team.plan.pk}/")
    assert NEW_ROW in seen["ambassador_text"]
    scroll_width, inner_width = seen["phone_scroll"]
    assert scroll_width <= inner_width, "the matrix fits a phone without sideways scrolling"

    team.draft.refresh_from_db()
    assert team.draft.status == VersionStatus.PUBLISHED
    assert team.draft.author == team.manager and team.draft.approver == team.officer
    assert PlanRow.objects.filter(version=team.draft, description=NEW_ROW, when_kind="fixed").exists()
    watch.assert_clean()


PAGES = [
    ("start", "/o/{slug}/"),
    ("matrix", "/o/{slug}/plan/{plan}/"),
    ("draft", "/o/{slug}/plan/versions/{draft}/"),
    ("row-form", "/o/{slug}/plan/rows/{row}/edit/"),
    ("calendar", "/o/{slug}/plan/{plan}/calendar/"),
    ("people", "/o/{slug}/plan/{plan}/people/"),
    ("execution", "/o/{slug}/plan/{plan}/execution/"),
    ("mark-done", "/o/{slug}/plan/rows/{published_row}/done/"),
    ("versions", "/o/{slug}/plan/{plan}/versions/"),
    ("diff", "/o/{slug}/plan/{plan}/diff/"),
    ("settings", "/o/{slug}/plan/{plan}/settings/"),
    ("channels", "/o/{slug}/plan/channels/"),
    ("plans", "/o/{slug}/plan/?all=1"),
]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_plan_page_fits_the_screen(live_server: Any, team: Team, width: int, height: int) -> None:
    organization = team.plan.organization
    row = team.draft.rows.order_by("position").first()
    assert row is not None
    actions.update_row(team.manager, row, description="Monatlicher Fachbeitrag, jetzt mit Video")
    actions.add_row(
        team.manager,
        team.draft,
        **complete_row_values(
            organization,
            team.manager,
            description="Neu: Messebericht",
            when_kind="trigger",
            rrule="",
            start_date=None,
            trigger="Nach jeder Messe",
        ),
    )
    published_row = team.plan.versions.get(status=VersionStatus.PUBLISHED).rows.order_by("position").first()
    assert published_row is not None
    values = {
        "slug": organization.slug,
        "plan": team.plan.pk,
        "draft": team.draft.pk,
        "row": row.pk,
        "published_row": published_row.pk,
    }
    cookie = _session_cookie(live_server, team.manager)
    watch = Watch()
    device = "phone" if width < 600 else "desktop"

    def scenario(context: BrowserContext) -> dict[str, tuple[int, int, int]]:
        watch.attach(context)
        context.add_cookies([cookie])
        page = context.new_page()
        measured = {}
        for name, path in PAGES:
            response = page.goto(live_server.url + path.format(**values))
            assert response is not None
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            measured[name] = (response.status, scroll_width, page.evaluate("window.innerWidth"))
            screenshot(page, f"plan-{device}-{name}.png")
        return measured

    measured = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": width, "height": height}
    )

    for name, (status, scroll_width, inner_width) in measured.items():
        assert status == 200, f"{name}: HTTP {status}"
        assert scroll_width <= inner_width, f"{name}: {scroll_width}px wide on a {inner_width}px screen"
    watch.assert_clean()


def focused(page: Page, selector: str) -> bool:
    """Whether ``selector`` gets the focus soon: htmx moves it after settling, a moment after the swap."""
    try:
        page.wait_for_selector(f"{selector}:focus", timeout=3000)
    except Exception:
        return False
    return True


def test_a_row_is_edited_and_moved_by_keyboard_without_a_page_load(live_server: Any, team: Team) -> None:
    organization = team.plan.organization
    url = f"{live_server.url}/o/{organization.slug}/plan/versions/{team.draft.pk}/"
    first_row, second_row = team.draft.rows.order_by("position")
    de = _texts("Save row", "Description")
    cookie = _session_cookie(live_server, team.manager)
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        context.add_cookies([cookie])
        page = context.new_page()
        seen: dict[str, Any] = {}
        page.goto(url)
        page.evaluate("window.resonanzMarker = 'same page'")
        page.focus(f"#row-{first_row.pk} a[href$='/edit/']")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"tr#row-{first_row.pk}.row-editing")
        seen["focus_in_form"] = focused(page, f"#row-{first_row.pk} select[name=topic]")
        form = page.locator(f"tr#row-{first_row.pk} form")
        form.get_by_label(de["Description"]).fill("Fachbeitrag, neu formuliert")
        form.get_by_label(de["Description"]).press("Tab")
        form.get_by_role("button", name=de["Save row"]).focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(f"tr#row-{first_row.pk}:not(.row-editing)")
        seen["saved_text"] = page.inner_text(f"tr#row-{first_row.pk}")
        seen["focus_on_row"] = focused(page, f"#row-{first_row.pk}")

        page.focus(f"#row-{first_row.pk} button[value=down]")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#matrix-body tr:first-child#row-{second_row.pk}")
        seen["focus_after_move"] = focused(page, f"#row-{first_row.pk} button[value=down]")
        seen["marker"] = page.evaluate("window.resonanzMarker")
        return seen

    seen = in_browser(scenario, locale="de-DE", viewport={"width": 1280, "height": 900})

    assert seen["focus_in_form"], "the form takes the focus"
    assert "Fachbeitrag, neu formuliert" in seen["saved_text"]
    assert seen["focus_on_row"], "after saving, the focus returns to the row"
    assert seen["focus_after_move"], "after moving, the focus stays on the button that moved the row"
    assert seen["marker"] == "same page"
    assert [row.pk for row in team.draft.rows.order_by("position")] == [second_row.pk, first_row.pk]
    watch.assert_clean()


def test_senders_are_found_while_typing_and_ticked_by_keyboard_and_a_rule_is_typed_in_words(
    live_server: Any, team: Team
) -> None:
    organization = team.plan.organization
    row = team.draft.rows.order_by("position").first()
    assert row is not None
    url = f"{live_server.url}/o/{organization.slug}/plan/versions/{team.draft.pk}/"
    wanted = make_member(organization, ["ambassador"], full_name="Zeynep Zimmermann")
    de = _texts("Another rule, in my own words (below)")
    cookie = _session_cookie(live_server, team.manager)
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url)
        page.focus(f"#row-{row.pk} a[href$='/edit/']")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"tr#row-{row.pk}.row-editing")
        form = page.locator(f"tr#row-{row.pk} form")
        form.locator("input[name=when_kind][value=recurrence]").check()
        form.locator("select[name=preset]").select_option(label=de["Another rule, in my own words (below)"])
        form.locator("input[name=rule_words]").fill("am letzten Mittwoch im Monat")
        search = form.locator("input[name=sender_query]")
        search.focus()
        page.keyboard.type("zimmer", delay=30)
        page.keyboard.press("Enter")  # searches, does not save
        found = form.locator(f"input[name=senders][value='{wanted.pk}']")
        found.wait_for()
        still_editing = page.locator(f"tr#row-{row.pk}.row-editing").count() == 1
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # past the search button to the first person found
        page.keyboard.press("Space")
        ticked = found.is_checked()
        form.locator("input[name=rule_words]").focus()
        page.keyboard.press("Enter")  # saves the row
        page.wait_for_selector(f"tr#row-{row.pk}:not(.row-editing)")
        return {"still_editing": still_editing, "ticked": ticked, "text": page.inner_text(f"tr#row-{row.pk}")}

    seen = in_browser(scenario, locale="de-DE", viewport={"width": 1280, "height": 900})

    assert seen["still_editing"], "Enter in the search field searches instead of saving"
    assert seen["ticked"], "a person found is ticked by keyboard"
    row.refresh_from_db()
    assert row.rrule == "FREQ=MONTHLY;BYDAY=-1WE"
    assert wanted in row.senders.all()
    assert "am letzten Mittwoch des Monats" in seen["text"] and "Zeynep Zimmermann" in seen["text"]
    watch.assert_clean()
