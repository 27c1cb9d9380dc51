"""Fixtures shared by every app's tests. Data is made through actions, as the product makes it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from resonanz.core.models import Membership, Organization
from resonanz.core.tests import s3_server as s3
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.environment import Environment, default_storage_backend


@pytest.fixture(autouse=True)
def _actions_write_audit_records() -> Iterator[None]:
    """Every action a test runs fails if it changes the database without an audit record."""
    from resonanz.core.guards import AUDIT_CHECK

    AUDIT_CHECK.enabled = True
    yield
    AUDIT_CHECK.enabled = False


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request of a signed-in English reader leaves English active in its thread (in production
    the next request's LocaleMiddleware activates its own); the next test starts in the default."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _services_required_under_ci(settings: object) -> None:
    """Under CI a run that was meant for PostgreSQL and Redis must really use them."""
    if os.environ.get("RESONANZ_REQUIRE_SERVICES"):
        from django.db import connection

        assert connection.vendor == "postgresql", "this run must use PostgreSQL"


@pytest.fixture(autouse=True)
def _own_cache_keys(settings: Any) -> None:
    """Each test counts in its own keys: with Redis as the cache, counters (rate limits, lock-outs)
    outlive the test and would be shared by parallel test processes."""
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(autouse=True)
def _own_file_storage(settings: Any, tmp_path: Path) -> None:
    """Each test stores files (uploads, kept PDFs) in its own folder: parallel test processes share
    the data directory, and one's kept PDF must not answer another's export. A run against a bucket
    (RESONANZ_STORAGE_URL) gives each test its own prefix in it instead."""
    default = settings.STORAGES["default"]
    if default["BACKEND"].endswith("FileSystemStorage"):
        options = {**default.get("OPTIONS", {}), "location": str(tmp_path / "media")}
    else:
        options = {**default.get("OPTIONS", {}), "location": f"tests/{uuid.uuid4().hex}"}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


@pytest.fixture(scope="session")
def s3_server() -> Iterator[s3.S3Server]:
    """A real S3-compatible server (moto) on 127.0.0.1, one per test process, with a bucket and a key."""
    server, details = s3.start(s3.moto_server_class())
    yield details
    server.stop()


@pytest.fixture
def s3_storage(settings: Any, s3_server: s3.S3Server, tmp_path: Path) -> str:
    """``default_storage`` is the test bucket, configured as production does it: from
    ``RESONANZ_STORAGE_URL`` and the AWS variables. Returns the test's own prefix in the bucket."""
    prefix = f"tests/{uuid.uuid4().hex}"
    environment = Environment(
        {
            "RESONANZ_STORAGE_URL": s3_server.storage_url(prefix),
            "AWS_ACCESS_KEY_ID": s3_server.access_key,
            "AWS_SECRET_ACCESS_KEY": s3_server.secret_key,
        }
    )
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_backend(environment, tmp_path)}
    return prefix


@pytest.fixture
def committing_db(transactional_db: None) -> Iterator[None]:
    """Real commits, so ``on_commit`` work runs when an action commits, as in production (inside
    the request that gave it an uploaded file). The tables are emptied afterwards past the triggers
    that guard them."""
    from resonanz.core.tests.tampering import flush_past_triggers

    yield
    flush_past_triggers()


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
