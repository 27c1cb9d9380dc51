"""Test data, made through the same actions the product uses."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from typing import Any

from django.test import Client
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


# One client for all callers: each new Client loads the middleware again, and WhiteNoise then scans
# every static file; the token travels in each request's headers instead.
_API_CLIENT = Client()


class ApiCaller:
    """A member calling one part of the API (``/api/v1/<part>``) with a personal token of ``scope``."""

    def __init__(self, member: Membership, api: str, scope: str = "write", language: str = "de") -> None:
        _token, plain = actions.create_api_token(member, name="Test", scope=scope)
        self.api = api
        self.member = member
        self.headers: dict[str, Any] = {
            "HTTP_AUTHORIZATION": f"Bearer {plain}",
            "HTTP_ACCEPT_LANGUAGE": language,
        }

    def get(self, path: str, **query: Any) -> Any:
        return _API_CLIENT.get(self.api + path, query or None, **self.headers)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        call = getattr(_API_CLIENT, method)
        return call(
            self.api + path, data=json.dumps(body or {}), content_type="application/json", **self.headers
        )
