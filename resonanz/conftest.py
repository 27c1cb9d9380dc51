"""Fixtures shared by every app's tests. Data is made through actions, as the product makes it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization


@pytest.fixture(autouse=True)
def _services_required_under_ci(settings: object) -> None:
    """Under CI a run that was meant for PostgreSQL and Redis must really use them."""
    if os.environ.get("RESONANZ_REQUIRE_SERVICES"):
        from django.db import connection

        assert connection.vendor == "postgresql", "this run must use PostgreSQL"


@pytest.fixture(autouse=True)
def _own_file_storage(settings: Any, tmp_path: Path) -> None:
    """Each test stores files (uploads, kept PDFs) in its own folder: parallel test processes share
    the data directory, and one's kept PDF must not answer another's export."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "media")}},
    }


@pytest.fixture
def org(db: None) -> Organization:
    return make_organization("Muster GmbH")


@pytest.fixture
def other_org(db: None) -> Organization:
    return make_organization("Fremdfirma AG")


@pytest.fixture
def member_factory(db: None) -> Callable[..., Membership]:
    return make_member


@pytest.fixture
def admin_member(org: Organization) -> Membership:
    return make_member(org, ["admin"])


def login(client: Client, member: Membership) -> Client:
    client.force_login(member.user)
    return client


@pytest.fixture
def client_for(client: Client) -> Callable[[Membership], Client]:
    def make(member: Membership) -> Client:
        fresh = Client()
        fresh.force_login(member.user)
        return fresh

    return make
