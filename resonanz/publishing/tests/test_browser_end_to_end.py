"""From a draft to the plan's record, in a real browser and in German (issue 15).

An author writes a Bluesky post for a plan row with a private e-mail address in it, runs the checks and
sees the personal-data finding, edits it away and submits the post; a second person approves it on the
approval page; the author schedules it for the organization's Bluesky account; the worker publishes it to
the local Bluesky server; and the plan's planned-vs-executed page shows the row's date as done.

Every step under test goes through the pages with clicks and the keyboard. What the steps need first
(the people, the published plan, the connected account) is made with the actions and factories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.utils import formats, timezone, translation

from resonanz.content.models import Post
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
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import WhenKind
from resonanz.plan.reviews import local_today
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.test_browser_plan import plan_live_db  # noqa: F401  (fixture used by name)
from resonanz.publishing import delivery as worker
from resonanz.publishing.models import Delivery, DeliveryStatus
from resonanz.publishing.tests.bluesky_pds import BlueskyPds
from resonanz.publishing.tests.factories import make_account

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POST = "app.bsky.feed.post"
WITH_PERSONAL_DATA = "Sommerfest am Freitag im Werk Nord! Fragen an karla.schmidt@gmail.com"
FIXED = "Sommerfest am Freitag im Werk Nord! Fragen an presse@nordlicht.example"
# A shared, busy machine answers a first page slowly (the live server warms up): wait longer than 15 s.
LOADED_MACHINE_TIMEOUT_MS = 60_000
BROWSER = {"locale": "de-DE", "timezone_id": "Europe/Berlin", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def posts_live_db(plan_live_db: None) -> Iterator[None]:  # noqa: F811
    """Like ``plan_live_db``; on SQLite the posts let go of their plan rows first, so that the plan's
    rows can be emptied after the test (a post protects its row)."""
    yield
    if connection.vendor == "sqlite":
        Post.objects.update(plan_row=None)


def de(message: str, **params: object) -> str:
    return in_language("de", message, **params)


def test_a_post_goes_from_the_editor_through_approval_to_bluesky_and_into_the_plans_record(
    live_server: Any,
    posts_live_db: None,
    bluesky_pds: BlueskyPds,
) -> None:
    organization = make_organization("Nordlicht Kommunikation GmbH", time_zone="Europe/Berlin")
    author = make_member(organization, ["communications_manager"], full_name="Karla Kommunikation")
    approver = make_member(organization, ["quality_officer"], full_name="Quentin Qualität")
    today = local_today(organization)
    plan = plan_actions.create_plan(author, identifier="KP-01", title="Kommunikationsplan")
    draft = plan.versions.get()
    plan_actions.add_row(
        author,
        draft,
        **complete_row_values(
            organization,
            author,
            description="Sommerfest ankündigen",
            when_kind=WhenKind.FIXED,
            rrule="",
            start_date=today,
            start_time=None,
        ),
    )
    plan_actions.submit_for_review(author, draft)
    plan_actions.approve_version(approver, draft)
    published = plan_actions.publish_version(approver, draft)
    row = published.rows.get()
    handle, app_password = bluesky_pds.create_account()
    account = make_account(author, identifier=handle, secret=app_password, base_url=bluesky_pds.url)
    slug = organization.slug
    base = live_server.url
    cookies = {
        "author": _session_cookie(live_server, author),
        "approver": _session_cookie(live_server, approver),
    }
    due = timezone.localtime(timezone.now(), organization.zone) - dt.timedelta(minutes=1)
    assert de("Run the checks") != "Run the checks", "no German: run `resonanz compiletranslations` first"
    watch = Watch()

    def as_member(context: BrowserContext, who: str) -> Page:
        context.set_default_timeout(LOADED_MACHINE_TIMEOUT_MS)
        context.clear_cookies()
        context.add_cookies([cookies[who]])
        return context.new_page()

    def write_approve_schedule(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        seen: dict[str, Any] = {}
        # The author writes the post for the plan row, with a private e-mail address in it.
        page = as_member(context, "author")
        page.goto(f"{base}/o/{slug}/content/posts/new/")
        seen["lang"] = page.get_attribute("html", "lang")
        page.get_by_label(de("Working title")).fill("Sommerfest 2026")
        page.get_by_label(de("Plan row")).select_option(str(row.pk))
        page.get_by_label("Bluesky", exact=True).fill(WITH_PERSONAL_DATA)
        page.get_by_role("button", name=de("Save")).click()
        page.wait_for_url(f"{base}/o/{slug}/content/posts/*/")
        seen["post_url"] = page.url
        # The checks find the address.
        page.get_by_role("button", name=de("Run the checks")).click()
        page.wait_for_selector("#h-checks")
        seen["findings_before"] = page.locator("section[aria-labelledby=h-checks]").inner_text()
        # The author edits it away, checks again and submits.
        page.get_by_role("link", name=de("Edit"), exact=True).click()
        text = page.get_by_label("Bluesky", exact=True)
        text.press("Control+a")
        text.press_sequentially(FIXED)
        page.get_by_role("button", name=de("Save")).click()
        page.wait_for_url(seen["post_url"])
        page.get_by_role("button", name=de("Run the checks")).click()
        page.wait_for_selector("#h-checks")
        seen["findings_after"] = page.locator("section[aria-labelledby=h-checks]").inner_text()
        page.get_by_role("button", name=de("Submit for approval")).click()
        page.wait_for_url(seen["post_url"])
        seen["submitted"] = page.locator("main").inner_text()
        page.close()
        # A second person approves on the approval page.
        post_id = seen["post_url"].rstrip("/").rsplit("/", 1)[-1]
        page = as_member(context, "approver")
        page.goto(f"{base}/o/{slug}/content/approval/posts/{post_id}/")
        page.get_by_label(de("Approve"), exact=True).check()
        page.get_by_role("button", name=de("Record decision")).click()
        page.wait_for_selector("#approval-panel form[action$='/decide/']", state="detached")
        seen["approved"] = page.locator("#approval-panel").inner_text()
        page.close()
        # The author schedules it for the organization's Bluesky account, from the post's page.
        page = as_member(context, "author")
        page.goto(seen["post_url"])
        page.get_by_role("link", name=de("Schedule"), exact=True).click()
        page.get_by_label(str(account)).check()
        page.get_by_label(de("Publish at")).fill(due.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_role("button", name=de("Schedule"), exact=True).click()
        page.wait_for_load_state()
        seen["scheduled"] = page.locator("main").inner_text()
        screenshot(page, "end-to-end-scheduled.png")
        page.close()
        return seen

    seen = in_browser(write_approve_schedule, **BROWSER)

    finding = de(
        "Possibly personal data: %(category)s. Is it needed and allowed?", category=de("e-mail address")
    )
    assert seen["lang"] == "de"
    assert finding in seen["findings_before"], seen["findings_before"]
    assert finding not in seen["findings_after"] and de("No findings.") in seen["findings_after"]
    assert de("The post is submitted for approval.") in seen["submitted"]
    post = Post.objects.get(pk=int(seen["post_url"].rstrip("/").rsplit("/", 1)[-1]))
    assert post.is_approved and post.plan_row_id == row.pk
    (delivery,) = Delivery.objects.filter(post=post)
    assert delivery.status == DeliveryStatus.SCHEDULED and delivery.account_id == account.pk

    # The worker runs once and the post is on the Bluesky server.
    assert worker.send_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    records = bluesky_pds.records(handle, POST)
    assert [record["value"]["text"] for record in records] == [FIXED]
    assert [record["uri"] for record in records] == [delivery.remote_id]

    def read_the_record(context: BrowserContext) -> dict[str, Any]:
        page = as_member(context, "author")
        page.goto(f"{base}/o/{slug}/plan/{plan.pk}/execution/")
        line = page.locator(f"#execution-{row.pk}")
        seen = {
            "line": line.inner_text(),
            "done": line.locator(".occurrence-done").all_inner_texts(),
            "missed": line.locator(".occurrence-missed").count(),
            "summary": page.locator(".execution-summary").inner_text(),
            "unplanned": page.locator(".execution-unplanned").inner_text(),
        }
        screenshot(page, "end-to-end-executed.png")
        page.close()
        return seen

    record = in_browser(read_the_record, **BROWSER)

    with translation.override("de"):
        day = str(formats.date_format(today, "SHORT_DATE_FORMAT"))
    assert len(record["done"]) == 1 and day in record["done"][0], record["line"]
    assert de("done:") in record["done"][0]
    assert record["missed"] == 0
    assert de("Executed") in record["summary"]
    assert de("No post was published in this period without a plan row.") in record["unplanned"]
    watch.assert_clean()
