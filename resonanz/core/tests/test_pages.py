"""The pages of the core app: who sees what, in German and English, usable by keyboard, fast with many rows.

Pages are parsed as HTML (tinyhtml5, an HTML5 parser) and inspected with CSS selectors.
"""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cssselect2
import pytest
import tinyhtml5
from django.db import connection
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from resonanz.core import actions
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import CAPABILITIES, Capability, Role
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.views.audit import EXPORT_COLUMNS, csv_header

LANGUAGES = ("de", "en")


# ------------------------------------------------------------------------------------------ helpers


class Html:
    """A parsed page with CSS selectors."""

    def __init__(self, response: HttpResponseBase) -> None:
        self.text = body(response)
        self.root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(self.text))

    def all(self, selector: str) -> list[cssselect2.ElementWrapper]:
        return list(self.root.query_all(selector))

    def one(self, selector: str) -> cssselect2.ElementWrapper:
        found = self.all(selector)
        assert len(found) == 1, f"{selector}: expected one element, found {len(found)}"
        return found[0]

    def text_of(self, selector: str) -> str:
        return " ".join("".join(self.one(selector).etree_element.itertext()).split())

    def texts(self, selector: str) -> list[str]:
        return [" ".join("".join(e.etree_element.itertext()).split()) for e in self.all(selector)]

    @property
    def lang(self) -> str | None:
        lang: str | None = self.root.etree_element.get("lang")
        return lang


def attr(element: cssselect2.ElementWrapper, name: str) -> str:
    return element.etree_element.get(name) or ""


def body(response: HttpResponseBase) -> str:
    content: bytes = response.getvalue()
    return content.decode("utf-8")


def in_language(language: str, message: str, **params: object) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


@dataclass
class Team:
    organization: Organization
    members: dict[Role, Membership]

    def url(self, name: str, *args: object) -> str:
        return reverse(name, args=[self.organization.slug, *args])


@pytest.fixture
def team(db: None) -> Team:
    organization = make_organization("Rheinufer Kommunikation GmbH")
    members: dict[Role, Membership] = {
        Role.ADMIN: make_member(organization, [Role.ADMIN], full_name="Ada Admin")
    }
    for role in Role:
        if role != Role.ADMIN:
            members[role] = make_member(organization, [role], full_name=f"{role.label} Person")
    return Team(organization, members)


@pytest.fixture
def browse(team: Team) -> Callable[[Role, str], Client]:
    """A signed-in client for the team member with ``role``, speaking ``language``."""

    def make(role: Role, language: str = "de") -> Client:
        member = team.members[role]
        if member.user.language != language:
            actions.set_language(member.user, language)
        client = Client()
        client.force_login(member.user)
        return client

    return make


# ----------------------------------------------------------------------- every page, every role


# name, URL arguments, capability that opens it, a heading it shows (msgid; None: the member's name)
PAGES: list[tuple[str, str, Capability, str | None]] = [
    ("org-home", "", Capability.VIEW_HOME, "Communication plan"),
    ("member-list", "", Capability.VIEW_MEMBERS, "Members"),
    ("member-detail", "member", Capability.VIEW_MEMBERS, None),
    ("organization-settings", "", Capability.MANAGE_ORGANIZATION, "Organization settings"),
    ("api-tokens", "", Capability.USE_API, "Personal API tokens"),
    ("audit-list", "", Capability.VIEW_AUDIT, "Audit trail"),
    ("audit-detail", "record", Capability.VIEW_AUDIT, "Audit record"),
    ("audit-export-csv", "", Capability.EXPORT_AUDIT, None),
    ("audit-export-json", "", Capability.EXPORT_AUDIT, None),
]


def _page_url(team: Team, name: str, argument: str) -> str:
    if argument == "member":
        return team.url(name, team.members[Role.AMBASSADOR].pk)
    if argument == "record":
        record = AuditRecord.objects.filter(organization=team.organization).order_by("seq").first()
        assert record is not None
        return team.url(name, record.pk)
    return team.url(name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_page_opens_for_the_roles_that_may_see_it_in_their_language(
    team: Team, browse: Callable[..., Client], role: Role, language: str
) -> None:
    client = browse(role, language)
    for name, argument, capability, heading in PAGES:
        response = client.get(_page_url(team, name, argument))
        allowed = capability in CAPABILITIES[role]

        assert response.status_code == (200 if allowed else 403), f"{role} on {name}"
        assert response["Content-Language"] == language, name
        if response.streaming:
            continue
        page = Html(response)
        assert page.lang == language, name
        if allowed and heading is not None:
            assert in_language(language, heading) in page.text, f"{name} in {language}"
        if not allowed:
            assert page.all("h1"), f"the refusal of {name} explains itself"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_account_pages_open_in_the_members_language(browse: Callable[..., Client], language: str) -> None:
    client = browse(Role.AMBASSADOR, language)
    for name, heading in [
        ("profile", "Your profile"),
        ("security", "Two-factor authentication"),
        ("organizations", "Your organizations"),
    ]:
        response = client.get(reverse(name))

        assert response.status_code == 200, name
        page = Html(response)
        assert page.lang == language
        assert in_language(language, heading) in page.text_of("h1"), name


def test_the_member_detail_of_a_stranger_is_not_found(team: Team, browse: Callable[..., Client]) -> None:
    stranger = make_member(make_organization("Fremdfirma AG"), [Role.AMBASSADOR])

    response = browse(Role.ADMIN).get(team.url("member-detail", stranger.pk))

    assert response.status_code == 404


# ------------------------------------------------------------------------------ the start page


def _start_page(team: Team, browse: Callable[..., Client], role: Role) -> Html:
    response = browse(role).get(team.url("org-home"))
    assert response.status_code == 200
    return Html(response)


def test_the_works_council_sees_no_member_list(team: Team, browse: Callable[..., Client]) -> None:
    # Its figures are those of the published plan (plan/tests/test_pages_home.py); without one there
    # is no card that promises figures and shows none.
    page = _start_page(team, browse, Role.WORKS_COUNCIL)

    assert not page.all("#card-aggregates")
    assert not page.all("#card-members")
    assert not page.all("#card-audit")
    assert not page.all(f'a[href="{team.url("member-list")}"]'), "no link to single persons"
    assert not page.all(f'a[href="{team.url("audit-list")}"]')


def test_the_quality_officer_sees_members_and_the_latest_changes(
    team: Team, browse: Callable[..., Client]
) -> None:
    page = _start_page(team, browse, Role.QUALITY_OFFICER)

    assert page.text_of("#card-members ~ .stat-figure") == str(len(team.members))
    assert len(page.all("#card-audit ~ ul li")) == 5
    assert page.all(f'a[href="{team.url("member-list")}"]')
    assert page.all(f'a[href="{team.url("audit-list")}"]')
    assert not page.all("#card-aggregates"), "the aggregates card is the works council's view"


def test_an_ambassador_sees_the_plan_and_nothing_about_others(
    team: Team, browse: Callable[..., Client]
) -> None:
    page = _start_page(team, browse, Role.AMBASSADOR)

    assert page.all("#card-plan")
    assert not page.all("#card-members, #card-audit, #card-aggregates")
    assert not page.all(f'a[href="{team.url("member-list")}"], a[href="{team.url("audit-list")}"]')


def test_only_the_admin_finds_the_organization_settings(team: Team, browse: Callable[..., Client]) -> None:
    settings_link = f'a[href="{team.url("organization-settings")}"]'

    assert _start_page(team, browse, Role.ADMIN).all(settings_link)
    assert not _start_page(team, browse, Role.QUALITY_OFFICER).all(settings_link)


def test_the_navigation_marks_the_current_section(team: Team, browse: Callable[..., Client]) -> None:
    page = Html(browse(Role.ADMIN).get(team.url("audit-list")))

    current = page.one('nav .section-nav a[aria-current="page"]')
    assert attr(current, "href") == team.url("audit-list")


# ------------------------------------------------------------------------- forms with bad input


def assert_error_is_announced(page: Html, field_selector: str, message: str) -> None:
    """The field says it is invalid and points at an element that carries the translated message."""
    field = page.one(field_selector)
    assert attr(field, "aria-invalid") == "true", field_selector
    described_by = attr(field, "aria-describedby").split()
    assert described_by, f"{field_selector} points at no description"
    descriptions = " ".join(page.text_of(f"#{identifier}") for identifier in described_by)
    assert message in descriptions, f"{message!r} not in {descriptions!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_token_form_with_bad_input_explains_each_error_in_the_members_language(
    team: Team, browse: Callable[..., Client], language: str
) -> None:
    response = browse(Role.AMBASSADOR, language).post(
        team.url("api-tokens"), {"name": "", "scope": "read", "expires_in_days": "999"}
    )

    assert response.status_code == 400
    page = Html(response)
    assert_error_is_announced(page, "#id_name", in_language(language, "This field is required."))
    assert_error_is_announced(
        page,
        "#id_expires_in_days",
        in_language(language, "Ensure this value is less than or equal to %(limit_value)s.", limit_value=366),
    )
    if language == "de":  # Django ships German for its own messages, so this holds before ours exist
        assert "This field is required." not in page.text
    assert not team.members[Role.AMBASSADOR].user.api_tokens.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_settings_form_explains_a_time_zone_the_action_refuses(
    team: Team, browse: Callable[..., Client], language: str
) -> None:
    response = browse(Role.ADMIN, language).post(
        team.url("organization-settings"),
        {"name": "Rheinufer", "time_zone": "Mars/Olympus_Mons", "default_language": "de"},
    )

    assert response.status_code == 400
    page = Html(response)
    assert_error_is_announced(
        page,
        "#id_time_zone",
        in_language(language, "Unknown time zone “%(zone)s”.", zone="Mars/Olympus_Mons"),
    )
    team.organization.refresh_from_db()
    assert team.organization.time_zone == "Europe/Berlin"
    assert team.organization.name == "Rheinufer Kommunikation GmbH", "nothing half-written"


def test_adding_a_member_with_a_bad_address_explains_it(team: Team, browse: Callable[..., Client]) -> None:
    before = Membership.objects.count()

    response = browse(Role.ADMIN).post(
        team.url("member-list"), {"email": "keine-adresse", "full_name": "Nora Neu", "roles": ["ambassador"]}
    )

    assert response.status_code == 400
    assert_error_is_announced(Html(response), "#id_email", in_language("de", "Enter a valid email address."))
    assert Membership.objects.count() == before


@pytest.mark.parametrize(
    ("intent", "message"),
    [
        ("explode", "This change is not known. Reload the page and try again."),
        ("deactivate", "You cannot deactivate your own membership."),
    ],
)
def test_a_refused_change_of_a_member_says_only_why(
    team: Team, browse: Callable[..., Client], intent: str, message: str
) -> None:
    admin = team.members[Role.ADMIN]

    response = browse(Role.ADMIN).post(team.url("member-detail", admin.pk), {"intent": intent})

    assert response.status_code == 400
    page = response.content.decode()
    assert in_language("de", message) in page
    assert in_language("de", "This field is required.") not in page
    assert Membership.objects.get(pk=admin.pk).is_active


def test_removing_the_last_admin_role_is_explained_at_the_roles(
    team: Team, browse: Callable[..., Client]
) -> None:
    admin = team.members[Role.ADMIN]

    response = browse(Role.ADMIN).post(
        team.url("member-detail", admin.pk), {"intent": "roles", "roles": ["auditor"]}
    )

    assert response.status_code == 400
    assert_error_is_announced(
        Html(response),
        "fieldset",
        in_language("de", "The organization needs at least one active administrator."),
    )
    assert Membership.objects.get(pk=admin.pk).roles == {"admin"}


def test_an_audit_filter_with_a_bad_date_explains_it_and_lists_nothing(
    team: Team, browse: Callable[..., Client]
) -> None:
    response = browse(Role.AUDITOR).get(team.url("audit-list"), {"date_from": "gestern"})

    assert response.status_code == 400
    page = Html(response)
    assert_error_is_announced(page, "#id_date_from", in_language("de", "Enter a valid date."))
    assert not page.all("table.table-audit tbody a")


def test_an_audit_filter_ending_before_it_starts_says_so(team: Team, browse: Callable[..., Client]) -> None:
    response = browse(Role.AUDITOR).get(
        team.url("audit-list"), {"date_from": "2027-01-01", "date_to": "2026-01-01"}
    )

    assert response.status_code == 400
    page = Html(response)
    assert_error_is_announced(page, "#id_date_to", "Das Ende des Zeitraums liegt vor seinem Beginn.")
    assert not page.all("table.table-audit tbody a")


# ------------------------------------------------------------------------------ keyboard use


def _pages_for_keyboard_check(team: Team) -> list[str]:
    return [
        *(
            _page_url(team, name, argument)
            for name, argument, _, _ in PAGES
            if not name.startswith("audit-export")
        ),
        reverse("profile"),
        reverse("security"),
        reverse("organizations"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_can_be_used_by_keyboard_and_screen_reader(
    team: Team, browse: Callable[..., Client], language: str
) -> None:
    client = browse(Role.ADMIN, language)
    for url in [*_pages_for_keyboard_check(team), reverse("login")]:
        if url == reverse("login"):
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
        response = client.get(url)
        assert response.status_code == 200, url
        page = Html(response)

        # The first thing the Tab key reaches is the skip link, and its target exists and takes focus.
        first_focusable = page.all("body a[href], body button, body input:not([type=hidden]), body select")[0]
        assert "skip-link" in attr(first_focusable, "class"), url
        target = page.one(attr(first_focusable, "href"))
        assert target.etree_element.tag.endswith("main") and attr(target, "tabindex") == "-1", url

        # Every field has a name a screen reader can read out.
        labelled = {attr(label, "for") for label in page.all("label[for]")}
        for field in page.all("input:not([type=hidden]), select, textarea"):
            named = (
                attr(field, "id") in labelled or attr(field, "aria-label") or attr(field, "aria-labelledby")
            )
            assert named, f"{url}: a field without a label: {field.etree_element.attrib}"

        # Ids are unique, or labels and descriptions point at the wrong element.
        ids = [attr(element, "id") for element in page.all("[id]")]
        assert len(ids) == len(set(ids)), f"{url}: duplicate ids"

        # Buttons say what they do; the navigation consists of real links; icons stay silent.
        for button in page.all("button"):
            text = "".join(button.etree_element.itertext()).strip() or attr(button, "aria-label")
            assert text, f"{url}: a button without a name"
        for link in page.all("nav a"):
            assert attr(link, "href"), f"{url}: a navigation link without a target"
        for icon in page.all("i.fa-solid"):
            assert attr(icon, "aria-hidden") == "true", url
        assert page.all("nav[aria-label]"), url


def test_unbuilt_sections_are_not_shown_and_every_shown_one_is_a_link(
    team: Team, browse: Callable[..., Client]
) -> None:
    response = browse(Role.ADMIN).get(team.url("org-home"))
    page = Html(response)

    sections = page.all(".section-nav .nav-link")
    assert sections, "the built sections are there"
    tags = {section.etree_element.tag.rsplit("}", 1)[-1] for section in sections}
    assert tags == {"a"} and all(attr(section, "href") for section in sections)
    assert not page.all(".section-nav .disabled, .section-nav [aria-disabled]")
    assert "Coming in a later release" not in response.content.decode()
    with translation.override("de"):
        privacy = translation.gettext("Privacy")
    assert privacy not in "".join("".join(s.etree_element.itertext()) for s in sections)


# ------------------------------------------------------------------------- lists stay fast


def _add_people(team: Team, count: int) -> None:
    for _ in range(count):
        make_member(team.organization, [Role.AMBASSADOR])


def _queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_member_list_needs_the_same_queries_for_few_and_many_members(
    team: Team, browse: Callable[..., Client], django_assert_max_num_queries: Any, htmx: bool
) -> None:
    client = browse(Role.QUALITY_OFFICER)
    headers = {"HX-Request": "true"} if htmx else {}
    url = team.url("member-list")
    client.get(url)  # the first visit remembers the organization; that write is not part of the list

    few = _queries(client, url, **headers)
    _add_people(team, 70)
    with django_assert_max_num_queries(12):
        response = client.get(url, headers=headers)
    many = _queries(client, url, **headers)

    assert few == many
    assert len(Html(response).all("#member-rows tr")) == 50


def test_the_audit_list_needs_the_same_queries_for_few_and_many_records(
    team: Team, browse: Callable[..., Client], django_assert_max_num_queries: Any
) -> None:
    client = browse(Role.AUDITOR)
    url = team.url("audit-list")
    client.get(url)

    few = _queries(client, url)
    _add_people(team, 70)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    many = _queries(client, url)

    assert few == many
    assert len(Html(response).all("table.table-audit tbody tr")) == 50


def test_the_start_page_needs_the_same_queries_for_few_and_many_members(
    team: Team, browse: Callable[..., Client]
) -> None:
    client = browse(Role.ADMIN)
    url = team.url("org-home")
    client.get(url)

    few = _queries(client, url)
    _add_people(team, 30)

    assert _queries(client, url) == few


# ------------------------------------------------------------------------------ htmx partials


def test_the_member_search_answers_htmx_with_the_results_only(
    team: Team, browse: Callable[..., Client]
) -> None:
    make_member(team.organization, [Role.AMBASSADOR], full_name="Zofia Zielinski")
    make_member(team.organization, [Role.BUDDY], full_name="Zeno Zielinski")

    response = browse(Role.QUALITY_OFFICER).get(
        team.url("member-list"), {"q": "zielinski", "role": "buddy"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    text = body(response)
    assert "<html" not in text and '<nav class="navbar' not in text and "<form" not in text
    page = Html(response)
    assert page.texts("#member-rows tr td:first-child") == ["Zeno Zielinski"]


def test_the_member_search_without_htmx_is_the_whole_page(team: Team, browse: Callable[..., Client]) -> None:
    response = browse(Role.QUALITY_OFFICER).get(team.url("member-list"), {"q": "admin"})

    page = Html(response)
    assert page.all("header nav") and page.all("form[role=search]")
    assert page.texts("#member-rows tr td:first-child") == ["Ada Admin"]
    assert attr(page.one("#member-q"), "value") == "admin"


def test_the_member_list_pages_keep_the_search(team: Team, browse: Callable[..., Client]) -> None:
    _add_people(team, 60)
    client = browse(Role.QUALITY_OFFICER)

    first = Html(client.get(team.url("member-list"), {"q": "person"}))
    next_link = attr(first.one('a[rel="next"]'), "href")
    second = Html(client.get(team.url("member-list") + next_link))

    assert "q=person" in next_link
    names_first = first.texts("#member-rows tr td:first-child")
    names_second = second.texts("#member-rows tr td:first-child")
    assert len(names_first) == 50
    assert names_second and not set(names_first) & set(names_second)


def test_the_audit_filter_answers_htmx_with_the_rows_only(team: Team, browse: Callable[..., Client]) -> None:
    actions.set_member_roles(
        team.members[Role.ADMIN], team.members[Role.AMBASSADOR], [Role.AMBASSADOR, Role.BUDDY]
    )

    response = browse(Role.AUDITOR).get(
        team.url("audit-list"), {"action": "member.roles"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    text = body(response)
    assert "<html" not in text and "<form" not in text
    page = Html(response)
    actions_shown = [
        attr(cell, "data-action") for cell in page.all("table.table-audit tbody td[data-action]")
    ]
    assert actions_shown and all(action.startswith("member.roles") for action in actions_shown)
    assert "member.roles" not in page.text_of("table.table-audit tbody"), "readers see words, not codes"
    export = attr(page.one(f'a[href^="{team.url("audit-export-csv")}"]'), "href")
    assert "action=member.roles" in export, "the export offered next to the results exports what is shown"


def test_a_bad_audit_filter_over_htmx_shows_the_error_in_the_results(
    team: Team, browse: Callable[..., Client]
) -> None:
    response = browse(Role.AUDITOR).get(
        team.url("audit-list"), {"date_to": "31.02.2025"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    page = Html(response)
    assert in_language("de", "Enter a valid date.") in page.text_of("[role=alert]")


@pytest.mark.parametrize("page", ["member-list", "audit-list"])
@pytest.mark.parametrize("header", ["HX-History-Restore-Request", "HX-Boosted"])
def test_a_history_restore_or_boosted_request_gets_the_whole_list_page(
    team: Team, browse: Callable[..., Client], page: str, header: str
) -> None:
    # The back button after an htmx search (hx-push-url) asks for the whole page: htmx puts the
    # answer into <body>, so the results alone would leave a page without navigation or filters.
    response = browse(Role.QUALITY_OFFICER).get(
        team.url(page), headers={"HX-Request": "true", header: "true"}
    )

    assert response.status_code == 200
    assert "<html" in body(response)
    assert Html(response).all("header nav") and Html(response).all("form[role=search]")


# ------------------------------------------------------------------------------------- exports


@pytest.fixture
def trail(team: Team) -> Team:
    admin = team.members[Role.ADMIN]
    for role in (Role.BUDDY, Role.AUDITOR):
        actions.set_member_roles(admin, team.members[Role.AMBASSADOR], [Role.AMBASSADOR, role])
    actions.update_organization(admin, name="Rheinufer Kommunikation & Söhne GmbH")
    return team


def _csv_rows(response: HttpResponseBase) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = body(response)
    assert text.startswith("\ufeff"), "a byte order mark, so spreadsheets read umlauts"
    header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    with translation.override("de"):
        assert header == csv_header(zoneinfo.ZoneInfo("Europe/Berlin")), "German headers for a German reader"
    assert header[1] == "Zeit (MEZ/MESZ)"
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows]


def _json_records(response: HttpResponseBase) -> list[dict[str, Any]]:
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert isinstance(data["records"], list)
    return data["records"]


def test_the_csv_export_reads_back_as_the_whole_trail_in_order(
    trail: Team, browse: Callable[..., Client]
) -> None:
    response = browse(Role.AUDITOR).get(trail.url("audit-export-csv"))

    assert response.status_code == 200
    assert 'filename="audit-' in response["Content-Disposition"]
    rows = _csv_rows(response)
    *stored, export = AuditRecord.objects.filter(organization=trail.organization).order_by("seq")
    assert export.action == "audit.exported", "the export is recorded after what it exported"
    assert [int(row["seq"]) for row in rows] == [record.seq for record in stored]
    assert [row["hash"] for row in rows] == [record.hash for record in stored]
    renamed = rows[-1]
    assert renamed["action"] == "Organisationseinstellungen geändert", "the action in words, not its code"
    assert renamed["after"] == "Name: Rheinufer Kommunikation & Söhne GmbH", "only what changed, in words"


def test_the_csv_export_defuses_names_that_a_spreadsheet_would_run(
    team: Team, browse: Callable[..., Client]
) -> None:
    """GIVEN an actor and a token whose names start like formulas WHEN the trail is exported as CSV
    THEN neither name reaches the spreadsheet as a formula (the plan's CSV has always done this)."""
    sly = make_member(team.organization, [Role.AMBASSADOR], full_name='=HYPERLINK("http://evil.example")')
    with translation.override("de"):
        actions.create_api_token(sly, name="@SUM(1+1)", scope="read")
        actions.create_api_token(sly, name="-2+3", scope="read")

    rows = _csv_rows(browse(Role.AUDITOR).get(team.url("audit-export-csv"), {"action": "api_token"}))

    assert {row["actor_name"] for row in rows} == {'\'=HYPERLINK("http://evil.example")'}
    names = sorted(row["object_repr"] for row in rows)
    assert len(names) == 2 and all(name.startswith("'") for name in names), names
    assert names[0].startswith("'-2+3") and names[1].startswith("'@SUM(1+1)")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_each_export_is_recorded_with_who_took_it_and_what_they_chose(
    trail: Team, browse: Callable[..., Client], fmt: str
) -> None:
    before = AuditRecord.objects.filter(organization=trail.organization).count()

    response = browse(Role.AUDITOR).get(
        trail.url(f"audit-export-{fmt}"), {"action": "member.roles", "date_from": "2020-01-01"}
    )
    body(response)

    recorded = AuditRecord.objects.filter(organization=trail.organization).order_by("seq")
    assert recorded.count() == before + 1
    export = recorded.last()
    assert export is not None and export.action == "audit.exported"
    assert export.actor == trail.members[Role.AUDITOR].user
    assert export.after == {"format": fmt, "filters": {"action": "member.roles", "date_from": "2020-01-01"}}


def test_a_refused_export_records_nothing(trail: Team, browse: Callable[..., Client]) -> None:
    before = AuditRecord.objects.filter(organization=trail.organization).count()

    response = browse(Role.COMMUNICATIONS_MANAGER).get(trail.url("audit-export-csv"))

    assert response.status_code == 403
    assert AuditRecord.objects.filter(organization=trail.organization).count() == before


def test_the_exports_honour_the_filters(trail: Team, browse: Callable[..., Client]) -> None:
    client = browse(Role.AUDITOR)
    filters = {"action": "member.roles", "actor": "Ada"}

    rows = _csv_rows(client.get(trail.url("audit-export-csv"), filters))
    records = _json_records(client.get(trail.url("audit-export-json"), filters))

    expected = list(
        AuditRecord.objects.filter(
            organization=trail.organization, action__icontains="member.roles", actor_name__icontains="Ada"
        ).order_by("seq")
    )
    assert len(expected) == 2
    assert [int(row["seq"]) for row in rows] == [record.seq for record in expected]
    assert [record["seq"] for record in records] == [record.seq for record in expected]
    assert all(record["actor_name"] == "Ada Admin" for record in records)
    assert records[-1]["after"]["roles"] == ["ambassador", "auditor"]


def test_the_audit_filter_finds_the_records_of_one_object(trail: Team, browse: Callable[..., Client]) -> None:
    target = AuditRecord.objects.filter(
        organization=trail.organization, object_type="core.membership"
    ).first()
    assert target is not None

    records = _json_records(
        browse(Role.AUDITOR).get(
            trail.url("audit-export-json"), {"object_type": "core.membership", "object_id": target.object_id}
        )
    )

    expected = AuditRecord.objects.filter(
        organization=trail.organization, object_type="core.membership", object_id=target.object_id
    )
    assert [record["seq"] for record in records] == sorted(expected.values_list("seq", flat=True))
    assert {record["object_id"] for record in records} == {target.object_id}


def test_the_exports_honour_the_date_range(trail: Team, browse: Callable[..., Client]) -> None:
    client = browse(Role.AUDITOR)

    future = _json_records(client.get(trail.url("audit-export-json"), {"date_from": "2199-01-01"}))
    past = _csv_rows(client.get(trail.url("audit-export-csv"), {"date_to": "2000-01-01"}))
    today = AuditRecord.objects.filter(organization=trail.organization).count()
    everything = _json_records(client.get(trail.url("audit-export-json"), {"date_from": "2000-01-01"}))

    assert future == [] and past == []
    assert len(everything) == today


def test_the_export_carries_no_other_organizations_records(
    trail: Team, browse: Callable[..., Client]
) -> None:
    make_member(make_organization("Fremdfirma AG"), [Role.AMBASSADOR], full_name="Fremde Person")

    records = _json_records(browse(Role.AUDITOR).get(trail.url("audit-export-json")))

    assert records
    assert not any("Fremd" in json.dumps(record, ensure_ascii=False) for record in records)


def test_the_audit_trail_shows_times_in_the_organizations_time_zone(
    team: Team, browse: Callable[..., Client]
) -> None:
    organization = team.organization
    organization.time_zone = "America/New_York"
    organization.save(update_fields=["time_zone"])
    newest = AuditRecord.objects.filter(organization=organization).order_by("-seq").first()
    assert newest is not None
    in_new_york = newest.created_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))

    page = browse(Role.AUDITOR).get(team.url("audit-detail", newest.pk)).content.decode()

    assert in_new_york.strftime("%H:%M") in page
    assert newest.created_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).strftime("%H:%M") not in page
