"""The works council sees roles and counts, never individual people: a walk over every page and API
operation it can reach, in an organization set up like the demo (its plan, versions and evidence), fails
on any person's name.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from resonanz.core import actions as core_actions
from resonanz.core.demo import DEMO_LOGINS
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.url_walk import (
    Tenant,
    api_operations,
    body_of,
    models_for_param,
    page_routes,
    query_params,
    referrer,
    sample_value,
    walk_schema,
)
from resonanz.plan.demo import load_plan_demo
from resonanz.plan.models import PlanRow, VersionStatus

# Colleagues who send as ambassadors and buddies, as the demo's 780 consultants do.
COLLEAGUES: list[tuple[str, list[Role]]] = [
    ("Henrike Vogelsang", [Role.AMBASSADOR]),
    ("Emil Brückner", [Role.AMBASSADOR, Role.BUDDY]),
    ("Leonie Staudinger", [Role.AMBASSADOR]),
]


@pytest.fixture
def rheinblick(db: None) -> tuple[Organization, Membership]:
    """The demo's consultancy: its eight logins, some colleagues, and its plan in three versions."""
    organization = core_actions.create_organization(
        None, name="Rheinblick Consulting GmbH", slug="rheinblick", time_zone="Europe/Berlin"
    )
    admin_login = next(login for login in DEMO_LOGINS if login.role == Role.ADMIN)
    admin = core_actions.add_member(
        None,
        organization,
        email=admin_login.email,
        full_name=admin_login.full_name,
        roles=[Role.ADMIN],
        job_title=admin_login.job_title,
        unit=admin_login.unit,
        send_invitation=False,
    )
    members = [admin]
    people: list[tuple[str, list[Role], str]] = [
        (login.full_name, [login.role], login.email) for login in DEMO_LOGINS if login.role != Role.ADMIN
    ]
    people += [(name, roles, f"{name.split()[0].lower()}@rheinblick.example") for name, roles in COLLEAGUES]
    for name, roles, email in people:
        members.append(
            core_actions.add_member(
                admin,
                organization,
                email=email,
                full_name=name,
                roles=roles,
                job_title="Consultant",
                unit="Nachhaltigkeit & ESG",
                send_invitation=False,
            )
        )
    load_plan_demo(organization, members)
    council = next(member for member in members if Role.WORKS_COUNCIL in member.roles)
    return organization, council


def _names(organization: Organization, council: Membership) -> dict[str, str]:
    """Every other person's name (and address) in the organization, by what it is."""
    found = {}
    for member in Membership.objects.filter(organization=organization).select_related("user"):
        if member.pk == council.pk:
            continue
        found[member.user.full_name] = f"name of {member.user.email}"
        found[member.user.email] = "an e-mail address"
    return found


def _leaks(text: str, names: dict[str, str]) -> list[str]:
    return [f"{what} ({name!r})" for name, what in names.items() if name and name in text]


def test_no_page_or_operation_the_works_council_reaches_names_a_person(
    rheinblick: tuple[Organization, Membership],
) -> None:
    organization, council = rheinblick
    names = _names(organization, council)
    tenant = Tenant(organization, council)
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(council.user)
    published = PlanRow.objects.filter(
        version__plan__organization=organization, version__status=VersionStatus.PUBLISHED
    )
    found: list[str] = []
    reached: list[str] = []

    def visit(url: str, **headers: str) -> None:
        response = client.get(url, headers=headers)
        if response.status_code == 200:
            reached.append(url)
            found.extend(f"{url}: {leak}" for leak in _leaks(body_of(response), names))

    for route in page_routes():
        if not route.is_org_scoped or route.name in ("logout",):
            continue
        params = {param: models_for_param(param) for param in route.id_params}
        choices = list(tenant.combinations(params)) if params else [{}]
        for chosen in choices[:3]:
            values: dict[str, object] = {name: row.pk for name, row in chosen.items()}
            for param in route.params:
                if param == "org":
                    values[param] = organization.slug
                elif param not in values:
                    values[param] = route.default_kwargs.get(param, sample_value(route, param))
            visit(route.url(values))
    # Each published row as the matrix swaps it in (htmx), and the matrix filtered by every sender.
    for row in published:
        visit(f"/o/{organization.slug}/plan/rows/{row.pk}/", HX_Request="true", HX_Target=f"row-{row.pk}")

    _token, token = core_actions.create_api_token(council, name="Prüfung", scope="read")
    schema = walk_schema()
    refer = referrer(tenant)
    api = Client()
    for operation in api_operations(schema):
        if operation.method != "get":
            continue
        params = {param: models_for_param(param) for param in operation.path_params}
        for chosen in list(tenant.combinations(params))[:6] if params else [{}]:
            url = operation.url({name: row.pk for name, row in chosen.items()})
            query = query_params(schema, operation, refer)
            if query:
                url = f"{url}?{urlencode(query, doseq=True)}"
            response = api.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            if response.status_code == 200:
                reached.append(url)
                text = body_of(response)
                if response.get("Content-Type", "").startswith("application/json"):
                    text = json.dumps(json.loads(text), ensure_ascii=False)
                found.extend(f"API {url}: {leak}" for leak in _leaks(text, names))

    assert any("/people/" in url for url in reached) and any("/calendar/" in url for url in reached)
    assert any(url.startswith("/api/") and "/rows" in url for url in reached), "the API is walked too"
    assert not found, "\n".join(found)
