"""Test data, made through the same actions the product uses."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.utils.text import slugify

from resonanz.core import actions
from resonanz.core.models import Membership, Organization

_counter = itertools.count(1)
PASSWORD = "korrekt-Pferd-Batterie-9"


def make_organization(name: str = "Muster GmbH", **kwargs: str) -> Organization:
    number = next(_counter)
    slug = kwargs.pop("slug", f"{slugify(name)[:40]}-{number}")
    return actions.create_organization(None, name=name, slug=slug, **kwargs)


def make_member(
    organization: Organization,
    roles: Iterable[str] = ("ambassador",),
    *,
    email: str | None = None,
    full_name: str | None = None,
    language: str = "de",
    password: str = PASSWORD,
) -> Membership:
    number = next(_counter)
    admin = Membership.objects.filter(organization=organization, role_assignments__role="admin").first()
    return actions.add_member(
        admin,
        organization,
        email=email or f"person{number}@{organization.slug}.example",
        full_name=full_name or f"Person {number}",
        roles=list(roles),
        language=language,
        password=password,
        send_invitation=False,
    )
