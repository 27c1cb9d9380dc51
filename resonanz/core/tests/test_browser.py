"""The product in a real browser: Debian's Chromium, driven by Playwright, against a live server.

Playwright's synchronous API runs an event loop in the thread that starts it, and Django refuses
database calls from a thread with a running loop. So the browser runs in a thread of its own and the
test thread keeps the database: data is made before the browser starts and checked after it closes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

from resonanz.core import actions
from resonanz.core.models import Membership, User
from resonanz.core.tests.factories import make_member, make_organization

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(os.environ.get("RESONANZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]
ARTIFACTS = Path(settings.PROJECT_ROOT) / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
BROWSER_TIMEOUT_SECONDS = 120
T = TypeVar("T")

# Reports every violation of the content security policy to the console, where the watch collects it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


@pytest.fixture(autouse=True)
def _chromium() -> None:
    """Skip without a browser, except under CI, where a missing browser is a failure."""
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the Python package playwright is not installed (pip install -r requirements-dev.lock)"
    if problem is None and not CHROMIUM.is_file():
        problem = (
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium, or set RESONANZ_CHROMIUM)"
        )
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run under CI, but {problem}")
        pytest.skip(problem)


@dataclass
class Watch:
    """What the pages did besides rendering: every request, console errors, uncaught errors, failures."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    documents_without_policy: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")
        if response.request.resource_type == "document":
            policy = response.headers.get("content-security-policy", "")
            if "script-src 'self'" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
                self.documents_without_policy.append(f"{response.url}: {policy!r}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.console_errors.append(f"{message.type}: {message.text}")

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                foreign.append(url)
        return foreign

    def assert_clean(self) -> None:
        assert self.requests, "the watch saw no requests at all"
        assert not self.foreign_requests(), f"requests left this machine: {self.foreign_requests()}"
        assert not self.console_errors, f"console errors (CSP violations included): {self.console_errors}"
        assert not self.page_errors, f"uncaught JavaScript errors: {self.page_errors}"
        assert not self.failed_responses, f"failed responses: {self.failed_responses}"
        assert not self.documents_without_policy, f"pages without strict CSP: {self.documents_without_policy}"


def in_browser(scenario: Callable[[BrowserContext], T], **context_options: Any) -> T:
    """Run ``scenario`` with a fresh browser context of headless Chromium, in a thread of its own."""

    def run() -> T:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(**context_options)
                context.set_default_timeout(15_000)
                return scenario(context)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        return pool.submit(run).result(timeout=BROWSER_TIMEOUT_SECONDS)


def in_language(language: str, message: str, **params: object) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def tab_to(page: Page, selector: str, limit: int = 30) -> int:
    """Press Tab until ``selector`` has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"{selector} cannot be reached with the Tab key within {limit} presses")


@pytest.fixture
def live_db(transactional_db: None) -> Iterator[None]:
    """Committed data the live server can see; emptied after the test.

    Django's flush empties SQLite tables with DELETE, which the guarding triggers refuse (the append-only
    audit trail, frozen plan versions). So on SQLite the tables are emptied here first, with every trigger
    set aside for that moment and put back unchanged. PostgreSQL flushes with TRUNCATE, which row
    triggers do not see.
    """
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


# -- the demo quality officer signs in, reads German, switches to English by keyboard -------------------


@pytest.fixture
def demo(live_db: None) -> Iterator[str]:
    from resonanz.core.demo import DEMO_LOGINS, load_demo

    load_demo(stdout=lambda line: None)
    yield DEMO_LOGINS[0].email


def test_the_quality_officer_signs_in_reads_german_and_switches_to_english(
    live_server: Any, demo: str
) -> None:
    from resonanz.core.demo import DEMO_PASSWORD

    officer = User.objects.get(email=demo)
    assert officer.language == "de"
    first_name = officer.get_short_name()
    organization = "Rheinblick Consulting GmbH"
    expected = {
        language: {
            "sign_in": in_language(language, "Sign in to resonanz"),
            "email": in_language(language, "E-mail address"),
            "password": in_language(language, "Password"),
            "welcome": in_language(language, "Welcome, %(name)s", name=first_name),
            "plan": in_language(language, "Communication plan"),
            "latest": in_language(language, "Latest changes"),
        }
        for language in ("de", "en")
    }
    untranslated = [key for key in expected["de"] if expected["de"][key] == expected["en"][key]]
    assert not untranslated, f"no German for {untranslated}: run `resonanz compiletranslations` first"
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        page = context.new_page()
        seen: dict[str, Any] = {}

        page.goto(f"{live_server.url}/accounts/login/")
        seen["login_lang"] = page.get_attribute("html", "lang")
        seen["login_heading"] = page.inner_text("h1")
        page.get_by_label(expected["de"]["email"]).fill(demo)
        page.get_by_label(expected["de"]["password"]).fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        # A consultant belongs to several organizations and chooses one after signing in.
        seen["chooser_url"] = page.url
        with page.expect_navigation():
            page.get_by_role("link", name=organization).click()

        seen["start_url"] = page.url
        seen["de_lang"] = page.get_attribute("html", "lang")
        seen["de_heading"] = page.inner_text("h1")
        seen["de_text"] = page.inner_text("main")
        seen["de_header"] = page.inner_text("header")
        seen["de_shot"] = screenshot(page, "start-page-de.png")

        # Keyboard only: Tab to the language select, choose English, Tab to its button, press Enter.
        seen["tabs"] = tab_to(page, "#language-select-nav")
        page.keyboard.press("ArrowDown")
        seen["chosen"] = page.eval_on_selector("#language-select-nav", "select => select.value")
        seen["still_de"] = page.get_attribute("html", "lang")  # choosing alone must not reload the page
        page.keyboard.press("Tab")
        seen["button_focused"] = page.evaluate(
            "document.activeElement.closest('form.language-form') !== null"
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")

        seen["en_url"] = page.url
        seen["en_lang"] = page.get_attribute("html", "lang")
        seen["en_heading"] = page.inner_text("h1")
        seen["en_text"] = page.inner_text("main")
        seen["en_shot"] = screenshot(page, "start-page-en.png")
        return seen

    seen = in_browser(
        scenario, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )

    assert seen["login_lang"] == "de"
    assert seen["login_heading"] == expected["de"]["sign_in"] == "Bei resonanz anmelden"
    assert urlsplit(seen["chooser_url"]).path == "/accounts/organizations/"
    assert urlsplit(seen["start_url"]).path == "/o/rheinblick/"

    assert seen["de_lang"] == "de"
    assert seen["de_heading"] == expected["de"]["welcome"] == f"Willkommen, {first_name}"
    assert expected["de"]["plan"] in seen["de_text"] and "Kommunikationsplan" in seen["de_text"]
    assert expected["de"]["latest"] in seen["de_text"]
    assert organization in seen["de_header"]

    assert seen["tabs"] <= 6, "the language switch should be among the first stops of the Tab key"
    assert seen["chosen"] == "en"
    assert seen["still_de"] == "de"
    assert seen["button_focused"]
    assert urlsplit(seen["en_url"]).path == "/o/rheinblick/"
    assert seen["en_lang"] == "en"
    assert seen["en_heading"] == expected["en"]["welcome"] == f"Welcome, {first_name}"
    assert expected["en"]["plan"] in seen["en_text"]
    for key in ("welcome", "plan", "latest"):
        assert expected["de"][key] not in seen["en_text"], f"German left on the English page: {key}"

    assert seen["de_shot"].stat().st_size > 10_000
    assert seen["en_shot"].stat().st_size > 10_000
    officer.refresh_from_db()
    assert officer.language == "en", "the choice is saved with the account"
    watch.assert_clean()


# -- the pages at phone and desktop width ------------------------------------------------------------


@dataclass
class Office:
    admin: Membership
    quality_officer: Membership


@pytest.fixture
def office(live_db: None) -> Office:
    organization = make_organization("Mustermann Kommunikation GmbH")
    admin = make_member(organization, ["admin"], full_name="Adelheid Administratorin-Langname")
    officer = make_member(organization, ["quality_officer"], full_name="Quentin Qualität")
    for number in range(1, 61):
        make_member(
            organization,
            ["ambassador"] if number % 7 else ["ambassador", "buddy"],
            full_name=f"Mitarbeiterin Nummer {number:02d}",
        )
    actions.update_organization(admin, time_zone="Europe/Berlin", name="Mustermann Kommunikation GmbH")
    actions.create_api_token(admin, name="Berichte für die Managementbewertung", scope="read")
    revoked, _plain = actions.create_api_token(admin, name="Alter Export", scope="write", expires_in_days=7)
    actions.revoke_api_token(admin, revoked)
    return Office(admin=admin, quality_officer=officer)


def _session_cookie(live_server: Any, member: Membership) -> Any:
    """The session cookie as playwright's add_cookies takes it (its SetCookieParam type is private)."""
    client = Client()
    client.force_login(member.user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


PAGES = [
    ("start", "/o/{slug}/"),
    ("members", "/o/{slug}/members/"),
    ("member", "/o/{slug}/members/{member_id}/"),
    ("audit", "/o/{slug}/audit/"),
    ("audit-record", "/o/{slug}/audit/{record_id}/"),
    ("tokens", "/o/{slug}/tokens/"),
    ("settings", "/o/{slug}/settings/"),
    ("security", "/accounts/security/"),
    ("profile", "/accounts/profile/"),
]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_page_fits_the_screen_without_sideways_scrolling(
    live_server: Any, office: Office, width: int, height: int
) -> None:
    organization = office.admin.organization
    record = organization.audit_records.order_by("-seq").first()
    assert record is not None
    values = {"slug": organization.slug, "member_id": office.quality_officer.pk, "record_id": record.pk}
    cookie = _session_cookie(live_server, office.admin)
    watch = Watch()

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
            screenshot(page, f"{'phone' if width < 600 else 'desktop'}-{name}.png")
        return measured

    measured = in_browser(scenario, locale="de-DE", viewport={"width": width, "height": height})

    for name, (status, scroll_width, inner_width) in measured.items():
        assert status == 200, f"{name}: HTTP {status}"
        assert scroll_width <= inner_width, f"{name}: {scroll_width}px wide on a {inner_width}px screen"
    watch.assert_clean()


def test_the_phone_menu_opens_by_keyboard_and_the_member_search_filters_in_place(
    live_server: Any, office: Office
) -> None:
    organization = office.admin.organization
    cookie = _session_cookie(live_server, office.quality_officer)
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        from playwright.sync_api import expect

        watch.attach(context)
        context.add_cookies([cookie])
        page = context.new_page()
        seen: dict[str, Any] = {}
        page.goto(f"{live_server.url}/o/{organization.slug}/members/")
        seen["menu_hidden_before"] = not page.is_visible("#user-menu")
        tab_to(page, ".navbar-toggler")
        page.keyboard.press("Enter")
        page.wait_for_selector("#user-menu", state="visible")
        seen["menu_expanded"] = page.get_attribute(".navbar-toggler", "aria-expanded")

        seen["rows_before"] = page.locator("#member-rows tr").count()
        page.evaluate("window.resonanzMarker = 'same page'")  # a full reload would drop it
        with page.expect_response(lambda response: _query(response.url).get("q") == ["Nummer 0"]):
            page.fill("#member-q", "Nummer 0")
        # A locator assertion polls from Playwright's own world; wait_for_function with a string
        # would need eval, which the page's content security policy rightly refuses.
        expect(page.locator("#member-rows tr")).to_have_count(9)
        seen["rows_after"] = page.locator("#member-rows tr").count()
        seen["names"] = page.locator("#member-rows tr td:first-child").all_inner_texts()
        seen["marker"] = page.evaluate("window.resonanzMarker")
        seen["url"] = page.url
        return seen

    seen = in_browser(scenario, locale="de-DE", viewport={"width": 390, "height": 844})

    assert seen["menu_hidden_before"]
    assert seen["menu_expanded"] == "true"
    assert seen["rows_before"] == 50, "the first page shows 50 of the 62 members"
    assert seen["rows_after"] == 9
    assert all(name.startswith("Mitarbeiterin Nummer 0") for name in seen["names"])
    assert seen["marker"] == "same page", "the search must update the table without reloading the page"
    assert _query(seen["url"]).get("q") == ["Nummer 0"], "the search stays in the address for the back button"
    watch.assert_clean()
