"""The role matrix: every page and API operation answers each role exactly as the capability table says.

What each role may and must not do is pinned in ``expected_capabilities.ROLES``, apart from
``core.roles.CAPABILITIES``: the table is checked against it cell by cell, and the requests below expect
what the pinned table says, so a capability granted or dropped in ``core.roles`` fails here twice.

Pages declare their capability through ``org_view(Capability.X)`` (kept as ``required_capability`` on
the view); API operations through their first ``member_of(request, Capability.X)``, which this test
watches. A member with only one role gets a 403 where the table withholds the capability and gets
through where it grants it; a read-scope token never gets through to a write capability with a request
that changes something (it reads with it: GET). Besides the
walk over every page and operation, one representative request per capability is spelled out below
with the exact answer each role gets.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import Client

import resonanz.api_auth
from resonanz.advocacy import actions as advocacy_actions
from resonanz.advocacy.models import Share
from resonanz.content.actions.images import add_image
from resonanz.content.actions.posts import create_post
from resonanz.content.tests.factories import png_bytes
from resonanz.core import actions
from resonanz.core.http import ApiRequest
from resonanz.core.models import ApiToken, Membership, Organization
from resonanz.core.roles import CAPABILITIES, WRITE_CAPABILITIES, Capability, Role, capabilities_for
from resonanz.core.tests.expected_capabilities import API, GRID, PAGES, ROLES, WRITES
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.outsider_seed import build_organization
from resonanz.core.tests.url_walk import (
    PageRoute,
    Tenant,
    api_operations,
    api_prefix,
    body_of,
    missing_id,
    models_for_param,
    page_routes,
    query_params,
    referrer,
    request_body,
    sample_value,
)
from resonanz.plan import access as plan_access
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import PlanRow, PlanVersion, VersionComment
from resonanz.publishing import account_access as publishing_access
from resonanz.publishing.actions.accounts import save_account
from resonanz.publishing.connectors.base import Profile
from resonanz.publishing.models import AccountKind, NetworkAccount

# ---------------------------------------------------------------- the table itself


@pytest.mark.parametrize(("role", "capability"), list(itertools.product(Role, Capability)), ids=str)
def test_each_role_holds_what_the_pinned_table_gives_it_and_nothing_else(
    role: Role, capability: Capability
) -> None:
    """GIVEN the grid in expected_capabilities, written apart from core.roles
    WHEN one role is checked for one capability
    THEN core.roles grants it exactly where the grid says "x": a grant the grid denies fails, and so
    does a grant it gives that went missing."""
    may = capability in ROLES[role]
    holds = capability in CAPABILITIES[role]
    assert holds == may, f"{role.label} {'lost' if may else 'must not hold'} {capability.name}"
    assert (capability in capabilities_for([role.value])) == may


def test_the_pinned_grid_has_a_line_for_every_capability_and_a_column_for_every_role() -> None:
    assert set(GRID) == set(Capability)
    assert set(ROLES) == set(Role)
    assert all(
        len(marks.split()) == len(Role) and set(marks.split()) <= {"x", "-"} for marks in GRID.values()
    )


def test_read_tokens_carry_no_capability_that_changes_something() -> None:
    assert WRITE_CAPABILITIES == WRITES


def test_every_role_has_an_entry_and_sees_the_start_page() -> None:
    assert set(CAPABILITIES) == set(Role)
    for role in Role:
        assert Capability.VIEW_HOME in CAPABILITIES[role], role


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.WORKS_COUNCIL])
def test_auditors_and_the_works_council_change_nothing(role: Role) -> None:
    assert not CAPABILITIES[role] & WRITE_CAPABILITIES


def test_the_works_council_sees_aggregates_but_no_single_person() -> None:
    held = CAPABILITIES[Role.WORKS_COUNCIL]
    assert Capability.VIEW_AGGREGATES in held
    assert Capability.VIEW_MEMBERS not in held
    assert Capability.VIEW_AUDIT not in held


def test_every_capability_is_granted_to_some_role() -> None:
    granted = frozenset().union(*CAPABILITIES.values())
    assert set(Capability) - granted == set()
    assert set(Capability) >= WRITE_CAPABILITIES


def test_several_roles_hold_the_union_of_their_capabilities() -> None:
    both = capabilities_for([Role.BUDDY, Role.AUDITOR])
    assert both == CAPABILITIES[Role.BUDDY] | CAPABILITIES[Role.AUDITOR]
    assert capabilities_for([]) == frozenset()


def test_an_inactive_membership_holds_no_capability(db: None) -> None:
    organization = actions.create_organization(None, name="Ruhend GmbH", slug="ruhend")
    admin = make_member(organization, [Role.ADMIN])
    other = make_member(organization, [Role.ADMIN, Role.QUALITY_OFFICER])
    deactivated = actions.set_member_active(admin, other, False)
    assert Membership.objects.get(pk=deactivated.pk).capabilities == frozenset()


# ---------------------------------------------------------------- pages


@dataclass
class Staff:
    organization: Organization
    members: dict[Role, Membership]
    tokens: dict[tuple[Role, str], str]


@pytest.fixture
def staff(db: None) -> Staff:
    """An organization filled by the outsider seeders, and one member per role holding only that role."""
    ctx = build_organization("Rollen GmbH", "rollen", "ROLLEN-3b1d")
    members = {role: make_member(ctx.organization, [role]) for role in Role}
    for member in members.values():
        # A writer who does not read all content (an ambassador) sees only their own posts: give them one,
        # with an image (its pages are theirs to open too).
        if member.can(Capability.WRITE_POSTS) and not member.can(Capability.VIEW_CONTENT):
            own = create_post(member, "Eigener Beitrag", {"bluesky": "Mein Text"})
            image = SimpleUploadedFile("eigenes-bild.png", png_bytes(), content_type="image/png")
            add_image(member, own, image, alt_text="Eigenes Bild")
    for member in members.values():
        # A share's page is its owner's: everyone who shares shares the seeded library item once.
        if member.can(Capability.SHARE_CONTENT):
            advocacy_actions.copy_for_sharing(member, ctx.made["advocacy.item"], "bluesky", "Empfehlung")
    tokens = {}
    for role, member in members.items():
        for scope in ("read", "write"):
            _token, tokens[(role, scope)] = actions.create_api_token(
                member, name=f"{role} {scope}", scope=scope
            )
        # Like the tokens, an employee's own network account: the pages about it are theirs to open.
        if Capability.TAKE_PART in CAPABILITIES[role]:
            save_account(
                member,
                kind=AccountKind.PERSONAL,
                network="mastodon",
                base_url="https://social.example",
                profile=Profile(identifier=f"own-{role}", display_name=f"Eigenes Konto {role}"),
                secret="token",
            )
    return Staff(ctx.organization, members, tokens)


def _page_urls(staff: Staff, member: Membership, route: Any, limit: int = 8) -> list[str]:
    """URLs of the page filled with objects of the organization, the member's own first."""
    params = {param: models_for_param(param) for param in route.id_params}
    urls = []
    for choice in itertools.islice(Tenant(staff.organization, member).combinations(params), limit):
        values: dict[str, object] = {param: sample_value(route, param) for param in route.params}
        values.update({param: row.pk for param, row in choice.items()})
        values["org"] = staff.organization.slug
        urls.append(route.url(values))
    return urls


def test_every_organization_page_declares_its_capability(db: None) -> None:
    undeclared = [
        str(route)
        for route in page_routes()
        if route.is_org_scoped
        and not isinstance(getattr(route.callback, "required_capability", None), Capability)
    ]
    assert not undeclared, "Decorate these views with org_view(Capability.X):\n" + "\n".join(undeclared)


def test_every_page_asks_for_the_capability_the_pinned_table_gives_it(db: None) -> None:
    declared: dict[str, Capability] = {
        route.route: capability
        for route in page_routes()
        if route.is_org_scoped
        and isinstance(capability := getattr(route.callback, "required_capability", None), Capability)
    }
    wrong = [
        f"/{route}: declares {capability.name}, the table says {PAGES[route].name}"
        for route, capability in declared.items()
        if route in PAGES and PAGES[route] != capability
    ]
    unlisted = [f"/{route}: not in expected_capabilities.PAGES" for route in declared if route not in PAGES]
    stale = [
        f"{route}: in expected_capabilities.PAGES but no such page"
        for route in PAGES
        if route not in declared
    ]
    assert not (wrong + unlisted + stale), "\n".join(wrong + unlisted + stale)


def _gets_through(response: HttpResponseBase) -> bool:
    """200; a redirect that is not to the login page; or 405 from a POST-only page, which means the
    capability check (it comes before the method check) let the request through."""
    if response.status_code == 405:
        return "GET" not in response.get("Allow", "")
    if 300 <= response.status_code < 400:
        return "/accounts/login/" not in response.get("Location", "")
    return response.status_code == 200


def test_every_organization_page_answers_each_role_as_the_table_says(staff: Staff) -> None:
    client = Client()
    problems: list[str] = []
    checked = 0
    for route in page_routes():
        capability = getattr(route.callback, "required_capability", None)
        if not route.is_org_scoped or capability is None:
            continue
        for role, member in staff.members.items():
            urls = _page_urls(staff, member, route)
            if not urls:
                problems.append(f"{route}: no objects to fill {route.id_params}; extend the outsider seeding")
                break
            client.force_login(member.user)
            checked += 1
            if capability not in ROLES[role]:
                got, posted = client.get(urls[0]), client.post(urls[0], {})
                if got.status_code != 403 or posted.status_code != 403:
                    problems.append(
                        f"{urls[0]} as {role}: GET {got.status_code}, POST {posted.status_code}; "
                        f"expected 403 (no {capability})"
                    )
                continue
            # Objects may be hidden from a role for reasons of their own (a draft from an ambassador):
            # one object the member gets through to is enough.
            statuses = []
            for url in urls:
                response = client.get(url)
                statuses.append(response.status_code)
                if _gets_through(response):
                    break
            else:
                problems.append(f"GET {urls[0]} as {role}: {statuses}, expected 200 ({capability})")
    assert checked >= 8 * 8
    assert not problems, "\n".join(problems)


# Objects an organization holds that its access helpers still hide from some of its members: drafts
# and their rows from those who read only the published plan, one person's API tokens from everybody else,
# an employee's own network account from colleagues who do not manage accounts.
VISIBLE: dict[type[Any], Callable[[Membership], Any]] = {
    PlanVersion: plan_access.version_queryset,
    PlanRow: plan_access.row_queryset,
    VersionComment: plan_access.comment_queryset,
    ApiToken: lambda member: ApiToken.objects.filter(
        user_id=member.user_id, organization=member.organization
    ),
    Share: lambda member: Share.objects.filter(membership=member),
    NetworkAccount: lambda member: (
        publishing_access.account_queryset(member)
        if member.can(Capability.TAKE_PART)
        else NetworkAccount.objects.none()
    ),
}


def _hidden_urls(staff: Staff, member: Membership, route: PageRoute) -> list[str]:
    """URLs of the page filled with objects of the member's own organization that the member may not see."""
    params = {param: models_for_param(param) for param in route.id_params}
    visible = {model: set(see(member).values_list("pk", flat=True)) for model, see in VISIBLE.items()}
    urls = []
    for choice in Tenant(staff.organization, member).combinations(params, limit=12):
        if any(type(row) in visible and row.pk not in visible[type(row)] for row in choice.values()):
            values: dict[str, object] = {param: sample_value(route, param) for param in route.params}
            values.update({param: row.pk for param, row in choice.items()})
            values["org"] = staff.organization.slug
            urls.append(route.url(values))
    return urls[:4]


def test_what_the_access_helpers_hide_inside_the_organization_every_page_hides_too(staff: Staff) -> None:
    """GIVEN a member whose role grants a page's capability
    WHEN they open the page for a draft, its rows, or someone else's token
    THEN the page answers 404, as for an object of another organization."""
    client = Client()
    problems: list[str] = []
    checked = 0
    for route in page_routes():
        capability = getattr(route.callback, "required_capability", None)
        if not route.is_org_scoped or capability is None or not route.id_params:
            continue
        for role, member in staff.members.items():
            if capability not in ROLES[role]:
                continue
            client.force_login(member.user)
            for url in _hidden_urls(staff, member, route):
                checked += 1
                # 405 for the method a page does not take reveals nothing; the other one must be a 404.
                answers = {method: client.generic(method, url).status_code for method in ("GET", "POST")}
                if set(answers.values()) - {404, 405} or 404 not in answers.values():
                    problems.append(f"{url} as {role}: {answers}, expected 404")
    assert checked >= 20, "the seeding no longer holds drafts or other people's tokens"
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- API


def _watch_member_of(monkeypatch: pytest.MonkeyPatch) -> list[Capability]:
    """Record the capability each API handler asks ``member_of`` for, wherever it was imported."""
    original = resonanz.api_auth.member_of
    asked: list[Capability] = []

    def spy(request: ApiRequest, capability: Capability) -> Membership:
        asked.append(capability)
        return original(request, capability)

    for module in list(sys.modules.values()):
        try:
            imported = getattr(module, "member_of", None)
        except Exception:  # noqa: S112 - odd modules refuse getattr; they cannot hold it anyway
            continue
        if imported is original:
            monkeypatch.setattr(module, "member_of", spy)
    return asked


def _call(
    client: Client, schema: dict[str, Any], operation: Any, staff: Staff, member: Membership, token: str
) -> Any:
    params = {param: models_for_param(param) for param in operation.path_params}
    tenant = Tenant(staff.organization, member)
    own = tenant.consistent(params) or {}
    url = operation.url({param: own[param].pk if param in own else missing_id() for param in params})
    refer: Callable[[str], str | None] = referrer(tenant)
    query = query_params(schema, operation, refer)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    body = request_body(schema, operation, refer)
    return client.generic(
        operation.method.upper(),
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_every_api_operation_answers_each_role_and_token_scope_as_the_table_says(
    staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    schema = client.get(f"{api_prefix()}openapi.json").json()
    asked = _watch_member_of(monkeypatch)
    problems: list[str] = []
    for operation in api_operations(schema):
        # First the calls that must be refused (they must not depend on what the others change),
        # then the ones that get through.
        cases = [(role, scope) for role in Role for scope in ("read", "write")]
        declared: Capability | None = None
        answers: list[tuple[Role, str, int, str]] = []
        for role, scope in sorted(cases, key=lambda case: case[1] == "write"):
            asked.clear()
            member = staff.members[role]
            response = _call(client, schema, operation, staff, member, staff.tokens[(role, scope)])
            if asked:
                if declared is not None and asked[0] != declared:
                    problems.append(f"{operation}: asks for {asked[0]} as {role}, for {declared} as others")
                declared = declared or asked[0]
            answers.append((role, scope, response.status_code, response.get("Content-Type", "")))
            if response.status_code >= 500:
                problems.append(
                    f"{operation} as {role}/{scope}: {response.status_code} {body_of(response)[:200]}"
                )
        if declared is None:
            problems.append(f"{operation}: never calls member_of(request, Capability.X)")
            continue
        expected = API.get(str(operation))
        if expected != declared:
            problems.append(
                f"{operation}: asks for {declared.name}, expected_capabilities.API says "
                f"{expected.name if expected else 'nothing (add it)'}"
            )
        for role, scope, status, content_type in answers:
            changes = operation.method.upper() not in ("GET", "HEAD", "OPTIONS")
            refused = declared not in ROLES[role] or (scope == "read" and changes and declared in WRITES)
            if refused and (status != 403 or content_type != "application/problem+json"):
                problems.append(
                    f"{operation} as {role} with a {scope} token: {status}, expected 403 ({declared})"
                )
            if not refused and status in (401, 403):
                problems.append(
                    f"{operation} as {role} with a {scope} token: {status}, expected it to get through"
                )
    listed = {str(operation) for operation in api_operations(schema)}
    problems += [
        f"{name}: in expected_capabilities.API but no such operation" for name in API if name not in listed
    ]
    assert not problems, "\n".join(problems)


def _api(client: Client, token: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(
        method,
        f"{api_prefix()}{path}",
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_read_token_cannot_change_the_organization_even_for_an_admin(staff: Staff, client: Client) -> None:
    response = _api(
        client, staff.tokens[(Role.ADMIN, "read")], "PATCH", "organizations/current", {"name": "Neu"}
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 403
    assert Organization.objects.get(pk=staff.organization.pk).name == "Rollen GmbH ROLLEN-3b1d"

    response = _api(
        client, staff.tokens[(Role.ADMIN, "write")], "PATCH", "organizations/current", {"name": "Neu"}
    )
    assert response.status_code == 200
    assert Organization.objects.get(pk=staff.organization.pk).name == "Neu"


def test_a_write_token_does_not_lift_the_limits_of_the_role(staff: Staff, client: Client) -> None:
    response = _api(
        client, staff.tokens[(Role.AMBASSADOR, "write")], "PATCH", "organizations/current", {"name": "X"}
    )
    assert response.status_code == 403
    body = {"email": "neu@rollen.example", "roles": ["admin"]}
    response = _api(client, staff.tokens[(Role.AUDITOR, "write")], "POST", "memberships", body)
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="neu@rollen.example").exists()

    response = _api(client, staff.tokens[(Role.ADMIN, "read")], "POST", "memberships", body)
    assert response.status_code == 403
    response = _api(client, staff.tokens[(Role.ADMIN, "write")], "POST", "memberships", body)
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AUDITOR, 200), (Role.QUALITY_OFFICER, 200), (Role.AMBASSADOR, 403), (Role.WORKS_COUNCIL, 403)],
)
def test_the_audit_trail_is_read_by_the_roles_that_may(
    staff: Staff, client: Client, role: Role, status: int
) -> None:
    response = _api(client, staff.tokens[(role, "read")], "GET", "audit-records")
    assert response.status_code == status


# ---------------------------------------------------------------- one request per capability, role by role


@dataclass(frozen=True)
class Probe:
    """A request that needs ``capability``, and what it answers a role that may and one that must not.

    ``path`` is a page when it starts with ``/o/`` (asked with a session), else an API path (asked with a
    write token, and for a write capability also with a read token, which must be refused).
    """

    capability: Capability
    method: str
    path: str
    allowed: int
    refused: int = 403
    body: dict[str, Any] | None = None


C = Capability
PROBES = (
    Probe(C.VIEW_HOME, "GET", "/o/{org}/", 200),
    Probe(C.USE_API, "GET", "/o/{org}/tokens/", 200),
    Probe(C.USE_API, "GET", "me", 200),
    Probe(C.VIEW_MEMBERS, "GET", "/o/{org}/members/", 200),
    Probe(C.VIEW_MEMBERS, "GET", "memberships/{ambassador}", 200),
    Probe(C.MANAGE_MEMBERS, "PATCH", "memberships/{ambassador}", 200, body={"roles": ["ambassador"]}),
    Probe(C.MANAGE_ORGANIZATION, "GET", "/o/{org}/settings/", 200),
    Probe(C.MANAGE_ORGANIZATION, "PATCH", "organizations/current", 200, body={"time_zone": "Europe/Vienna"}),
    Probe(C.VIEW_AUDIT, "GET", "/o/{org}/audit/", 200),
    Probe(C.VIEW_AUDIT, "GET", "audit-records", 200),
    Probe(C.EXPORT_AUDIT, "GET", "/o/{org}/audit/export.csv", 200),
    Probe(C.VIEW_PLAN, "GET", "/o/{org}/plan/{plan}/", 200),
    Probe(C.VIEW_PLAN, "GET", "plan/plans/{plan}", 200),
    Probe(C.VIEW_PLAN_VERSIONS, "GET", "/o/{org}/plan/{plan}/versions/", 200),
    # A version that is not published does not exist for those who read only the published plan.
    Probe(C.VIEW_PLAN_VERSIONS, "GET", "plan/versions/{in_review}", 200, refused=404),
    Probe(C.EDIT_PLAN, "GET", "/o/{org}/plan/{plan}/settings/", 200),
    Probe(C.EDIT_PLAN, "PATCH", "plan/topics/{topic}", 200, body={"position": 7}),
    Probe(
        C.APPROVE_PLAN, "POST", "plan/versions/{in_review}/reject", 200, body={"comment": "Bitte ergänzen"}
    ),
    # The exports and a version's comments name people; the works council sees roles and counts only.
    Probe(C.VIEW_NAMES, "GET", "/o/{org}/plan/versions/{published}/export.csv", 200),
    Probe(C.VIEW_NAMES, "GET", "plan/versions/{published}/comments", 200),
    # The probing member is not a named reviewer: past the capability check, the action refuses (422).
    Probe(C.REVIEW_PLAN, "POST", "plan/versions/{in_review}/reviews", 422, body={"outcome": "reviewed"}),
    # People: one's own profile for every employee role, colleagues' for those who work with people.
    Probe(C.TAKE_PART, "GET", "/o/{org}/people/me/", 200),
    Probe(C.TAKE_PART, "PATCH", "people/me/profile", 200, body={"languages": ["de", "en"]}),
    Probe(C.VIEW_PEOPLE, "GET", "/o/{org}/people/directory/", 200),
    Probe(C.VIEW_PEOPLE, "GET", "people/profiles/{ambassador}", 200),
    Probe(C.MANAGE_PEOPLE, "GET", "/o/{org}/people/{ambassador}/edit/", 200),
    Probe(C.MANAGE_PEOPLE, "PATCH", "people/profiles/{ambassador}", 200, body={"time_zone": "Europe/Vienna"}),
    Probe(C.VIEW_EVIDENCE, "GET", "/o/{org}/plan/evidence/{evidence}/file/", 200),
    Probe(C.VIEW_EVIDENCE, "GET", "plan/evidence/{evidence}", 200),
    Probe(C.RECORD_EVIDENCE, "GET", "/o/{org}/plan/rows/{row}/done/", 200),
    Probe(
        C.RECORD_EVIDENCE,
        "POST",
        "plan/rows/{row}/evidence",
        201,
        body={"planned_for": "2026-01-19T09:00:00+01:00", "note": "Versandt"},
    ),
    # Competence (7.2): the training matrix names people's certificates; the quality officer keeps them.
    Probe(C.VIEW_COMPETENCE, "GET", "/o/{org}/competence/matrix/", 200),
    Probe(C.VIEW_COMPETENCE, "GET", "competence/competences/{competence}", 200),
    Probe(C.MANAGE_COMPETENCE, "GET", "/o/{org}/competence/{competence}/", 200),
    Probe(
        C.MANAGE_COMPETENCE, "PATCH", "competence/competences/{competence}", 200, body={"description": "Neu"}
    ),
    # The buddy programme: the managers' overview, a buddy's coachees, one's own coaching, the figures
    # without names, and what is stored about whom.
    Probe(C.MANAGE_PROGRAM, "GET", "/o/{org}/buddy/", 200),
    Probe(C.COACH, "GET", "/o/{org}/buddy/coachees/", 200),
    Probe(C.TAKE_PART, "GET", "/o/{org}/buddy/coaching/", 200),
    Probe(C.VIEW_AGGREGATES, "GET", "/o/{org}/buddy/figures/", 200),
    Probe(C.VIEW_PERSONAL_DATA, "GET", "/o/{org}/buddy/personal-data/", 200),
    # Events and policies: employees take part; the communications manager runs events; the works
    # council and the other aggregate readers see how many acknowledged a policy, never who.
    Probe(C.TAKE_PART, "GET", "/o/{org}/events/", 200),
    Probe(C.TAKE_PART, "GET", "events/registrations", 200),
    Probe(C.MANAGE_PROGRAM, "GET", "/o/{org}/events/new/", 200),
    Probe(C.VIEW_AGGREGATES, "GET", "/o/{org}/events/policies/awareness/", 200),
    # Approval of posts: who reads the rules, who approves, who keeps the rules (an empty form: 400).
    Probe(C.VIEW_CONTENT, "GET", "/o/{org}/content/approval/rules/", 200),
    Probe(C.APPROVE_POSTS, "GET", "/o/{org}/content/approval/", 200),
    Probe(C.MANAGE_GUIDELINES, "POST", "/o/{org}/content/approval/rules/set/", 400),
    # Network accounts: everyone who takes part sees the page; a webhook is the organization's (empty: 400).
    Probe(C.TAKE_PART, "GET", "/o/{org}/publishing/accounts/", 200),
    Probe(C.MANAGE_ACCOUNTS, "POST", "/o/{org}/publishing/accounts/webhook/", 400),
    # Deliveries: those who read content see them; schedulers schedule, correctors correct (empty forms: 400).
    Probe(C.VIEW_CONTENT, "GET", "/o/{org}/publishing/deliveries/", 200),
    Probe(C.SCHEDULE_POSTS, "POST", "/o/{org}/publishing/deliveries/posts/{post}/schedule/", 400),
    Probe(C.CORRECT_POSTS, "POST", "/o/{org}/publishing/deliveries/{delivery}/correct/", 400),
    Probe(C.WRITE_POSTS, "GET", "/o/{org}/content/posts/mine/", 200),
    # The editorial calendar: read by those who read content; schedulers move (no day given: refused).
    Probe(C.VIEW_CONTENT, "GET", "/o/{org}/publishing/calendar/week/", 200),
    Probe(C.SCHEDULE_POSTS, "POST", "/o/{org}/publishing/calendar/move/{delivery}/", 302),
    # The share library: those who share read it and their own shares; its managers offer (an approved
    # post, no topics: offered, 302) and see the management list.
    Probe(C.SHARE_CONTENT, "GET", "/o/{org}/advocacy/", 200),
    Probe(C.SHARE_CONTENT, "GET", "advocacy/shares/mine", 200),
    Probe(C.MANAGE_LIBRARY, "GET", "/o/{org}/advocacy/manage/", 200),
    Probe(C.MANAGE_LIBRARY, "POST", "/o/{org}/advocacy/posts/{post}/offer/", 302),
    # standards: the clause library is read by those who run or check the system; the quality officer
    # and the data-protection officer write readiness notes (the same text again: saved, 302).
    Probe(C.VIEW_STANDARDS, "GET", "/o/{org}/standards/", 200),
    Probe(C.VIEW_STANDARDS, "GET", "standards/adopted", 200),
    Probe(C.MANAGE_STANDARDS, "POST", "/o/{org}/standards/clauses/{standards_clause}/note/", 302),
    # Monitoring (issue 17).
    Probe(C.VIEW_MONITORING_FIGURES, "GET", "/o/{org}/monitoring/", 200),
    Probe(C.VIEW_MONITORING_FIGURES, "GET", "monitoring/figures", 200),
    Probe(C.VIEW_MONITORING_ALARMS, "GET", "/o/{org}/monitoring/alarms/", 200),
    Probe(C.VIEW_MONITORING_ALARMS, "GET", "monitoring/alarms", 200),
    Probe(C.VIEW_MENTIONS, "GET", "/o/{org}/monitoring/mentions/", 200),
    Probe(C.VIEW_MENTIONS, "GET", "monitoring/mentions", 200),
    Probe(C.MANAGE_MONITORING, "GET", "/o/{org}/monitoring/settings/", 200),
    Probe(C.MANAGE_MONITORING, "GET", "/o/{org}/monitoring/import/", 200),
    # objectives: readers see the list and one objective; keepers set one (an empty form: 400).
    Probe(C.VIEW_OBJECTIVES, "GET", "/o/{org}/objectives/", 200),
    Probe(C.VIEW_OBJECTIVES, "GET", "objectives/{objective}", 200),
    Probe(C.MANAGE_OBJECTIVES, "POST", "/o/{org}/objectives/new/", 400),
    # risks: readers see the register and one risk; keepers register one (an empty form: 400).
    Probe(C.VIEW_RISKS, "GET", "/o/{org}/risks/", 200),
    Probe(C.VIEW_RISKS, "GET", "risks/{risk}", 200),
    Probe(C.MANAGE_RISKS, "POST", "/o/{org}/risks/", 400),
    # quality: readers list incidents; the communications manager opens them (an empty form: 400);
    # who handles them grades them (an empty form: 400).
    Probe(C.VIEW_INCIDENTS, "GET", "/o/{org}/quality/incidents/", 200),
    Probe(C.VIEW_INCIDENTS, "GET", "quality/incidents/{incident}", 200),
    Probe(C.OPEN_INCIDENTS, "POST", "/o/{org}/quality/incidents/new/", 400),
    Probe(C.MANAGE_INCIDENTS, "POST", "/o/{org}/quality/incidents/{incident}/grade/", 400),
    # audits (9.2): readers see the programmes and one audit; keepers open a programme (an empty
    # form: 400) and complete an audit (its open checklist items: refused, 422).
    Probe(C.VIEW_AUDITS, "GET", "/o/{org}/audits/", 200),
    Probe(C.VIEW_AUDITS, "GET", "audits/{audit}", 200),
    Probe(C.MANAGE_AUDITS, "POST", "/o/{org}/audits/", 400),
    Probe(C.MANAGE_AUDITS, "POST", "audits/{running_audit}/complete", 422, body={}),
    # reviews: readers see the list and one review with its pack; who holds them prepares one (empty: 400).
    Probe(C.VIEW_REVIEWS, "GET", "/o/{org}/reviews/", 200),
    Probe(C.VIEW_REVIEWS, "GET", "reviews/{review}", 200),
    Probe(C.MANAGE_REVIEWS, "POST", "/o/{org}/reviews/", 400),
)


def test_every_capability_a_page_or_operation_asks_for_has_a_probe() -> None:
    """Each capability a page or operation asks for is probed with the exact answer of every role."""
    assert {probe.capability for probe in PROBES} == set(PAGES.values()) | set(API.values())


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_gets_through_where_the_grid_says_x_and_is_refused_where_it_says_minus(
    db: None, role: Role
) -> None:
    ctx = build_organization("Probe GmbH", "probe", "PROBE-7c2e")
    draft = ctx.made["plan.draft"]
    # The seeded draft's new row is left incomplete on purpose; without it the draft goes to review.
    plan_actions.delete_row(ctx.admin, draft.rows.get(description__startswith="Entwurfszeile"))
    plan_actions.submit_for_review(ctx.admin, draft)
    member = make_member(ctx.organization, [role])
    tokens = {
        scope: actions.create_api_token(member, name=scope, scope=scope)[1] for scope in ("read", "write")
    }
    names = {
        "org": ctx.organization.slug,
        "ambassador": ctx.members[Role.AMBASSADOR].pk,
        "plan": ctx.made["plan.plan"].pk,
        "in_review": draft.pk,
        "topic": ctx.made["plan.topic"].pk,
        "row": ctx.made["plan.published_version"].rows.get().pk,
        "evidence": ctx.made["plan.evidence"].pk,
        "published": ctx.made["plan.published_version"].pk,
        "competence": ctx.made["competence.competence"].pk,
        "post": ctx.made["publishing.delivery"].post_id,
        "delivery": ctx.made["publishing.delivery"].pk,
        "standards_clause": ctx.made["standards.clause"].pk,
        "objective": ctx.made["objectives.manual"].pk,
        "risk": ctx.made["risks.risk"].pk,
        "incident": ctx.made["quality.incident"].pk,
        "audit": ctx.made["audits.completed"].pk,
        "running_audit": ctx.made["audits.running"].pk,
        "review": ctx.made["reviews.review"].pk,
    }
    client = Client()
    client.force_login(member.user)
    problems = []
    for probe in PROBES:
        path = probe.path.format(**names)
        may = probe.capability in ROLES[role]
        expected = probe.allowed if may else probe.refused
        if path.startswith("/o/"):
            answers = {"session": client.generic(probe.method, path).status_code}
        else:
            scopes = ("read", "write") if probe.capability in WRITES else ("write",)
            answers = {
                f"{scope} token": _api(client, tokens[scope], probe.method, path, probe.body).status_code
                for scope in scopes
            }
        for way, status in answers.items():
            # A read token reads with a write capability what the role shows; it changes nothing.
            reads = probe.method.upper() in ("GET", "HEAD", "OPTIONS")
            want = 403 if way == "read token" and not (reads and may) else expected
            if status != want:
                problems.append(
                    f"{probe.method} {path} ({way}): {status}, expected {want} "
                    f"({'may' if may else 'must not'}: {probe.capability.name})"
                )
    assert not problems, f"as {role.label}:\n" + "\n".join(problems)
