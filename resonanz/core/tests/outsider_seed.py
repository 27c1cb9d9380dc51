"""Seeding for the outsider walk: fill an organization with one of everything, through actions.

The outsider walk (``test_outsider.py``) builds two organizations with these seeders and then attacks
one from the other. It fails when a model with an ``organization`` foreign key has no row in the
attacked organization, so every app that adds such a model must add a seeder as well:

    # resonanz/<app>/tests/outsider_seed.py
    from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder

    @outsider_seeder
    def seed_plan(ctx: SeedContext) -> None:
        channel = actions.create_channel(ctx.admin, name=f"Newsletter {ctx.marker}")
        ctx.made["plan.channel"] = channel

The walk imports ``<app>.tests.outsider_seed`` of every installed resonanz app, in the order of
``INSTALLED_APPS`` (core first, so later seeders may use what earlier ones put into ``ctx.made``).
Put ``ctx.marker`` into a name or description of every object you make: the walk fails when the
marker of the attacked organization shows up in any response to the outsider.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from resonanz.core import actions, checkpoints
from resonanz.core.actions import invitations as invitation_actions
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role

OUTSIDER_SEEDERS: list[Callable[[SeedContext], None]] = []


@dataclass
class SeedContext:
    """What a seeder gets: the organization, an acting admin holding every role, one member per role."""

    organization: Organization
    admin: Membership
    members: dict[Role, Membership]
    marker: str
    # Objects made by earlier seeders, for later ones (keys like "plan.channel").
    made: dict[str, Any] = field(default_factory=dict)


def outsider_seeder(function: Callable[[SeedContext], None]) -> Callable[[SeedContext], None]:
    if function not in OUTSIDER_SEEDERS:
        OUTSIDER_SEEDERS.append(function)
    return function


def resonanz_app_configs() -> list[Any]:
    return [config for config in apps.get_app_configs() if config.name.startswith("resonanz.")]


def load_seeders() -> list[Callable[[SeedContext], None]]:
    """Import every app's ``tests.outsider_seed`` module, so its seeders register themselves."""
    for config in resonanz_app_configs():
        name = f"{config.name}.tests.outsider_seed"
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is not None:
            importlib.import_module(name)
    return list(OUTSIDER_SEEDERS)


def build_organization(name: str, slug: str, marker: str) -> SeedContext:
    """An organization with an all-roles admin, one member per role, and whatever every seeder adds."""
    organization = actions.create_organization(None, name=f"{name} {marker}", slug=slug)
    admin = actions.add_member(
        None,
        organization,
        email=f"leitung.{marker.lower()}@{slug}.example",
        full_name=f"Admin {marker}",
        roles=Role.values,
        password="korrekt-Pferd-Batterie-9",
        job_title=f"Leitung {marker}",
        send_invitation=False,
    )
    ctx = SeedContext(organization=organization, admin=admin, members={}, marker=marker)
    for seeder in load_seeders():
        seeder(ctx)
    organization.refresh_from_db()
    return ctx


@outsider_seeder
def seed_core(ctx: SeedContext) -> None:
    """Members of every role (one of them deactivated), API tokens, changed settings: an audit trail."""
    slug = ctx.organization.slug
    for role in Role:
        ctx.members[role] = actions.add_member(
            ctx.admin,
            ctx.organization,
            email=f"{role.value.replace('_', '-')}.{ctx.marker.lower()}@{slug}.example",
            full_name=f"{role.label} {ctx.marker}",
            roles=[role.value],
            password="korrekt-Pferd-Batterie-9",
            job_title=f"{role.label} {ctx.marker}",
            unit=f"Einheit {ctx.marker}",
            location=f"Standort {ctx.marker}",
            send_invitation=False,
        )
    former = actions.add_member(
        ctx.admin,
        ctx.organization,
        email=f"former.{ctx.marker.lower()}@{slug}.example",
        full_name=f"Ehemalig {ctx.marker}",
        roles=[Role.AMBASSADOR],
        password="korrekt-Pferd-Batterie-9",
        send_invitation=False,
    )
    actions.set_member_active(ctx.admin, former, False)
    ctx.made["core.invitation"] = invitation_actions.invite_member(
        ctx.admin, email=f"eingeladen.{ctx.marker.lower()}@{slug}.example", roles=[Role.AMBASSADOR]
    )
    actions.set_member_roles(ctx.admin, ctx.members[Role.BUDDY], [Role.BUDDY, Role.AMBASSADOR])
    actions.update_member_details(ctx.admin, ctx.members[Role.BUDDY], job_title=f"Buddy-Leitung {ctx.marker}")
    actions.update_organization(ctx.admin, time_zone="Europe/Vienna")
    read_token, _plain = actions.create_api_token(ctx.admin, name=f"Lesen {ctx.marker}", scope="read")
    write_token, _plain = actions.create_api_token(ctx.admin, name=f"Schreiben {ctx.marker}", scope="write")
    revoked, _plain = actions.create_api_token(ctx.admin, name=f"Widerrufen {ctx.marker}", scope="read")
    actions.revoke_api_token(ctx.admin, revoked)
    ctx.made.update(
        {"core.former_member": former, "core.read_token": read_token, "core.write_token": write_token}
    )
    ctx.made["core.audit_checkpoint"] = checkpoints.make_checkpoint(ctx.organization)
