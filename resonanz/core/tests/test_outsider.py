"""The outsider walk: every page and every API operation, attacked from another organization.

Organization A is filled with one of everything (see ``outsider_seed.py``); organization B likewise.
A member of B holding every role then requests every URL pattern and every API operation with A's
short name or A's object ids filled in, by GET and by POST with plausible form data. Nothing of A may
come back (A's marker never appears), the answer is a 404, and A is unchanged afterwards. Each request
with B's own values serves as the control that the URL was filled correctly.

Routes and operations are discovered from the URL resolver and django-ninja's routers (operations
hidden from the OpenAPI documentation too): a new page is walked without editing this file; a new
model with an ``organization`` needs a seeder. Every id-like member of an API body is filled with A's
ids, and every form a page shows is posted with A's ids, also when it posts to another URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from resonanz.core import actions
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.core.tasks import beat
from resonanz.core.tests.outsider_seed import SeedContext, build_organization, resonanz_app_configs
from resonanz.core.tests.url_walk import (
    ApiOperation,
    FormTarget,
    PageRoute,
    Tenant,
    api_operations,
    api_prefix,
    body_of,
    cross_tenant_references,
    foreign_bodies,
    form_targets,
    leaked,
    missing_id,
    model_for_field_name,
    models_for_param,
    page_routes,
    plausible_posts,
    query_params,
    referrer,
    registered_operations,
    request_body,
    sample_value,
    secrets_of,
    tenant_models,
    tenant_snapshot,
    walk_schema,
)
from resonanz.plan.models import Channel

MARKER_A = "GEHEIM-A-7f3c"
MARKER_B = "OFFEN-B-2d9e"

# Pages anyone may open without signing in. Keep this short; every entry needs its reason.
PUBLIC_ROUTES: dict[str, str] = {
    "login": "signing in",
    "login-two-factor": "the second step of signing in; it works only with a pending login in the session",
    "logout": "signing out needs no session",
    "password_reset": "asking for a new password",
    "password_reset_done": "the confirmation that the e-mail was sent",
    "password_reset_confirm": "the link from that e-mail",
    "password_reset_complete": "the confirmation that the password was set",
    "set-language": "the language switch on the sign-in page",
    "healthz": "load balancers and monitoring probe it without an account",
    "invitation": "the link from an invitation e-mail: its token is the key, and a wrong one finds nothing",
    "calendar_feed": "calendar programs fetch a feed without signing in; its secret token is the key",
}
# Parts of the API anyone may read: the description of the API, not its data.
PUBLIC_API = {"openapi.json", "docs"}


@dataclass
class World:
    a: SeedContext
    b: SeedContext
    # A consultant with every role in both organizations: working in B, they must still not reach A's
    # objects through B's URLs (a view must check the object's organization, not just the user).
    consultant_b: Membership
    failures: list[str] = field(default_factory=list)
    # Every request the walk made, as "METHOD url -> status", to show what was covered.
    requests: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def report(self) -> str:
        shown = self.failures[:40]
        more = f"\n… and {len(self.failures) - 40} more" if len(self.failures) > 40 else ""
        return f"{len(self.failures)} problems:\n" + "\n".join(shown) + more


@pytest.fixture
def world(db: None) -> World:
    beat("outsider-walk")  # so /healthz answers 200, not 503 for a missing worker
    a = build_organization("Muster GmbH", "muster-a", MARKER_A)
    b = build_organization("Fremd AG", "fremd-b", MARKER_B)
    consultant_b = actions.add_member(
        b.admin,
        b.organization,
        email="berater@beratung.example",
        full_name="Berta Berater",
        roles=Role.values,
        password="korrekt-Pferd-Batterie-9",
        send_invitation=False,
    )
    actions.add_member(
        a.admin,
        a.organization,
        email="berater@beratung.example",
        full_name="Berta Berater",
        roles=Role.values,
        send_invitation=False,
    )
    return World(a, b, consultant_b)


def _refuses_method(response: HttpResponseBase, method: str) -> bool:
    return response.status_code == 405 and method.upper() not in response.get("Allow", "")


# ---------------------------------------------------------------- the seeding


def test_the_seeding_fills_every_model_that_belongs_to_an_organization(world: World) -> None:
    organization = world.a.organization
    missing = [
        model._meta.label
        for model in tenant_models()
        if not model._default_manager.filter(organization=organization).exists()
    ]
    assert not missing, (
        f"The outsider walk has no rows of {', '.join(missing)} to attack. Add a seeder to "
        "resonanz/<app>/tests/outsider_seed.py (see resonanz/core/tests/outsider_seed.py)."
    )
    unmarked = []
    # Hashes, key ids and signatures only: nothing anyone wrote, so nothing that could carry the marker.
    # The monthly reach rows are the person dimension's only: their keys are membership ids. An alarm of
    # the monitoring holds figures and the key of the incident it opened, nothing anyone wrote.
    unmarkable = {"core.AuditCheckpoint", "reach.ReachMonthly", "monitoring.MonitoringAlarm"}
    for model in tenant_models():
        if model._meta.label in unmarkable:
            continue
        texts = [
            f.name
            for f in model._meta.fields
            if f.get_internal_type() in ("CharField", "TextField", "JSONField") and not f.choices
        ]
        rows = model._default_manager.filter(organization=organization).values_list(*texts) if texts else []
        if texts and not any(MARKER_A.lower() in str(row).lower() for row in rows):
            unmarked.append(model._meta.label)
    assert not unmarked, f"Put ctx.marker into a name or description of the seeded {', '.join(unmarked)}."
    assert {Role(role) for m in world.a.members.values() for role in m.roles} == set(Role)


def test_the_walk_finds_the_pages_and_operations_it_must_attack(world: World, client: Client) -> None:
    names = {route.name for route in page_routes()}
    assert {"member-detail", "audit-detail", "api-token-revoke", "audit-export-csv", "login"} <= names
    assert not any(route.route.startswith(("admin/", "api/")) for route in page_routes())
    schema = client.get(f"{api_prefix()}openapi.json").json()
    paths = {str(operation) for operation in api_operations(schema)}
    assert {"GET /api/v1/memberships/{membership_id}", "PATCH /api/v1/organizations/current"} <= paths


def test_every_url_parameter_names_what_it_fills(db: None, client: Client) -> None:
    problems = [problem for route in page_routes() for problem in route.problems()]
    schema = walk_schema()
    for operation in api_operations(schema):
        for param in operation.path_params:
            if not models_for_param(param):
                problems.append(
                    f"{operation}: {{{param}}} names no model of a resonanz app (use <model_name>_id)"
                )
    assert not problems, "\n".join(problems)


def test_id_parameters_map_to_resonanz_models() -> None:
    assert [m._meta.label for m in models_for_param("audit_record_id")] == ["core.AuditRecord"]
    assert [m._meta.label for m in models_for_param("membership_id")] == ["core.Membership"]
    assert [m._meta.label for m in models_for_param("apitoken_id")] == ["core.ApiToken"]
    assert models_for_param("session_id") == []
    assert models_for_param("user_pk") == []
    assert all(config.name.startswith("resonanz.") for config in resonanz_app_configs())


def test_body_members_map_to_the_model_they_point_at() -> None:
    def labels(name: str) -> list[str]:
        return [model._meta.label for model in model_for_field_name(name)]

    assert labels("channel_ids") == ["plan.Channel"]
    assert labels("row_ids") == ["plan.PlanRow"]
    # A buddy pair's coaching plan ends in "plan" too: a plan_id is tried as both.
    assert labels("plan_id") == ["plan.CommunicationPlan", "buddy.CoachingPlan"]
    assert labels("owner_id") == labels("sender_ids") == labels("approver_id") == ["core.Membership"]
    assert labels("target") == labels("position") == labels("comment") == []


def test_operations_hidden_from_the_schema_are_walked_too(
    db: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.api import api

    hidden = "GET /api/v1/plan/evidence/{evidence_id}"
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for operation in view.operations:
                if operation.view_func.__name__ == "get_evidence":
                    monkeypatch.setattr(operation, "include_in_schema", False)

    documented = {
        str(operation) for operation in api_operations(client.get(f"{api_prefix()}openapi.json").json())
    }
    walked = {str(operation) for operation in api_operations(walk_schema())}

    assert hidden not in documented, "the operation is hidden from the documentation"
    assert hidden in walked and hidden in registered_operations()
    assert registered_operations() == walked


def test_every_id_like_body_member_gets_the_other_organizations_ids_whatever_its_name(world: World) -> None:
    schema: dict[str, Any] = {
        "components": {"schemas": {}},
        "paths": {},
    }
    body = {
        "type": "object",
        "required": ["note"],
        "properties": {
            "note": {"type": "string"},
            "target": {"type": "integer"},
            "channel_ids": {"type": "array", "items": {"type": "integer"}},
            "owner_id": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
    }
    operation = ApiOperation(
        "post", "/api/v1/x", {"requestBody": {"content": {"application/json": {"schema": body}}}}
    )
    a = Tenant(world.a.organization, world.a.admin)

    bodies = foreign_bodies(schema, operation, a)

    by_member: dict[str, list[Any]] = {}
    for foreign in bodies:
        assert foreign.body["note"], "required members stay filled"
        (member,) = set(foreign.body) - {"note"}  # one id-like member per body
        by_member.setdefault(member, []).append(foreign)
    channels = [row.pk for row in a.objects(Channel)][:3]
    assert [(f.body["channel_ids"], f.names_foreign_objects) for f in by_member["channel_ids"]] == [
        (channels, True)
    ]
    assert [f.body["owner_id"] for f in by_member["owner_id"]] == [a.objects(Membership)[0].pk]
    targets = {foreign.body["target"] for foreign in by_member["target"]}
    assert not any(foreign.names_foreign_objects for foreign in by_member["target"])
    for model in tenant_models():
        assert a.objects(model)[0].pk in targets, f"target never holds an id of {model._meta.label}"


def test_forms_that_post_to_another_page_are_found_with_their_fields(db: None) -> None:
    page = (
        '<form method="post" action="/o/fremd-b/plan/rows/7/move/" hx-post="/o/fremd-b/plan/rows/7/move/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
        '<button name="direction" value="up">hoch</button>'
        '<button name="direction" value="down">runter</button>'
        "</form>"
        '<form method="post" action=""><input name="note"></form>'
        '<form method="get" action="/o/fremd-b/plan/"><input name="q"></form>'
    )

    (target,) = form_targets(page, "/o/fremd-b/plan/1/", lambda name: None)

    assert target.route.name == "plan_row_move"
    assert dict(target.values) == {"org": "fremd-b", "plan_row_id": 7}
    assert dict(target.data) == {"direction": "up"}


# ---------------------------------------------------------------- pages


class PageWalk:
    """Requests one page pattern in every way that involves organization A, as B's member."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.a = Tenant(world.a.organization, world.a.admin)
        self.b = Tenant(world.b.organization, world.b.admin)
        self.consultant = Tenant(world.b.organization, world.consultant_b)
        self.secrets = secrets_of(world.a.organization, MARKER_A)
        self.client = Client()
        # Forms B's pages show that post to another URL (a row's move buttons on the matrix page).
        self.form_targets: list[FormTarget] = []

    def request(
        self, who: Membership, method: str, url: str, data: Mapping[str, Any] | None = None
    ) -> HttpResponseBase:
        self.client.force_login(who.user)  # again each time: a walked logout must not end the walk
        if method == "post":
            response = self.client.post(url, data or {})
        else:  # "htmx" asks for the partial an htmx request gets: a code path of its own
            headers = {"HX-Request": "true"} if method == "htmx" else {}
            response = self.client.get(url, headers=headers)
        self.world.requests.append(
            f"{method.upper()} {url} {dict(data or {})} as {who.user.email} -> {response.status_code}"
        )
        if response.status_code >= 500:
            self.world.fail(f"{method.upper()} {url}: {response.status_code}")
        return response

    def check_leak(self, method: str, url: str, response: HttpResponseBase) -> None:
        found = leaked(body_of(response), self.secrets)
        if found:
            self.world.fail(f"{method.upper()} {url}: the answer contains A's {found[0]!r}")

    def expect_404(
        self, who: Membership, method: str, url: str, data: Mapping[str, Any] | None = None
    ) -> None:
        response = self.request(who, method, url, data)
        if who == self.world.b.admin:
            self.check_leak(method, url, response)
        if response.status_code != 404 and not _refuses_method(
            response, "post" if method == "post" else "get"
        ):
            self.world.fail(
                f"{method.upper()} {url} as {who.user.email}: {response.status_code}, expected 404"
            )

    def walk(self, route: PageRoute) -> None:
        if route.problems():
            self.world.fail("; ".join(route.problems()))
            return
        id_params = {param: models_for_param(param) for param in route.id_params}
        own = self.b.consistent(id_params)
        if own is None:
            self.world.fail(
                f"{route}: organization B has no objects to fill {list(id_params)}; extend the seeding"
            )
            return
        values_b: dict[str, object] = {p: sample_value(route, p) for p in route.params}
        values_b.update({param: row.pk for param, row in own.items()})
        if route.is_org_scoped:
            values_b["org"] = self.world.b.organization.slug
        outsider = self.world.b.admin
        url_b = route.url(values_b)

        # The control: with B's own values the page is there (so the 404s below mean something).
        response = self.request(outsider, "get", url_b)
        self.check_leak("get", url_b, response)
        if (route.is_org_scoped or id_params) and response.status_code == 404:
            self.world.fail(f"GET {url_b}: 404 with B's own values; the walk cannot fill this route")
        posts = (
            plausible_posts(body_of(response), url_b, referrer(self.a))
            if response.status_code == 200
            else [{}]
        )
        if response.status_code == 200:
            self.form_targets += form_targets(body_of(response), url_b, referrer(self.a))
        # B's newest objects show other forms (a draft's rows have move buttons, a superseded one not).
        newest = list(self.b.combinations(id_params))[-1] if id_params else own
        if newest != own:
            url_newest = route.url({**values_b, **{param: row.pk for param, row in newest.items()}})
            seen = self.request(outsider, "get", url_newest)
            if seen.status_code == 200:
                self.form_targets += form_targets(body_of(seen), url_newest, referrer(self.a))
        get_refused = _refuses_method(response, "get")

        # Filters in the query string that name A's objects.
        probe = {
            name: self.a.objects(model)[0].pk
            for model in tenant_models()
            for name in (f"{model._meta.model_name}", f"{model._meta.model_name}_id")
            if self.a.objects(model)
        }
        for method in ("get", "htmx"):
            self.check_leak(
                method, f"{url_b}?…", self.request(outsider, method, f"{url_b}?{urlencode(probe)}")
            )

        if not route.is_org_scoped and not id_params:
            # Outside any organization: B's POSTs must neither leak A nor touch it.
            for data in posts:
                self.check_leak("post", url_b, self.request(outsider, "post", url_b, data))
            return

        for url in self.foreign_urls(route, values_b, id_params):
            self.expect_404(outsider, "get", url)
            self.expect_404(outsider, "htmx", url)
            for data in posts:
                self.expect_404(outsider, "post", url, data)
            if url.startswith(f"/o/{self.world.b.organization.slug}/") or not route.is_org_scoped:
                self.expect_404(self.world.consultant_b, "get", url)
                for data in posts:
                    self.expect_404(self.world.consultant_b, "post", url, data)

        if route.is_org_scoped and not id_params:
            for data in posts:
                self.check_leak("post", url_b, self.request(outsider, "post", url_b, data))
        elif get_refused:
            # A POST-only page (e.g. revoking a token): with B's own ids the POST gets through.
            response = self.request(outsider, "post", url_b, posts[0])
            self.check_leak("post", url_b, response)
            # (A 403 may be an object's own rule, e.g. only the plan's owner records its review.)
            if response.status_code in (404, 405):
                self.world.fail(
                    f"POST {url_b}: {response.status_code} with B's own values; the control failed"
                )

    def foreign_urls(
        self, route: PageRoute, values_b: Mapping[str, object], id_params: Mapping[str, list[Any]]
    ) -> list[str]:
        """The route's URL with A's short name or A's objects in place of B's, each URL once."""
        cases: list[dict[str, object]] = []
        if route.is_org_scoped:
            own_a = self.a.consistent(id_params) or {}
            cases.append(
                {**values_b, "org": self.world.a.organization.slug, **{p: r.pk for p, r in own_a.items()}}
            )
            cases.append({**values_b, "org": self.world.a.organization.slug})
        foreign = self.a.consistent(id_params)
        if id_params and foreign is not None:
            cases.append({**values_b, **{param: row.pk for param, row in foreign.items()}})
        for param, models in id_params.items():
            for model in models:
                for row in self.a.sample(model):
                    cases.append({**values_b, param: row.pk})
        return list(dict.fromkeys(route.url(values) for values in cases))  # each URL once, in order

    def walk_form_target(self, target: FormTarget) -> None:
        """Post a form found on another page, as it was filled there, to the target's URLs for A."""
        route = target.route
        if route.problems() or not (route.is_org_scoped or route.id_params):
            return
        id_params = {param: models_for_param(param) for param in route.id_params}
        values_b = {param: target.values[param] for param in route.params}
        for url in self.foreign_urls(route, values_b, id_params):
            self.expect_404(self.world.b.admin, "post", url, target.data)
            if url.startswith(f"/o/{self.world.b.organization.slug}/"):
                self.expect_404(self.world.consultant_b, "post", url, target.data)


def test_an_outsider_reaches_nothing_of_another_organization_through_any_page(world: World) -> None:
    walk = PageWalk(world)
    baseline = tenant_snapshot(world.a.organization)
    routes = page_routes()
    for route in routes:
        # The walk takes minutes on a busy machine: keep the heartbeat fresher than /healthz's 3 minutes.
        beat("outsider-walk")
        walk.walk(route)
        after = tenant_snapshot(world.a.organization)
        if after != baseline:
            changed = [key for key in after if after[key] != baseline.get(key)]
            world.fail(f"{route}: organization A changed ({', '.join(changed)})")
            baseline = after
    # Each form posting elsewhere once per target and set of fields (every row has its move buttons).
    targets = {(target.route.route, tuple(sorted(target.data))): target for target in walk.form_targets}
    for target in targets.values():
        walk.walk_form_target(target)
        after = tenant_snapshot(world.a.organization)
        if after != baseline:
            changed = [key for key in after if after[key] != baseline.get(key)]
            world.fail(f"{target}: organization A changed ({', '.join(changed)})")
            baseline = after
    world.failures.extend(cross_tenant_references())
    assert len(routes) > 10
    assert len(targets) >= 5, "the walk must find the forms that post to other pages"
    assert not world.failures, world.report()


def test_anyone_signed_out_is_sent_to_the_login_page(world: World) -> None:
    login_url = reverse(settings.LOGIN_URL)
    secrets = [*secrets_of(world.a.organization, MARKER_A), *secrets_of(world.b.organization, MARKER_B)]
    problems = []
    client = Client()  # one client: each new one scans every static file once
    for route in page_routes():
        if route.problems():
            continue
        values: dict[str, object] = {p: sample_value(route, p) for p in route.params}
        own = Tenant(world.a.organization, world.a.admin).consistent(
            {param: models_for_param(param) for param in route.id_params}
        )
        values.update({param: missing_id() for param in route.id_params})
        values.update({param: row.pk for param, row in (own or {}).items()})
        values["org"] = world.a.organization.slug
        url = route.url({k: v for k, v in values.items() if k in route.params})
        for method in ("get", "post"):
            client.cookies.clear()
            response = client.get(url) if method == "get" else client.post(url, {})
            if leaked(body_of(response), secrets):
                problems.append(f"{method.upper()} {url}: shows an organization's data to anyone")
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {url}: {response.status_code}")
            if route.name in PUBLIC_ROUTES:
                continue
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(login_url):
                problems.append(
                    f"{method.upper()} {url}: {response.status_code} {location!r}, expected a redirect to "
                    f"{login_url} (or add the page to PUBLIC_ROUTES with a reason)"
                )
    assert not problems, "\n".join(problems)


def test_the_admin_site_is_closed_to_members(world: World, client: Client) -> None:
    client.force_login(world.b.admin.user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]


# ---------------------------------------------------------------- API


class ApiWalk:
    def __init__(self, world: World, schema: Mapping[str, Any]) -> None:
        self.world = world
        self.schema = schema
        self.a = Tenant(world.a.organization, world.a.admin)
        self.b = Tenant(world.b.organization, world.b.admin)
        self.secrets = secrets_of(world.a.organization, MARKER_A)
        _token, self.outsider_token = actions.create_api_token(world.b.admin, name="Walk", scope="write")
        _token, self.consultant_token = actions.create_api_token(
            world.consultant_b, name="Walk", scope="write"
        )
        self.client = Client()
        self.walked: set[str] = set()

    def call(
        self,
        token: str,
        operation: ApiOperation,
        values: Mapping[str, object],
        refer: Callable[[str], str | None],
        body: Any = None,
    ) -> HttpResponseBase:
        self.walked.add(str(operation))
        url = operation.url(values)
        query = query_params(self.schema, operation, refer)
        if query:
            url = f"{url}?{urlencode(query, doseq=True)}"
        if body is None:
            body = request_body(self.schema, operation, refer)
        response = self.client.generic(
            operation.method.upper(),
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        self.world.requests.append(f"{operation.method.upper()} {url} {body} -> {response.status_code}")
        if response.status_code >= 500:
            self.world.fail(f"{operation} {url}: {response.status_code} {body_of(response)[:200]}")
        if token == self.outsider_token:
            found = leaked(body_of(response), self.secrets)
            if found:
                self.world.fail(f"{operation.method.upper()} {url}: the answer contains A's {found[0]!r}")
        return response

    def walk(self, operation: ApiOperation) -> None:
        params = {param: models_for_param(param) for param in operation.path_params}
        if not all(params.values()):
            self.world.fail(f"{operation}: a path parameter names no resonanz model (use <model_name>_id)")
            return
        own = self.b.consistent(params)
        if own is None:
            self.world.fail(
                f"{operation}: organization B has no objects to fill {list(params)}; extend the seeding"
            )
            return
        values_b = {param: row.pk for param, row in own.items()}
        refer_a, refer_b = referrer(self.a), referrer(self.b)
        control = self.call(self.outsider_token, operation, values_b, refer_b)
        if params and control.status_code == 404:
            self.world.fail(f"{operation} with B's own ids: 404; the walk cannot fill it")
        # B's own path, A's ids in the body: under any name, of every model. B's oldest and newest
        # objects in the path, so a body reaches a draft too, not only frozen versions.
        owns = list(self.b.combinations(params))
        for values in dict.fromkeys(
            tuple((p, row.pk) for p, row in own.items()) for own in (owns[0], owns[-1])
        ):
            for foreign in foreign_bodies(self.schema, operation, self.a):
                answer = self.call(self.outsider_token, operation, dict(values), refer_a, foreign.body)
                if foreign.names_foreign_objects and not 400 <= answer.status_code < 500:
                    self.world.fail(
                        f"{operation.method.upper()} {operation.url(dict(values))} with A's ids in the body "
                        f"({foreign.label}): {answer.status_code}, expected a refusal"
                    )
        if not params:
            # No id in the path: the body and query may still name A's objects.
            self.call(self.outsider_token, operation, {}, refer_a)
            return
        cases: list[dict[str, Any]] = []
        in_a = self.a.consistent(params)
        if in_a is not None:
            cases.append({param: row.pk for param, row in in_a.items()})
        for param, models in params.items():
            for model in models:
                cases.extend({**values_b, param: row.pk} for row in self.a.sample(model))
        for case in cases:
            missing = {
                param: (missing_id() if case[param] != values_b[param] else case[param]) for param in params
            }
            for who, token in (("outsider", self.outsider_token), ("consultant", self.consultant_token)):
                status = self.call(token, operation, case, refer_a).status_code
                unknown = self.call(token, operation, missing, refer_a).status_code
                if status != 404 and not (400 <= status < 500 and status == unknown):
                    self.world.fail(
                        f"{operation.method.upper()} {operation.url(case)} as {who}: {status} "
                        f"(for an unknown id: {unknown}), expected 404"
                    )


def test_an_outsider_reaches_nothing_of_another_organization_through_the_api(
    world: World, client: Client
) -> None:
    schema = walk_schema()
    walk = ApiWalk(world, schema)
    baseline = tenant_snapshot(world.a.organization)
    operations = api_operations(schema)
    for operation in operations:
        walk.walk(operation)
        after = tenant_snapshot(world.a.organization)
        if after != baseline:
            changed = [key for key in after if after[key] != baseline.get(key)]
            world.fail(f"{operation}: organization A changed ({', '.join(changed)})")
            baseline = after
    world.failures.extend(cross_tenant_references())
    world.failures.extend(
        f"{missing}: served by the API but never walked"
        for missing in sorted(registered_operations() - walk.walked)
    )
    assert len(operations) >= 8
    assert not world.failures, world.report()


def test_the_api_answers_anyone_without_a_valid_token_with_401_problem_json(
    world: World, client: Client
) -> None:
    schema = walk_schema()
    revoked = world.a.organization.api_tokens.filter(revoked_at__isnull=False).first()
    assert revoked is not None
    a = Tenant(world.a.organization, world.a.admin)
    problems = []
    for operation in api_operations(schema):
        own = a.consistent({param: models_for_param(param) for param in operation.path_params}) or {}
        url = operation.url(
            {param: own[param].pk if param in own else missing_id() for param in operation.path_params}
        )
        for authorization in ("", "Bearer nonsense", f"Bearer rz_{revoked.prefix}_guessed", "Basic YTpi"):
            extra: dict[str, Any] = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
            response = client.generic(
                operation.method.upper(), url, "{}", content_type="application/json", **extra
            )
            if response.status_code != 401 or response["Content-Type"] != "application/problem+json":
                problems.append(f"{operation} with {authorization or 'no token'!r}: {response.status_code}")
            elif json.loads(response.content)["status"] != 401 or leaked(body_of(response), [MARKER_A]):
                problems.append(f"{operation}: the 401 body is not a clean problem+json")
    assert not problems, "\n".join(problems)
    for public in PUBLIC_API:
        assert client.get(f"{api_prefix()}{public}").status_code == 200
